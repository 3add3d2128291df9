package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/** POST /function/postcall-maybe end to end. */
class HandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HandlerHarness harness;
    private TestCampaign env;

    @BeforeEach
    void setUp() {
        harness = new HandlerHarness();
        env = harness.campaign;
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private static ObjectNode minimalBody() {
        return JSON.createObjectNode().put("email", "ada@example.com").put("first_name", "Ada")
                .put("business_name", "Ada's Salon").put("call_date", "2025-11-27T16:00:00Z");
    }

    private IResponse call(String body) {
        return new Handler(harness.config()).Handle(new Request(body, new HashMap<>(Map.of("Content-Type", "application/json"))));
    }

    private static JsonNode json(IResponse response) {
        assertEquals("application/json", response.getContentType());
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long scheduledCount() {
        try (UnifiedJedis redis = TestRedis.client()) {
            return new Schedule(redis, env.redisPrefix).countScheduled();
        }
    }

    private void assertNothingWritten() {
        assertEquals(0, env.notion.requestCount(), "Notion was not called");
        assertEquals(0, env.notion.pagesOf(TestCampaign.TRACKER_DB).size(), "no tracker record");
        assertEquals(0, scheduledCount(), "nothing scheduled");
    }

    @Test
    void theMinimalPayloadStartsTheSequence() {
        String contactId = env.notion.addContact(TestCampaign.CONTACTS_DB, "ada@example.com");
        IResponse response = call(minimalBody().toString());
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("accepted", answer.path("status").asText());
        assertEquals("Post-call follow-up sequence will begin shortly", answer.path("message").asText());
        assertEquals("ada@example.com", answer.path("email").asText());
        assertEquals("Maybe", answer.path("call_outcome").asText());
        assertEquals("Christmas Traditional Service", answer.path("campaign").asText());
        assertEquals(contactId, answer.path("contact_id").asText());
        assertEquals("postcall_maybe_email_1", answer.path("scheduled_emails").get(0).path("template").asText());
        JsonNode tracker = env.notion.pagesOf(TestCampaign.TRACKER_DB).get(0).path("properties");
        assertEquals("Post-Call Follow-Up", tracker.path("Template Type").path("select").path("name").asText());
        assertEquals(3, scheduledCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "first_name", "business_name", "call_date"})
    void aMissingFieldIs422AndWritesNothing(String field) {
        ObjectNode body = minimalBody();
        body.remove(field);
        IResponse response = call(body.toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(1, detail.size(), detail.toString());
        assertEquals("missing", detail.get(0).path("type").asText());
        assertEquals("[\"body\",\"" + field + "\"]", detail.get(0).path("loc").toString());
        assertNothingWritten();
    }

    @Test
    void aMalformedEmailOrWrongTypesAre422AndWriteNothing() {
        ObjectNode body = minimalBody().put("email", "not-an-email").put("follow_up_priority", 1);
        body.putArray("objections").add("price").add(false);
        IResponse response = call(body.toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(3, detail.size(), detail.toString());
        assertEquals("value_error", detail.get(0).path("type").asText());
        assertEquals("[\"body\",\"objections\",1]", detail.get(1).path("loc").toString());
        assertEquals("[\"body\",\"follow_up_priority\"]", detail.get(2).path("loc").toString());
        assertNothingWritten();
    }

    @Test
    void aSecondCallIsSkipped() {
        JsonNode first = json(call(minimalBody().toString()));
        IResponse response = call(minimalBody().put("call_outcome", "Maybe later").toString());
        assertEquals(200, response.getStatusCode());
        JsonNode second = json(response);
        assertEquals("skipped", second.path("status").asText());
        assertEquals("duplicate_postcall_sequence", second.path("reason").asText());
        assertEquals(first.path("sequence_id").asText(), second.path("existing_sequence_id").asText());
        assertEquals(1, env.notion.pagesOf(TestCampaign.TRACKER_DB).size());
        assertEquals(3, scheduledCount());
    }

    @Test
    void testingModeSchedulesOneMinuteApart() {
        harness.set("TESTING_MODE", "true");
        JsonNode answer = json(call(minimalBody().toString()));
        JsonNode emails = answer.path("scheduled_emails");
        Instant first = Instant.parse(emails.get(0).path("scheduled_time").asText());
        assertEquals(first.plus(Duration.ofMinutes(1)), Instant.parse(emails.get(1).path("scheduled_time").asText()));
        assertEquals(first.plus(Duration.ofMinutes(2)), Instant.parse(emails.get(2).path("scheduled_time").asText()));
        assertTrue(first.isBefore(Instant.parse(answer.path("timestamp").asText()).plus(Duration.ofMinutes(1)).plusMillis(1)));
    }

    @Test
    void redisDownIs503AndWritesNothing() {
        harness.set("REDIS_URL", "redis://127.0.0.1:" + TestRedis.freePort());
        IResponse response = call(minimalBody().toString());
        assertEquals(503, response.getStatusCode(), response.getBody());
        assertNothingWritten();
    }
}
