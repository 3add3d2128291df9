package com.busos.campaign.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
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
import com.busos.campaign.webhook.Responses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.UnifiedJedis;

/** campaign-admin's operations over its request shape: path, query, JSON body, bearer token. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "admin-test-token-0123456789";
    private static final String LEAD = "jane.lead@example.com";
    private static final String OTHER = "other.lead@example.com";
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);

    private TestCampaign env;
    private UnifiedJedis redis;
    private Schedule schedule;
    private Suppressions suppressions;
    private Instant now;
    private final Map<Setting, String> settings = new EnumMap<>(Setting.class);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        env = new TestCampaign();
        redis = TestRedis.client();
        schedule = new Schedule(redis, env.redisPrefix);
        suppressions = new Suppressions(new RedisSuppressionStore(redis, env.redisPrefix));
        now = Instant.now();
        settings.putAll(env.settings());
        settings.put(Setting.ADMIN_TOKEN, TOKEN);
    }

    @AfterEach
    void tearDown() {
        redis.close();
        env.close();
    }

    private IResponse call(String path, String query, String body, Map<String, String> headers) {
        Log log = Log.to("campaign-admin", new PrintStream(logs, true, StandardCharsets.UTF_8));
        Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.fixed(now, ZoneOffset.UTC));
        return Responses.handle(
                log,
                () -> new AdminApi(campaign.config().get(Setting.ADMIN_TOKEN), () -> campaign.admin(log))
                        .handle(new Request(body, new HashMap<>(headers), query, path)));
    }

    private JsonNode ok(String path, String query, String body) {
        IResponse response = call(path, query, body, Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(200, response.getStatusCode(), path + ": " + response.getBody());
        assertEquals("application/json", response.getContentType());
        return json(response);
    }

    private static JsonNode json(IResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    private String add(String email, String sequence, String tracker, int number, Instant due) {
        ScheduledSend send =
                new ScheduledSend(sequence, number, "T" + number, email, tracker, Map.of("first_name", "Jane"));
        schedule.add(send, due);
        return send.id();
    }

    private ClaimedSend claimOnly(String id) {
        List<ClaimedSend> claims = schedule.claimDue(100, LEASE, 8);
        ClaimedSend mine = null;
        for (ClaimedSend claim : claims) {
            if (claim.id().equals(id)) mine = claim;
            else schedule.release(claim);
        }
        assertTrue(mine != null, "claimed " + id);
        return mine;
    }

    private String dead(String email, String tracker, int number) {
        String id = add(email, "5day", tracker, number, PAST);
        schedule.deadLetter(claimOnly(id), "Template 'T" + number + "' not found in Notion.");
        return id;
    }

    private String state(String id) {
        return schedule.inspect(id).get("state");
    }

    private static Set<String> ids(JsonNode array, String field) {
        Set<String> ids = new HashSet<>();
        array.forEach(
                node -> ids.add(field == null ? node.asText() : node.path(field).asText()));
        return ids;
    }

    // ---- the token ----

    static List<String> operations() {
        return AdminApi.OPERATIONS;
    }

    @ParameterizedTest
    @MethodSource("operations")
    void everyOperationRequiresTheToken(String operation) {
        String pending = add(LEAD, "5day", "t1", 2, now.plus(Duration.ofDays(1)));
        String deadId = dead(LEAD, "t1", 3);
        String body = "{\"email\":\"" + LEAD + "\",\"all\":true}";
        List<Map<String, String>> refused = List.of(
                Map.of(),
                Map.of("Authorization", "Bearer wrong-token"),
                Map.of("Authorization", TOKEN),
                Map.of("Authorization", "Basic " + TOKEN),
                Map.of("Authorization", "Bearer " + TOKEN + "x"),
                Map.of("Authorization", "Bearer "));
        for (Map<String, String> headers : refused) {
            IResponse response = call(operation, "email=" + LEAD, body, headers);
            assertEquals(401, response.getStatusCode(), operation + " with " + headers);
            assertTrue(response.getHeader("WWW-Authenticate").startsWith("Bearer"));
            assertFalse(response.getBody().contains(TOKEN), "the token is never echoed");
        }
        assertEquals("scheduled", state(pending));
        assertEquals("dead", state(deadId));
        assertEquals(1, schedule.countDead());
        assertEquals(0, env.notion.requestCount());
    }

    @ParameterizedTest
    @MethodSource("operations")
    void withoutTheAdminTokenSecretEveryCallIs503NamingIt(String operation) {
        settings.remove(Setting.ADMIN_TOKEN);
        IResponse response = call(operation, null, "{}", Map.of("Authorization", "Bearer anything"));
        assertEquals(503, response.getStatusCode());
        assertTrue(json(response).path("detail").asText().contains("admin-token (ADMIN_TOKEN)"), response.getBody());
    }

    @Test
    void theTokenHeaderIsCaseInsensitiveAndTheSchemeToo() {
        IResponse response = call("/stats", null, "", Map.of("authorization", "bearer " + TOKEN));
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    // ---- the operations ----

    @Test
    void statsCountsEachSetAndTheSendsOfTheNextSevenDays() {
        dead(OTHER, "t9", 2);
        String claimed = add(OTHER, "5day", "t9", 3, PAST);
        claimOnly(claimed);
        add(LEAD, "5day", "t1", 2, PAST);
        add(LEAD, "5day", "t1", 3, PAST);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant tomorrowNoon = today.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        add(LEAD, "5day", "t1", 4, tomorrowNoon);
        add(LEAD, "5day", "t1", 5, tomorrowNoon.plus(Duration.ofDays(2)));
        add(OTHER, "5day", "t9", 4, tomorrowNoon.plus(Duration.ofDays(2)).plusSeconds(60));
        add(OTHER, "5day", "t9", 5, tomorrowNoon.plus(Duration.ofDays(30)));
        suppressions.suppress("x@example.com", Suppressions.BOUNCED, null, now);

        JsonNode stats = ok("/stats", null, "");

        assertEquals(6, stats.path("scheduled").asInt(), stats.toString());
        assertEquals(2, stats.path("due").asInt());
        assertEquals(1, stats.path("claimed").asInt());
        assertEquals(1, stats.path("dead").asInt());
        assertEquals(1, stats.path("suppressed").asInt());
        JsonNode days = stats.path("sends_per_day");
        assertEquals(7, days.size());
        long[] expected = {0, 1, 0, 2, 0, 0, 0};
        for (int i = 0; i < 7; i++) {
            assertEquals(today.plusDays(i).toString(), days.get(i).path("date").asText());
            assertEquals(expected[i], days.get(i).path("sends").asLong(), days.toString());
        }
    }

    @Test
    void sendsOfAnAddressAreSplitIntoPendingAndPast() {
        String scheduled = add(LEAD, "5day", "t1", 4, now.plus(Duration.ofDays(2)));
        String delivered = add(LEAD, "5day", "t1", 2, PAST);
        schedule.ack(claimOnly(delivered), "delivered");
        String claimed = add(LEAD, "5day", "t1", 3, PAST);
        claimOnly(claimed);
        String deadId = dead(LEAD, "t1", 5);
        String cancelled = add(LEAD, "postcall", "p1", 1, now.plus(Duration.ofDays(1)));
        schedule.cancel(List.of(cancelled), "cancelled by operator");
        add(OTHER, "5day", "t9", 2, now.plus(Duration.ofDays(1)));
        suppressions.suppress(LEAD, Suppressions.UNSUBSCRIBED, "one-click", now);

        JsonNode answer = ok("/sends", "email=Jane.Lead@Example.com", "");

        assertEquals(Set.of(scheduled, claimed), ids(answer.path("pending"), "send_id"));
        assertEquals(Set.of(delivered, deadId, cancelled), ids(answer.path("past"), "send_id"));
        assertTrue(answer.path("suppressed").asBoolean());
        assertEquals("unsubscribed", answer.path("suppression").path("reason").asText());
        for (JsonNode send : answer.path("past")) {
            String id = send.path("send_id").asText();
            String expectedState = id.equals(delivered) ? "delivered" : id.equals(deadId) ? "dead" : "cancelled";
            assertEquals(expectedState, send.path("state").asText());
            assertEquals(LEAD, send.path("email").asText());
        }
        JsonNode deadSend = answer.path("past").findParent("error");
        assertTrue(deadSend.path("error").asText().contains("not found"), answer.toString());

        JsonNode byBody = ok("/sends", null, "{\"email\":\"" + LEAD + "\"}");
        assertEquals(answer.path("pending"), byBody.path("pending"));
        assertEquals(
                422,
                call("/sends", "email=not-an-address", "", Map.of("Authorization", "Bearer " + TOKEN))
                        .getStatusCode());
        assertEquals(
                422,
                call("/sends", null, "", Map.of("Authorization", "Bearer " + TOKEN))
                        .getStatusCode());
        assertEquals(
                0, ok("/sends", "email=nobody@example.com", "").path("pending").size());
    }

    @Test
    void cancelStopsTheAddressSendsOfOneSequenceOrAll() {
        List<String> fiveDay = new ArrayList<>();
        for (int n = 2; n <= 5; n++) fiveDay.add(add(LEAD, "5day", "t1", n, now.plus(Duration.ofDays(n))));
        List<String> postCall = List.of(
                add(LEAD, "postcall", "p1", 1, now.plus(Duration.ofHours(1))),
                add(LEAD, "postcall", "p1", 2, now.plus(Duration.ofDays(3))));
        String other = add(OTHER, "5day", "t9", 2, now.plus(Duration.ofDays(1)));

        JsonNode oneSequence = ok("/cancel", null, "{\"email\":\"" + LEAD + "\",\"sequence\":\"postcall\"}");
        assertEquals(new HashSet<>(postCall), ids(oneSequence.path("cancelled"), null));
        assertEquals(2, oneSequence.path("count").asInt());
        for (String id : postCall) assertEquals("cancelled", state(id));
        for (String id : fiveDay) assertEquals("scheduled", state(id));

        JsonNode all = ok("/cancel", null, "{\"email\":\"" + LEAD + "\",\"reason\":\"asked by phone\"}");
        assertEquals(new HashSet<>(fiveDay), ids(all.path("cancelled"), null));
        for (String id : fiveDay) {
            assertEquals("cancelled", state(id));
            assertEquals("asked by phone", schedule.inspect(id).get("cancel_reason"));
            assertTrue(redis.ttl("{" + env.redisPrefix + "}:send:" + id) > 0, "kept for the retention period");
        }
        assertEquals("scheduled", state(other));
        assertEquals(1, schedule.countScheduled());

        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        assertEquals(
                422,
                call("/cancel", null, "{\"email\":\"" + LEAD + "\",\"sequence\":\"nope\"}", auth)
                        .getStatusCode());
        assertEquals(422, call("/cancel", null, "{}", auth).getStatusCode());
        assertEquals(422, call("/cancel", null, "", auth).getStatusCode());
    }

    @Test
    void aDeadCrmJobIsListedWithWhatItWritesAndRequeuedLikeASend() {
        String sendId = ScheduledSend.idOf("5day", "t1", 2);
        com.busos.campaign.crm.CrmJob job = com.busos.campaign.crm.CrmJob.markSent(sendId, LEAD, "t1", 2, now);
        schedule.addJob(job.id(), PAST, job.toJson(), LEAD);
        ClaimedSend claimed = schedule.claimDue(0, 10, LEASE, 8).get(0);
        schedule.deadLetter(claimed, "notion 400 validation_error: Email 2 Sent is not a property that exists.");

        JsonNode entry = ok("/dead", null, "").path("dead").get(0);

        assertEquals(job.id(), entry.path("send_id").asText(), entry.toString());
        assertEquals("crm", entry.path("kind").asText());
        assertEquals("mark_sent", entry.path("job").asText());
        assertEquals(LEAD, entry.path("email").asText());
        assertEquals(sendId, entry.path("for_send_id").asText());
        assertTrue(entry.path("error").asText().contains("Email 2 Sent is not a property"), entry.toString());

        JsonNode requeued = ok("/dead/requeue", null, "{\"send_id\":\"" + job.id() + "\"}");
        assertEquals(job.id(), requeued.path("requeued").get(0).asText());
        ClaimedSend again = schedule.claimDue(0, 10, LEASE, 8).get(0);
        assertTrue(again.isJob());
        assertEquals(job.id(), again.id());
        assertEquals(1, again.attempt(), "attempts start again");
    }

    @Test
    void deadLettersAreListedRequeuedOrDiscardedOneOrAll() {
        String first = dead(LEAD, "t1", 2);
        String second = dead(LEAD, "t1", 3);
        String third = dead(OTHER, "t9", 2);
        String fourth = dead(OTHER, "t9", 3);
        String pending = add(LEAD, "5day", "t1", 4, now.plus(Duration.ofDays(1)));

        JsonNode list = ok("/dead", null, "");
        assertEquals(4, list.path("count").asInt());
        assertEquals(Set.of(first, second, third, fourth), ids(list.path("dead"), "send_id"));
        assertTrue(list.path("dead").get(0).path("error").asText().contains("not found"));
        assertTrue(list.path("dead").get(0).has("dead_at"));
        assertEquals(2, ok("/dead", "limit=2", "").path("dead").size());

        JsonNode requeued = ok("/dead/requeue", null, "{\"send_id\":\"" + first + "\"}");
        assertEquals(List.of(first), List.of(requeued.path("requeued").get(0).asText()));
        Map<String, String> hash = schedule.inspect(first);
        assertEquals("scheduled", hash.get("state"));
        assertEquals("0", hash.get("attempts"));
        assertTrue(schedule.dueAt(first).orElseThrow().isBefore(Instant.now().plusSeconds(1)), "due now");
        assertEquals(3, schedule.countDead());
        ClaimedSend again = claimOnly(first);
        assertEquals(1, again.attempt(), "attempts start again");

        JsonNode discarded = ok("/dead/discard", null, "{\"send_id\":\"" + second + "\"}");
        assertEquals(1, discarded.path("count").asInt());
        assertEquals("discarded", state(second));
        assertEquals(2, schedule.countDead());

        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        assertEquals(
                404,
                call("/dead/requeue", null, "{\"send_id\":\"" + pending + "\"}", auth)
                        .getStatusCode());
        assertEquals(
                404,
                call("/dead/discard", null, "{\"send_id\":\"" + second + "\"}", auth)
                        .getStatusCode());
        assertEquals(422, call("/dead/requeue", null, "{}", auth).getStatusCode());
        assertEquals(
                422,
                call("/dead/requeue", null, "{\"send_id\":\"x\",\"all\":true}", auth)
                        .getStatusCode());
        assertEquals("scheduled", state(pending));

        JsonNode allRequeued = ok("/dead/requeue", null, "{\"all\":true}");
        assertEquals(Set.of(third, fourth), ids(allRequeued.path("requeued"), null));
        assertEquals(0, schedule.countDead());

        dead(LEAD, "t1", 6);
        dead(LEAD, "t1", 7);
        JsonNode allDiscarded = ok("/dead/discard", null, "{\"all\":true}");
        assertEquals(2, allDiscarded.path("count").asInt());
        assertEquals(0, schedule.countDead());
    }

    @Test
    void theTemplateCheckListsMissingAndEmptyTemplates() {
        JsonNode fine = ok("/templates/check", null, "");
        assertTrue(fine.path("ok").asBoolean(), fine.toString());
        assertEquals(14, fine.path("checked").asInt(), "5 + 3 + 3 + 3 templates the sequences reference");
        assertEquals(0, fine.path("problems").size());

        String db = "db-templates-check";
        env.notion.schema(
                db, Map.of("Template Name", "title", "Subject Line", "rich_text", "Email Body HTML", "rich_text"));
        // bodies with the footer the check requires, so that only the problems below are found
        String body = "<p>Body</p>" + TestCampaign.SAMPLE_FOOTER;
        env.notion.addTemplate(db, "5-Day E2", "Subject", body);
        env.notion.addTemplate(db, "5-Day E3", " ", body);
        env.notion.addTemplate(db, "5-Day E4", "Subject", "");
        settings.put(Setting.NOTION_EMAIL_TEMPLATES_DB_ID, db);

        JsonNode broken = ok("/templates/check", null, "");
        assertFalse(broken.path("ok").asBoolean());
        JsonNode problems = broken.path("problems");
        assertEquals(13, problems.size(), problems.toString());
        assertEquals("5-Day E1", problems.get(0).path("template").asText());
        assertEquals("missing", problems.get(0).path("kind").asText());
        assertEquals("5-Day E3", problems.get(1).path("template").asText());
        assertEquals("empty_subject", problems.get(1).path("kind").asText());
        assertEquals("5-Day E4", problems.get(2).path("template").asText());
        assertEquals("empty_body", problems.get(2).path("kind").asText());
        assertEquals("5-Day E5", problems.get(3).path("template").asText());
        assertEquals("5day", problems.get(3).path("sequence").asText());
        assertEquals(5, problems.get(3).path("email_number").asInt());

        settings.remove(Setting.NOTION_TOKEN);
        IResponse unconfigured = call("/templates/check", null, "", Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(500, unconfigured.getStatusCode());
        assertTrue(unconfigured.getBody().contains("notion-token (NOTION_TOKEN)"), unconfigured.getBody());
    }

    @Test
    void reindexFindsSendsScheduledBeforeTheIndexExisted() {
        String tag = "{" + env.redisPrefix + "}:";
        ScheduledSend old = new ScheduledSend("5day", 3, "5-Day E3", LEAD, "legacy", Map.of());
        redis.hset(
                tag + "send:" + old.id(),
                Map.of(
                        "payload",
                        old.toJson(),
                        "attempts",
                        "0",
                        "state",
                        "scheduled",
                        "due",
                        Long.toString(now.toEpochMilli())));
        redis.zadd(tag + "scheduled", now.plus(Duration.ofDays(1)).toEpochMilli(), old.id());
        assertEquals(0, ok("/sends", "email=" + LEAD, "").path("pending").size());

        assertEquals(1, ok("/reindex", null, "").path("indexed").asInt());

        assertEquals(Set.of(old.id()), ids(ok("/sends", "email=" + LEAD, "").path("pending"), "send_id"));
        assertEquals(
                List.of(old.id()),
                List.of(ok("/cancel", null, "{\"email\":\"" + LEAD + "\"}")
                        .path("cancelled")
                        .get(0)
                        .asText()));
    }

    @Test
    void theRootListsTheOperationsAndAnUnknownOneIs404() {
        assertEquals(
                AdminApi.OPERATIONS.size(), ok("/", null, "").path("operations").size());
        assertEquals(
                AdminApi.OPERATIONS.size(),
                ok(null, null, "").path("operations").size());
        assertEquals(
                200,
                call("/stats/", null, "", Map.of("Authorization", "Bearer " + TOKEN))
                        .getStatusCode());
        IResponse unknown = call("/nope", null, "", Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(404, unknown.getStatusCode());
        assertTrue(unknown.getBody().contains("/stats"), unknown.getBody());
    }

    @Test
    void repeatedWrongTokensSlowAClientDownThenLockItOutWhileOthersAreServed() {
        ManualClock clock = new ManualClock(now);
        BadTokenGuard guard = new BadTokenGuard(clock);
        Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.fixed(now, ZoneOffset.UTC));
        AdminApi api = new AdminApi(
                campaign.config().get(Setting.ADMIN_TOKEN),
                () -> campaign.admin(Log.to("campaign-admin", new PrintStream(logs, true, StandardCharsets.UTF_8))),
                guard);
        java.util.function.BiFunction<String, String, IResponse> call = (client, token) -> api.handle(new Request(
                "",
                new HashMap<>(
                        Map.of("Authorization", "Bearer " + token, "X-Forwarded-For", client + ":51234, 10.0.0.2")),
                "",
                "/stats"));
        String guesser = "198.51.100.7";

        for (int i = 1; i <= 5; i++)
            assertEquals(401, call.apply(guesser, "guess-" + i).getStatusCode(), "free try " + i);
        assertEquals(401, call.apply(guesser, "guess-6").getStatusCode(), "the sixth is still answered, and locks");
        IResponse locked = call.apply(guesser, "guess-7");
        assertEquals(429, locked.getStatusCode(), locked.getBody());
        assertEquals("1", locked.getHeaders().get("Retry-After"));
        assertEquals(
                429,
                call.apply(guesser, TOKEN).getStatusCode(),
                "while locked out, not even the right token is compared");
        assertEquals(200, call.apply("192.0.2.44", TOKEN).getStatusCode(), "another client is served");

        clock.advance(java.time.Duration.ofSeconds(1));
        assertEquals(401, call.apply(guesser, "guess-8").getStatusCode());
        IResponse longer = call.apply(guesser, "guess-9");
        assertEquals(429, longer.getStatusCode());
        assertEquals("2", longer.getHeaders().get("Retry-After"), "each failure doubles the lockout");
        for (int i = 0; i < 30; i++) {
            clock.advance(java.time.Duration.ofHours(1));
            call.apply(guesser, "guess-more-" + i);
        }
        IResponse capped = call.apply(guesser, "again");
        assertEquals(429, capped.getStatusCode());
        assertEquals("900", capped.getHeaders().get("Retry-After"), "at most 15 minutes");

        clock.advance(java.time.Duration.ofMinutes(15));
        assertEquals(200, call.apply(guesser, TOKEN).getStatusCode(), "the right token after the lockout");
        assertEquals(401, call.apply(guesser, "one-slip").getStatusCode());
        assertEquals(
                401,
                call.apply(guesser, "two-slips").getStatusCode(),
                "the right token cleared the record: free tries again");
    }
}
