package com.busos.campaign.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.admin.BadTokenGuard;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.redis.RedisSuppressionStore;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.testing.ManualClock;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The console's pages and forms over a real Redis: the session, CSRF, the changes, escaping, bounds. */
class ConsoleTest {
    private static final String TOKEN = "console-test-admin-token-0123";
    private static final String PREFIX = "/function/campaign-admin";
    private static final String LEAD = "ada.console@example.com";
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private TestCampaign env;
    private UnifiedJedis redis;
    private Schedule schedule;
    private Suppressions suppressions;
    private Console console;
    private ManualClock clock;
    private final Map<Setting, String> settings = new EnumMap<>(Setting.class);
    private final Map<LocalDate, Long> delivered = new HashMap<>();
    private final Map<String, Long> enrolled = new HashMap<>();

    @BeforeEach
    void setUp() {
        env = new TestCampaign();
        redis = TestRedis.client();
        schedule = new Schedule(redis, env.redisPrefix);
        suppressions = new Suppressions(new RedisSuppressionStore(redis, env.redisPrefix));
        clock = new ManualClock(Instant.now());
        settings.putAll(env.settings());
        settings.put(Setting.ADMIN_TOKEN, TOKEN);
        Campaign campaign = new Campaign(CampaignConfig.of(settings), clock);
        Log log = Log.to("campaign-admin", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CampaignCounts counts = new CampaignCounts() {
            @Override
            public Map<LocalDate, Long> deliveredPerDay(LocalDate fromInclusive, LocalDate toInclusive) {
                Map<LocalDate, Long> days = new HashMap<>();
                delivered.forEach((day, count) -> {
                    if (!day.isBefore(fromInclusive) && !day.isAfter(toInclusive)) days.put(day, count);
                });
                return days;
            }

            @Override
            public Map<String, Long> enrolledPerSequence() {
                return enrolled;
            }
        };
        console = new Console(
                Optional.of(TOKEN),
                new BadTokenGuard(clock),
                () -> campaign.admin(log),
                () -> schedule,
                () -> suppressions,
                () -> counts,
                clock);
    }

    @AfterEach
    void tearDown() {
        redis.close();
        env.close();
    }

    private ConsoleAnswer get(String path, String session, Map<String, String> query) {
        return console.handle(new ConsoleRequest(path, query, null, session, "203.0.113.7", PREFIX, false));
    }

    private ConsoleAnswer post(String path, String session, Map<String, String> form) {
        return console.handle(new ConsoleRequest(path, Map.of(), form, session, "203.0.113.7", PREFIX, false));
    }

    private String signIn() {
        ConsoleAnswer answer = post("/console/sign-in", null, Map.of("token", TOKEN));
        assertEquals(200, answer.status(), answer.body());
        String cookie = answer.headers().get("Set-Cookie");
        return cookie.substring(ConsoleSession.COOKIE.length() + 1, cookie.indexOf(';'));
    }

    private static String csrf(ConsoleAnswer page) {
        Matcher csrf = CSRF.matcher(page.body());
        assertTrue(csrf.find(), page.body());
        return csrf.group(1);
    }

    private String dead(String email, int number, String error) {
        ScheduledSend send = new ScheduledSend("5day", number, "5-Day E" + number, email, "tracker-c", Map.of());
        schedule.add(send, Instant.parse("2020-01-01T00:00:00Z"));
        for (ClaimedSend claim : schedule.claimDue(100, Duration.ofMinutes(5), 8)) {
            if (claim.id().equals(send.id())) schedule.deadLetter(claim, error);
            else schedule.release(claim);
        }
        assertTrue(schedule.deadAt(send.id()).isPresent());
        return send.id();
    }

    private static void assertSecured(ConsoleAnswer answer) {
        assertEquals("no-store", answer.headers().get("Cache-Control"));
        assertEquals("DENY", answer.headers().get("X-Frame-Options"));
        assertEquals("no-referrer", answer.headers().get("Referrer-Policy"));
        String csp = answer.headers().get("Content-Security-Policy");
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("script-src"), csp);
        assertFalse(answer.body().toLowerCase().contains("<script"), "no script on any page");
    }

    @Test
    void withoutASessionEveryPageIsTheSignInForm() {
        for (String path : List.of("/", "/console/dead", "/console/lead", "/console/suppressed", "/console/chart")) {
            ConsoleAnswer page = get(path, null, Map.of());
            assertEquals(200, page.status(), path);
            assertTrue(page.body().contains("type=\"password\""), path);
            assertTrue(page.body().contains("action=\"" + PREFIX + "/console/sign-in\""), path);
            assertFalse(page.body().contains("Dead letters</h1>"), path);
            assertSecured(page);
        }
        assertEquals(200, get("/", "v1.9999999999.forged.mac", Map.of()).status());
        assertTrue(get("/", "v1.9999999999.forged.mac", Map.of()).body().contains("type=\"password\""));
    }

    @Test
    void theRightTokenSignsInWithAStrictHttpOnlyPathScopedCookie() {
        ConsoleAnswer answer = post("/console/sign-in", null, Map.of("token", TOKEN));
        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("Overview</h1>"), "the overview, no redirect: " + answer.body());
        assertFalse(answer.headers().containsKey("Location"));
        String cookie = answer.headers().get("Set-Cookie");
        assertTrue(cookie.startsWith(ConsoleSession.COOKIE + "=v1."), cookie);
        assertTrue(cookie.contains("; HttpOnly"), cookie);
        assertTrue(cookie.contains("; SameSite=Strict"), cookie);
        assertTrue(cookie.contains("; Path=" + PREFIX + ";"), cookie);
        assertFalse(cookie.contains("Secure"), "plain http on loopback: " + cookie);
        ConsoleAnswer secure = console.handle(new ConsoleRequest(
                "/console/sign-in", Map.of(), Map.of("token", TOKEN), null, "203.0.113.8", PREFIX, true));
        assertTrue(
                secure.headers().get("Set-Cookie").endsWith("; Secure"),
                secure.headers().get("Set-Cookie"));

        ConsoleAnswer overview = get("/", signIn(), Map.of());
        assertEquals(200, overview.status());
        assertTrue(overview.body().contains("Overview</h1>"), overview.body());
        assertSecured(overview);
    }

    @Test
    void wrongTokensAreCountedByTheGuardAndLockTheClientOut() {
        for (int i = 0; i < 5; i++) {
            ConsoleAnswer wrong = post("/console/sign-in", null, Map.of("token", "not-it-" + i));
            assertEquals(401, wrong.status());
            assertFalse(wrong.headers().containsKey("Set-Cookie"));
        }
        assertEquals(
                401, post("/console/sign-in", null, Map.of("token", "sixth")).status());
        ConsoleAnswer locked = post("/console/sign-in", null, Map.of("token", TOKEN));
        assertEquals(429, locked.status(), "locked out: even the right token waits");
        assertNotNull(locked.headers().get("Retry-After"));
        assertFalse(locked.headers().containsKey("Set-Cookie"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(200, post("/console/sign-in", null, Map.of("token", TOKEN)).status());
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
        String id = dead(LEAD, 2, "Template '5-Day E2' not found in Notion.");
        String session = signIn();
        String other = signIn();
        String otherCsrf = csrf(get("/", other, Map.of()));
        for (Map<String, String> form : List.of(
                Map.of("send_id", id),
                Map.of("send_id", id, "csrf", ""),
                Map.of("send_id", id, "csrf", "forged"),
                Map.of("send_id", id, "csrf", otherCsrf))) {
            ConsoleAnswer refused = post("/console/dead/requeue", session, form);
            assertEquals(403, refused.status(), form.toString());
            assertSecured(refused);
        }
        assertEquals(
                403,
                post("/console/dead/requeue", null, Map.of("send_id", id, "csrf", otherCsrf))
                        .status());
        assertEquals("dead", schedule.inspect(id).get("state"));

        ConsoleAnswer page = get("/console/dead", session, Map.of());
        assertTrue(page.body().contains("data-send-id=\"" + id + "\""), page.body());
        ConsoleAnswer requeued = post("/console/dead/requeue", session, Map.of("send_id", id, "csrf", csrf(page)));
        assertEquals(200, requeued.status(), requeued.body());
        assertTrue(requeued.body().contains("Requeued, due now: " + id), requeued.body());
        assertFalse(requeued.body().contains("data-send-id=\"" + id + "\""), "no longer listed");
        ConsoleAnswer again = post("/console/dead/requeue", session, Map.of("send_id", id, "csrf", csrf(page)));
        assertTrue(again.body().contains("Not a dead letter (any more): " + id), "a reload finds nothing to do");
        assertEquals("scheduled", schedule.inspect(id).get("state"));
        assertFalse(schedule.deadAt(id).isPresent());
    }

    @Test
    void discardAndSignOutNeedTheTokenToo() {
        String id = dead(LEAD, 3, "boom");
        String session = signIn();
        String csrf = csrf(get("/console/dead", session, Map.of()));
        assertEquals(
                403,
                post("/console/dead/discard", session, Map.of("send_id", id)).status());
        assertEquals("dead", schedule.inspect(id).get("state"));
        assertEquals(
                200,
                post("/console/dead/discard", session, Map.of("send_id", id, "csrf", csrf))
                        .status());
        assertEquals("discarded", schedule.inspect(id).get("state"));

        assertEquals(403, post("/console/sign-out", session, Map.of()).status());
        ConsoleAnswer out = post("/console/sign-out", session, Map.of("csrf", csrf));
        assertEquals(200, out.status());
        assertTrue(out.body().contains("type=\"password\""), out.body());
        assertTrue(
                out.headers().get("Set-Cookie").contains("Max-Age=0"),
                out.headers().get("Set-Cookie"));
    }

    @Test
    void everythingFromTheStoreIsEscaped() {
        String id = dead(LEAD, 2, "Notion said " + SCRIPT);
        String strange = "x" + SCRIPT + "@example.com";
        suppressions.suppress(strange, "bounced", "the server said " + SCRIPT, Instant.now());
        String session = signIn();

        ConsoleAnswer deadPage = get("/console/dead", session, Map.of());
        assertTrue(deadPage.body().contains("Notion said &lt;script&gt;alert(1)&lt;/script&gt;"), deadPage.body());
        ConsoleAnswer suppressed = get("/console/suppressed", session, Map.of());
        assertTrue(suppressed.body().contains("x&lt;script&gt;alert(1)&lt;/script&gt;@example.com"), suppressed.body());
        ConsoleAnswer search = get("/console/lead", session, Map.of("email", SCRIPT));
        assertEquals(422, search.status());
        assertTrue(search.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), search.body());
        ConsoleAnswer done = get("/console/dead", session, Map.of("done", "requeued", "id", SCRIPT));
        assertTrue(done.body().contains("Requeued, due now: &lt;script&gt;"), done.body());
        for (ConsoleAnswer page : List.of(deadPage, suppressed, search, done)) {
            assertFalse(page.body().contains(SCRIPT), page.body());
            assertSecured(page);
        }
        assertEquals("dead", schedule.inspect(id).get("state"));
    }

    @Test
    void liftingASuppressionMakesTheAddressSendable() {
        suppressions.suppress(LEAD, Suppressions.UNSUBSCRIBED, null, Instant.now());
        String session = signIn();
        ConsoleAnswer list = get("/console/suppressed", session, Map.of());
        assertTrue(list.body().contains("data-email=\"" + LEAD + "\""), list.body());
        ConsoleAnswer timeline = get("/console/lead", session, Map.of("email", LEAD));
        assertTrue(timeline.body().contains("id=\"suppressed\""), timeline.body());

        assertEquals(
                403,
                post("/console/suppressed/lift", session, Map.of("email", LEAD)).status());
        assertTrue(suppressions.isSuppressed(LEAD));
        ConsoleAnswer lifted =
                post("/console/suppressed/lift", session, Map.of("email", LEAD.toUpperCase(), "csrf", csrf(list)));
        assertEquals(200, lifted.status());
        assertTrue(lifted.body().contains("Suppression lifted: " + LEAD.toUpperCase()), lifted.body());
        assertFalse(suppressions.isSuppressed(LEAD));
        assertTrue(get("/console/lead", session, Map.of("email", LEAD)).body().contains("id=\"sendable\""));
        assertFalse(get("/console/suppressed", session, Map.of()).body().contains("data-email=\"" + LEAD + "\""));
    }

    @Test
    void theSuppressionListIsPagedAndBounded() {
        for (int i = 0; i < 600; i++) {
            suppressions.suppress("paged" + i + "@example.com", Suppressions.BOUNCED, null, Instant.now());
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            Suppressions.Listing page = suppressions.list(cursor, Console.SUPPRESSED_PAGE);
            assertTrue(page.entries().size() <= com.busos.campaign.suppression.SuppressionStore.MAX_PAGE);
            page.entries().forEach(entry -> seen.add(entry.getKey()));
            cursor = page.next();
            pages++;
        } while (!cursor.equals("0") && pages < 100);
        assertEquals(600, seen.size());
        assertTrue(pages > 1, "a hash of 600 (past the compact encoding) is scanned in steps");
        String session = signIn();
        ConsoleAnswer first = get("/console/suppressed", session, Map.of());
        assertTrue(first.body().contains("id=\"next\""), "a link to the next page");
        assertTrue(first.body().contains("<span id=\"suppressed-count\">600</span>"));
    }

    @Test
    void theTimelineShowsEachSendWithItsOutcome() {
        ScheduledSend e2 = new ScheduledSend("5day", 2, "5-Day E2", LEAD, "tracker-t", Map.of());
        ScheduledSend e3 = new ScheduledSend("5day", 3, "5-Day E3", LEAD, "tracker-t", Map.of());
        schedule.add(e2, Instant.parse("2020-01-01T00:00:00Z"));
        schedule.add(e3, Instant.now().plus(Duration.ofDays(1)), e2.id());
        ClaimedSend claim = schedule.claimDue(10, Duration.ofMinutes(5), 8).get(0);
        schedule.recordDelivery(claim, "re_console_1");
        schedule.ack(claim, "delivered");
        String session = signIn();
        ConsoleAnswer page = get("/console/lead", session, Map.of("email", LEAD));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("data-send-id=\"" + e2.id() + "\" data-state=\"delivered\""), page.body());
        assertTrue(page.body().contains("re_console_1"), page.body());
        assertTrue(page.body().contains("data-send-id=\"" + e3.id() + "\" data-state=\"scheduled\""), page.body());
    }

    @Test
    void theOverviewAndChartShowTheCountsAndTheSchedule() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        delivered.put(today, 4L);
        delivered.put(today.minusDays(2), 3L);
        delivered.put(today.minusDays(9), 50L);
        enrolled.put("5day", 12L);
        enrolled.put("noshow", 2L);
        schedule.add(
                new ScheduledSend("5day", 2, "5-Day E2", LEAD, "t", Map.of()),
                clock.instant().plusSeconds(3600));
        schedule.addJob("crm:enrol:seq-1", clock.instant().plusSeconds(60), "{\"job\":\"enrol\"}", LEAD);
        dead("dead.console@example.com", 4, "boom");
        suppressions.suppress("gone@example.com", Suppressions.COMPLAINED, null, Instant.now());
        String session = signIn();
        String body = get("/", session, Map.of()).body();
        assertTrue(body.contains("id=\"leads-5day\">12<"), body);
        assertTrue(body.contains("id=\"leads-noshow\">2<"), body);
        assertTrue(body.contains("id=\"n-sent-today\">4<"), body);
        assertTrue(body.contains("id=\"n-sent-7-days\">7<"), "the day 9 days ago is not in the week: " + body);
        assertTrue(body.contains("id=\"n-due-24h\">2<"), body);
        assertTrue(body.contains("id=\"n-crm-jobs\">1<"), body);
        assertTrue(body.contains("id=\"n-dead\">1<"), body);
        assertTrue(body.contains("id=\"n-suppressed\">1<"), body);

        String chart = get("/console/chart", session, Map.of("days", "14")).body();
        assertTrue(chart.contains("<svg"), chart);
        assertTrue(chart.contains("data-date=\"" + today + "\" data-kind=\"delivered\" data-value=\"4\""), chart);
        assertTrue(chart.contains("data-kind=\"scheduled\" data-value=\"1\""), chart);
        assertEquals(14 + Console.DAYS_AHEAD, count(chart, "<g class=\"day\""));
        assertEquals(
                Console.MAX_DAYS_BEHIND + Console.DAYS_AHEAD,
                count(get("/console/chart", session, Map.of("days", "100000")).body(), "<g class=\"day\""),
                "the days behind are bounded");
    }

    @Test
    void withoutCountersThePagesSaySo() {
        Console bare = new Console(
                Optional.of(TOKEN),
                new BadTokenGuard(clock),
                () -> {
                    throw new AssertionError("not needed");
                },
                () -> schedule,
                () -> suppressions,
                CampaignCounts::unavailable,
                clock);
        String session = signIn();
        String body = bare.handle(new ConsoleRequest("/", Map.of(), null, session, "c", PREFIX, false))
                .body();
        assertTrue(body.contains("id=\"leads-unavailable\""), body);
        assertFalse(body.contains("n-sent-today"), body);
    }

    @Test
    void aBlankAdminTokenIsNoTokenAndNothingSignsIn() {
        Console blank = new Console(
                Optional.of("  "),
                new BadTokenGuard(clock),
                () -> {
                    throw new AssertionError("not needed");
                },
                () -> schedule,
                () -> suppressions,
                CampaignCounts::unavailable,
                clock);
        ConsoleAnswer answer = blank.handle(
                new ConsoleRequest("/console/sign-in", Map.of(), Map.of("token", ""), null, "c", PREFIX, false));
        assertEquals(503, answer.status());
        assertFalse(answer.headers().containsKey("Set-Cookie"));
        assertTrue(answer.body().contains("admin-token (ADMIN_TOKEN) is not set"), answer.body());
    }

    @Test
    void theTemplateCheckPageRendersTheReport() {
        String session = signIn();
        ConsoleAnswer page = get("/console/templates", session, Map.of());
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("id=\"verdict\""), page.body());
        assertTrue(page.body().contains("5-Day E2"), page.body());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
        return count;
    }
}
