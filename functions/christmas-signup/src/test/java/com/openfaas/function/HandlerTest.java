package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.Setting;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.UnifiedJedis;

class HandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private final TestCampaign campaign = harness.campaign;

    /** A call as the website makes it: signed with the harness's webhook-secret. */
    private JsonNode call(String body) throws Exception {
        return answer(new Handler(harness.config())
                .Handle(new Request(body, harness.signed(body, Map.of("Content-Type", "application/json")))));
    }

    private JsonNode callUnsigned(String body) throws Exception {
        return answer(
                new Handler(harness.config()).Handle(new Request(body, Map.of("Content-Type", "application/json"))));
    }

    private static JsonNode answer(IResponse response) throws Exception {
        JsonNode json = JSON.readTree(response.getBody());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("_status", response.getStatusCode());
        return json;
    }

    private long scheduledKeys() {
        try (UnifiedJedis redis = TestRedis.client()) {
            return TestRedis.campaignKeys(redis, campaign.redisPrefix).size();
        }
    }

    @Test
    void validSignupCreatesTheTrackerAndSchedulesEmailsTwoToFive() throws Exception {
        JsonNode answer = call("{\"email\":\"lead@example.com\",\"first_name\":\"Ann\",\"assessment_score\":42,"
                + "\"red_systems\":2,\"orange_systems\":1}");

        assertEquals(202, answer.path("_status").asInt(), answer.toString());
        assertEquals("accepted", answer.path("status").asText());
        assertEquals("CRITICAL", answer.path("segment").asText());
        assertEquals(4, answer.path("scheduled_emails").size());
        assertEquals(
                2, answer.path("scheduled_emails").path(0).path("email_number").asInt());
        assertEquals(0, campaign.notion.requestCount(), "no Notion request on the webhook's path");

        harness.runCrmJobs();
        assertEquals(1, campaign.notion.pagesOf(TestCampaign.TRACKER_DB).size(), "the tracker, by its CRM job");
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("missing email", "{\"first_name\":\"Ann\",\"assessment_score\":1}", List.of("email")),
                Arguments.of(
                        "malformed email",
                        "{\"email\":\"not-an-email\",\"first_name\":\"Ann\",\"assessment_score\":1}",
                        List.of("email")),
                Arguments.of(
                        "score out of range",
                        "{\"email\":\"a@example.com\",\"first_name\":\"Ann\",\"assessment_score\":101}",
                        List.of("assessment_score")),
                Arguments.of(
                        "negative count",
                        "{\"email\":\"a@example.com\",\"first_name\":\"Ann\",\"assessment_score\":1,\"red_systems\":-1}",
                        List.of("red_systems")),
                Arguments.of(
                        "wrong types",
                        "{\"email\":\"a@example.com\",\"first_name\":7,\"assessment_score\":\"high\"}",
                        List.of("first_name", "assessment_score")),
                Arguments.of("every required field missing", "{}", List.of("email", "first_name", "assessment_score")),
                Arguments.of("not json", "email=a@example.com", List.of()),
                Arguments.of("an array", "[1,2]", List.of()),
                Arguments.of("empty body", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidInputGets422WithOneDetailPerFieldAndWritesNothing(String name, String body, List<String> fields)
            throws Exception {
        JsonNode answer = call(body);

        assertEquals(422, answer.path("_status").asInt(), answer.toString());
        JsonNode detail = answer.path("detail");
        assertTrue(detail.isArray() && detail.size() >= 1, answer.toString());
        for (int i = 0; i < fields.size(); i++) {
            assertEquals("body", detail.path(i).path("loc").path(0).asText());
            assertEquals(fields.get(i), detail.path(i).path("loc").path(1).asText(), answer.toString());
        }
        assertEquals(0, campaign.notion.requestCount(), "no Notion call for invalid input");
        assertEquals(0, scheduledKeys(), "nothing scheduled for invalid input");
    }

    @Test
    void missingConfigurationIsNamedNotThrown() throws Exception {
        harness.clear("NOTION_TOKEN");
        harness.clear("NOTION_BUSINESSX_DB_ID");

        JsonNode answer = call("{\"email\":\"lead@example.com\",\"first_name\":\"Ann\",\"assessment_score\":42}");

        assertEquals(500, answer.path("_status").asInt());
        String detail = answer.path("detail").asText();
        assertTrue(detail.contains("notion-token (NOTION_TOKEN)"), detail);
        assertTrue(detail.contains("notion-businessx-db-id (NOTION_BUSINESSX_DB_ID)"), detail);
        assertEquals(0, scheduledKeys());
    }

    @Test
    void redisDownAnswers503WithRetryAfterAndWritesNothingToNotion() throws Exception {
        harness.set("REDIS_URL", "redis://127.0.0.1:" + TestRedis.freePort());

        String body = "{\"email\":\"lead@example.com\",\"first_name\":\"Ann\",\"assessment_score\":42}";
        IResponse response = new Handler(harness.config()).Handle(new Request(body, harness.signed(body, Map.of())));

        assertEquals(503, response.getStatusCode());
        assertEquals("30", response.getHeader("Retry-After"));
        assertEquals(0, campaign.notion.requestCount());
    }

    private static final String SIGNUP =
            "{\"email\":\"lead@example.com\",\"first_name\":\"Ann\",\"assessment_score\":42}";

    private IResponse signupFrom(String client, String email) {
        String body = SIGNUP.replace("lead@example.com", email);
        return new Handler(harness.config())
                .Handle(new Request(body, harness.signed(body, Map.of("X-Forwarded-For", client + ":40123"))));
    }

    private IResponse unsignedSignupFrom(String client, String email) {
        String body = SIGNUP.replace("lead@example.com", email);
        return new Handler(harness.config()).Handle(new Request(body, Map.of("X-Forwarded-For", client + ":40123")));
    }

    @Test
    void aClientPastItsUnverifiedCallsAMinuteGets429WithRetryAfterAndNothingIsWritten() throws Exception {
        harness.set(Setting.INTAKE_CLIENT_LIMIT_PER_MINUTE, "2");
        assertEquals(401, unsignedSignupFrom("203.0.113.9", "ann@example.com").getStatusCode());
        assertEquals(401, unsignedSignupFrom("203.0.113.9", "bea@example.com").getStatusCode());
        int notionRequests = campaign.notion.requestCount();

        IResponse limited = unsignedSignupFrom("203.0.113.9", "cat@example.com");

        assertEquals(429, limited.getStatusCode(), limited.getBody());
        long retryAfter = Long.parseLong(limited.getHeader("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "2 a minute: one more within 30 s, got " + retryAfter);
        assertEquals(notionRequests, campaign.notion.requestCount(), "nothing read from or written to Notion");
        assertEquals(0, harness.scheduledCount(), "nothing taken in");
        assertEquals(
                401,
                unsignedSignupFrom("198.51.100.7", "cat@example.com").getStatusCode(),
                "another client: not limited");
    }

    @Test
    void theWebsitesSignedSignupsAreAllTakenInHoweverManyComeFromItsAddress() throws Exception {
        harness.set(Setting.INTAKE_CLIENT_LIMIT_PER_MINUTE, "2");
        for (int i = 0; i < 6; i++) {
            IResponse answer = signupFrom("203.0.113.9", "lead" + i + "@example.com");
            assertEquals(202, answer.getStatusCode(), "signup " + i + " of a newsletter's burst: " + answer.getBody());
        }
        assertEquals(6 * 5, harness.scheduledCount(), "six leads taken in: E2-E5 and a CRM job each");
    }

    @Test
    void pastTheDaysCapANewSignupGets429UntilMidnightUtcAndAnEnrolledLeadStillGetsIn() throws Exception {
        harness.set(Setting.INTAKE_DAILY_ENROLMENT_CAP, "1");
        assertEquals(202, signupFrom("203.0.113.9", "ann@example.com").getStatusCode());

        IResponse capped = signupFrom("198.51.100.7", "bea@example.com");
        java.time.Instant now = java.time.Instant.now();

        assertEquals(429, capped.getStatusCode(), capped.getBody());
        long untilMidnight = java.time.Duration.between(
                        now,
                        now.atOffset(java.time.ZoneOffset.UTC)
                                .toLocalDate()
                                .plusDays(1)
                                .atStartOfDay(java.time.ZoneOffset.UTC)
                                .toInstant())
                .getSeconds();
        long retryAfter = Long.parseLong(capped.getHeader("Retry-After"));
        assertTrue(Math.abs(retryAfter - untilMidnight) <= 60, retryAfter + " s, midnight is " + untilMidnight);
        assertEquals(5, harness.scheduledCount(), "nothing taken in for the refused one");
        assertEquals(202, signupFrom("198.51.100.7", "Ann@example.com").getStatusCode(), "an enrolled lead again");
    }

    @Test
    void anUnsignedSignupIs401ByDefaultAndWritesNothing() throws Exception {
        assertEquals(401, callUnsigned(SIGNUP).path("_status").asInt());
        harness.clear(Setting.WEBHOOK_SECRET);
        JsonNode refused = callUnsigned(SIGNUP);
        assertEquals(401, refused.path("_status").asInt(), refused.toString());
        assertEquals("signed webhooks required", refused.path("detail").asText());
        assertEquals(0, campaign.notion.requestCount(), "nothing read from or written to Notion");
        assertEquals(0, scheduledKeys(), "nothing written to Redis");
    }

    @Test
    void withWebhookAuthNoneAnUnsignedSignupIsAccepted() throws Exception {
        harness.clear(Setting.WEBHOOK_SECRET).set("WEBHOOK_AUTH", "none");
        JsonNode answer = callUnsigned(SIGNUP);
        assertEquals(202, answer.path("_status").asInt(), answer.toString());
        assertEquals("accepted", answer.path("status").asText(), answer.toString());
    }

    /** The image has no sandbox: SANDBOX_DIR there is refused, naming it (sandbox mode: e2e SandboxModeFunctionsTest). */
    @Test
    void sandboxDirOutsideTheLocalGatewayIsAConfigurationErrorNamingIt(@TempDir Path sandbox) throws Exception {
        harness.clear(Setting.WEBHOOK_SECRET).set("SANDBOX_DIR", sandbox.toString());
        JsonNode answer = callUnsigned(SIGNUP);
        assertEquals(500, answer.path("_status").asInt(), answer.toString());
        assertTrue(answer.path("detail").asText().contains("SANDBOX_DIR"), answer.toString());
        assertEquals(0, campaign.notion.requestCount());
    }

    @Test
    void anUnknownWebhookAuthIsAConfigurationErrorNamingIt() throws Exception {
        harness.clear(Setting.WEBHOOK_SECRET).set("WEBHOOK_AUTH", "optional");
        JsonNode answer = callUnsigned(SIGNUP);
        assertEquals(500, answer.path("_status").asInt(), answer.toString());
        assertTrue(answer.path("detail").asText().contains("WEBHOOK_AUTH"), answer.toString());
        assertEquals(0, campaign.notion.requestCount());
    }
}
