package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.e2e.browser.HeadlessChromium;
import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.redis.RedisSuppressionStore;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The operator's console in a real browser (headless Chromium), against the local gateway in sandbox
 * mode, as the quick start runs it: signed in with the sandbox's generated admin token, the overview's
 * numbers are what Redis holds after a few signups (leads per sequence and deliveries from the
 * schedule's counters, before and after the dispatcher's ticks), the chart's bars too, a dead letter made with the schedule's own API is
 * requeued with its button, a lead's timeline is found by address, an unsubscribed address is lifted
 * from the suppression list and can sign up again, a form posted from another page is refused (403)
 * and so is a POST with the session but without its CSRF token; then sign-out. Each step's screenshot is
 * in target/screenshots/ConsoleBrowserTest-*.png.
 */
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = SandboxCalls.REPO;
    private static final String PREFIX = "{campaign}";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> LEADS =
            List.of("ada.browser@example.com", "grace.browser@example.com", "linus.browser@example.com");
    private static final String NOSHOW_LEAD = "barbara.browser@example.com";
    private static final String UNSUBSCRIBED = "lift.me.browser@example.com";

    @TempDir
    Path root;

    private LocalGateway gateway;
    private HeadlessChromium browser;
    private UnifiedJedis redis;
    private Schedule schedule;
    private Suppressions suppressions;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private SandboxCalls calls;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        TestCampaign.clearSystemProperties();
        gateway = SandboxCalls.start(root.resolve("sandbox"), root.resolve("no-secrets"), logs);
        calls = new SandboxCalls(gateway);
        redis = RedisClient.create(URI.create(gateway.redisUrl()));
        schedule = new Schedule(redis, "campaign");
        suppressions = new Suppressions(new RedisSuppressionStore(redis, "campaign"));
        browser = HeadlessChromium.start(1280, 1000);
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            if (redis != null) redis.close();
            if (gateway != null) gateway.close();
            TestCampaign.clearSystemProperties();
        }
    }

    @Test
    void theOperatorSignsInSeesTheScheduleAndChangesItOnlyWithTheSessionsForms() throws Exception {
        String firstE2 = null;
        for (String lead : LEADS) {
            JsonNode answer = signup("christmas-signup", "5day.json", lead);
            if (firstE2 == null)
                firstE2 = answer.path("scheduled_emails").get(0).path("send_id").asText();
        }
        signup("calendly-noshow", "noshow.json", NOSHOW_LEAD);
        String deadId = deadLetter("dead.browser@example.com", "Resend said <b>422</b>: template missing");
        String token =
                Files.readString(root.resolve("sandbox/secrets/admin-token")).trim();
        WebDriver driver = browser.driver();
        String console = gateway.baseUrl() + "/function/campaign-admin/";

        // sign in: a wrong token first, then the sandbox's
        driver.get(console);
        waitFor(By.id("token"));
        browser.screenshot("ConsoleBrowserTest-01-sign-in");
        driver.findElement(By.id("token")).sendKeys("not-the-token");
        driver.findElement(By.id("sign-in")).click();
        assertEquals("Wrong admin token.", waitFor(By.id("error")).getText());
        browser.screenshot("ConsoleBrowserTest-02-wrong-token");
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.id("numbers"));
        assertEquals("Overview", driver.findElement(By.tagName("h1")).getText());
        browser.screenshot("ConsoleBrowserTest-03-overview");
        Cookie session = driver.manage().getCookieNamed("campaign_console");
        assertNotNull(session, "the session cookie");
        assertTrue(session.isHttpOnly());
        assertEquals("Strict", session.getSameSite());
        assertEquals("/function/campaign-admin", session.getPath());
        assertFalse(session.isSecure(), "plain http on loopback: not Secure (a browser would drop it)");
        assertEquals(
                "rgba(29, 35, 48, 1)",
                driver.findElement(By.tagName("header")).getCssValue("background-color"),
                "the page's stylesheet is allowed by its CSP hash");

        // the overview's numbers are the schedule's
        Instant at = Instant.parse(
                driver.findElement(By.cssSelector("main p")).getText().replaceAll("^At | \\(UTC\\)\\.$", ""));
        assertEquals(
                redis.zcard(PREFIX + ":scheduled") + redis.zcard(PREFIX + ":scheduled-jobs"), number("n-scheduled"));
        assertEquals(redis.zcard(PREFIX + ":claimed"), number("n-claimed"));
        assertEquals(1, number("n-dead"));
        assertEquals(redis.zcard(PREFIX + ":dead"), number("n-dead"));
        assertEquals(redis.hlen(PREFIX + ":suppressed"), number("n-suppressed"));
        assertEquals(pendingJobs(), number("n-crm-jobs"));
        assertTrue(pendingJobs() >= LEADS.size() + 1, "each enrolment's CRM job is pending (no cron)");
        assertEquals(
                redis.zcount(PREFIX + ":scheduled", Double.NEGATIVE_INFINITY, at.toEpochMilli())
                        + redis.zcount(PREFIX + ":scheduled-jobs", Double.NEGATIVE_INFINITY, at.toEpochMilli()),
                number("n-due-now"));
        assertEquals(
                redis.zcount(
                                PREFIX + ":scheduled",
                                Double.NEGATIVE_INFINITY,
                                at.plus(Duration.ofHours(24)).toEpochMilli())
                        + redis.zcount(
                                PREFIX + ":scheduled-jobs",
                                Double.NEGATIVE_INFINITY,
                                at.plus(Duration.ofHours(24)).toEpochMilli()),
                number("n-due-24h"));
        assertEquals(4 * LEADS.size() + 3, emailsScheduled(), "E2-E5 of each 5-day lead, the no-show's 3");
        // leads per sequence and deliveries: the schedule's counters
        assertEquals(LEADS.size(), number("leads-5day"));
        assertEquals(1, number("leads-noshow"));
        assertEquals(schedule.enrolledPerSequence().get("5day"), number("leads-5day"));
        assertEquals(0, number("n-sent-today"));

        // a minute on: the dispatcher's ticks send the E2s (each after its CRM job)
        calls.advance(Duration.ofMinutes(1).plusSeconds(1));
        for (int tick = 0;
                tick < 5 && !"delivered".equals(schedule.inspect(firstE2).get("state"));
                tick++) tick();
        assertEquals(
                "delivered",
                schedule.inspect(firstE2).get("state"),
                schedule.inspect(firstE2).toString());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long deliveredToday = schedule.deliveredPerDay(today, today).getOrDefault(today, 0L);
        assertTrue(deliveredToday >= 1, "counted: " + deliveredToday);
        driver.findElement(By.linkText("Overview")).click();
        waitFor(By.id("numbers"));
        assertEquals(deliveredToday, number("n-sent-today"));
        long week = schedule.deliveredPerDay(today.minusDays(6), today).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertEquals(week, number("n-sent-7-days"));
        assertEquals(pendingJobs(), number("n-crm-jobs"), "the E2s' mirrors are CRM jobs too");
        browser.screenshot("ConsoleBrowserTest-03b-overview-after-deliveries");

        // the chart, drawn on the server
        driver.findElement(By.linkText("Chart")).click();
        waitFor(By.id("chart"));
        long ahead = 0;
        for (WebElement day : driver.findElements(By.cssSelector("#chart g.day[data-kind='scheduled']"))) {
            ahead += Long.parseLong(day.getAttribute("data-value"));
        }
        assertEquals(
                7,
                driver.findElements(By.cssSelector("#chart g.day[data-kind='scheduled']"))
                        .size());
        assertEquals(emailsScheduled(), ahead, "every email scheduled is due within the week (TESTING_MODE)");
        List<WebElement> behind = driver.findElements(By.cssSelector("#chart g.day[data-kind='delivered']"));
        assertEquals(14, behind.size(), "two weeks behind by default");
        WebElement todayBar = behind.get(behind.size() - 1);
        assertEquals(today.toString(), todayBar.getAttribute("data-date"));
        assertEquals(deliveredToday, Long.parseLong(todayBar.getAttribute("data-value")));
        browser.screenshot("ConsoleBrowserTest-04-chart");

        // a dead letter, with its reason, requeued with its button
        driver.findElement(By.linkText("Dead letters")).click();
        WebElement row = waitFor(By.cssSelector("tr.dead-letter[data-send-id='" + deadId + "']"));
        assertTrue(row.findElement(By.className("reason")).getText().contains("Resend said <b>422</b>"), row.getText());
        browser.screenshot("ConsoleBrowserTest-05-dead-letters");
        driver.findElement(By.id("requeue-" + deadId)).click();
        assertTrue(waitFor(By.id("done")).getText().startsWith("Requeued, due now: " + deadId));
        browser.screenshot("ConsoleBrowserTest-06-requeued");
        assertEquals("scheduled", schedule.inspect(deadId).get("state"));
        assertTrue(schedule.dueAt(deadId).isPresent(), "back on the schedule");
        assertFalse(schedule.deadAt(deadId).isPresent());
        assertTrue(driver.findElements(By.cssSelector("tr.dead-letter[data-send-id='" + deadId + "']"))
                .isEmpty());

        // a lead's timeline, by address
        driver.findElement(By.linkText("Search")).click();
        waitFor(By.id("email")).sendKeys(LEADS.get(0));
        driver.findElement(By.id("search")).click();
        waitFor(By.id("timeline"));
        List<WebElement> sends = driver.findElements(By.cssSelector("#timeline tr.send"));
        assertEquals(4, sends.size(), "E2-E5");
        for (WebElement send : sends) {
            String id = send.getAttribute("data-send-id");
            assertEquals(schedule.inspect(id).get("state"), send.getAttribute("data-state"), id);
        }
        WebElement e2 = driver.findElement(By.cssSelector("#timeline tr.send[data-send-id='" + firstE2 + "']"));
        assertEquals("delivered", e2.getAttribute("data-state"));
        assertEquals(
                schedule.inspect(firstE2).get("resend_id"),
                e2.findElement(By.className("resend-id")).getText());
        assertFalse(e2.findElement(By.className("resend-id")).getText().isEmpty(), "Resend's (the outbox's) id");
        assertTrue(
                e2.findElement(By.className("mirror")).getText().contains("sent"), "its CRM mirror: " + e2.getText());
        assertTrue(driver.findElement(By.id("sendable")).isDisplayed());
        browser.screenshot("ConsoleBrowserTest-07-timeline");

        // an unsubscribed address, lifted from the suppression list: it may sign up again
        unsubscribe(UNSUBSCRIBED);
        assertTrue(suppressions.isSuppressed(UNSUBSCRIBED));
        driver.findElement(By.linkText("Suppressed")).click();
        waitFor(By.cssSelector("tr.suppression[data-email='" + UNSUBSCRIBED + "']"));
        browser.screenshot("ConsoleBrowserTest-08-suppressed");
        driver.findElement(By.id("lift-" + UNSUBSCRIBED)).click();
        assertEquals(
                "Suppression lifted: " + UNSUBSCRIBED, waitFor(By.id("done")).getText());
        assertTrue(driver.findElements(By.cssSelector("tr.suppression[data-email='" + UNSUBSCRIBED + "']"))
                .isEmpty());
        browser.screenshot("ConsoleBrowserTest-09-lifted");
        assertFalse(suppressions.isSuppressed(UNSUBSCRIBED));
        assertEquals(
                "accepted",
                signup("christmas-signup", "5day.json", UNSUBSCRIBED)
                        .path("status")
                        .asText(),
                "sendable again");

        // a form posted from another page: no session goes with it (SameSite=Strict), no CSRF token: refused
        String second = deadLetter("second.dead.browser@example.com", "boom");
        driver.get("data:text/html;charset=utf-8,"
                + URLEncoder.encode(
                                "<form method=\"post\" action=\"" + console + "console/dead/discard\">"
                                        + "<input name=\"send_id\" value=\"" + second + "\">"
                                        + "<button id=\"go\">go</button></form>",
                                StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        waitFor(By.id("go")).click();
        assertTrue(waitFor(By.id("refused")).getText().contains("Nothing was changed"));
        browser.screenshot("ConsoleBrowserTest-10-cross-site-post-refused");
        assertEquals("dead", schedule.inspect(second).get("state"));
        // with the session but without (or with a wrong) CSRF token: refused as well
        for (String body : List.of("send_id=" + second, "send_id=" + second + "&csrf=forged")) {
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create(console + "console/dead/discard"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", "campaign_console=" + session.getValue())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), refused.body());
        }
        assertEquals("dead", schedule.inspect(second).get("state"));
        assertTrue(schedule.deadAt(second).isPresent(), "nothing changed");

        // the template check
        driver.get(console);
        waitFor(By.linkText("Templates")).click();
        waitFor(By.id("verdict"));
        assertFalse(driver.findElements(By.cssSelector("#templates tr")).isEmpty());
        browser.screenshot("ConsoleBrowserTest-11-templates");

        // sign out: the cookie is gone and the pages ask for the token again
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.id("token"));
        Cookie gone = driver.manage().getCookieNamed("campaign_console");
        assertTrue(gone == null || gone.getValue().isEmpty(), String.valueOf(gone));
        driver.get(console + "console/dead");
        waitFor(By.id("token"));
        browser.screenshot("ConsoleBrowserTest-12-signed-out");
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(token), "the admin token is never logged");
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private long number(String id) {
        return Long.parseLong(browser.driver().findElement(By.id(id)).getText().replace("+", ""));
    }

    private long pendingJobs() {
        long jobs = 0;
        for (String set : List.of(PREFIX + ":scheduled", PREFIX + ":scheduled-jobs", PREFIX + ":claimed")) {
            for (String id : redis.zrange(set, 0, -1)) if (id.startsWith("crm:")) jobs++;
        }
        return jobs;
    }

    private long emailsScheduled() {
        return redis.zrange(PREFIX + ":scheduled", 0, -1).stream()
                .filter(id -> !id.startsWith("crm:"))
                .count();
    }

    /** A dead letter, made with the schedule's own API in the gateway's Redis; answers its id. */
    private String deadLetter(String email, String error) {
        ScheduledSend send = new ScheduledSend("5day", 3, "5-Day E3", email, "tracker-browser", Map.of());
        schedule.add(send, Instant.parse("2020-01-01T00:00:00Z"));
        for (ClaimedSend claim : schedule.claimDue(100, Duration.ofMinutes(5), 8)) {
            if (claim.id().equals(send.id())) assertTrue(schedule.deadLetter(claim, error));
            else schedule.release(claim);
        }
        assertTrue(schedule.deadAt(send.id()).isPresent(), send.id());
        return send.id();
    }

    /** A sample signup for {@code email} through the gateway; answers its answer. */
    private JsonNode signup(String function, String sample, String email) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(REPO.resolve("templates/samples/" + sample)));
        body.put("email", email);
        HttpResponse<String> response = calls.post("/function/" + function, body.toString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** One cron-connector tick. */
    private void tick() throws Exception {
        JsonNode answer = calls.tick();
        assertEquals(0, answer.path("failed").asInt(), answer.toString());
    }

    /** The recipient's one-click unsubscribe, with a link signed by the sandbox's unsubscribe-secret. */
    private void unsubscribe(String email) throws Exception {
        String secret = Files.readString(root.resolve("sandbox/secrets/unsubscribe-secret"))
                .trim();
        String link =
                gateway.baseUrl() + "/function/unsubscribe?token=" + new UnsubscribeTokens(secret).tokenFor(email);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(link))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
