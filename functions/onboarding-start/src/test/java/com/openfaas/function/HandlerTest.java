package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/** POST /function/onboarding-start end to end, with its payment gate. */
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

    private static ObjectNode body() {
        return JSON.createObjectNode().put("email", "ada@example.com").put("first_name", "Ada")
                .put("business_name", "Ada's Salon").put("payment_confirmed", true).put("payment_amount", 2997)
                .put("payment_date", "2025-11-27");
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
    void aConfirmedPaymentStartsTheSequence() {
        IResponse response = call(body().toString());
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("accepted", answer.path("status").asText());
        assertEquals("Onboarding welcome sequence will begin shortly", answer.path("message").asText());
        assertEquals("2997.0", answer.path("payment_amount").toString());
        assertEquals("Christmas Traditional Service", answer.path("campaign").asText());
        assertEquals(JSON.nullNode(), answer.path("contact_id"));
        JsonNode tracker = env.notion.pagesOf(TestCampaign.TRACKER_DB).get(0).path("properties");
        assertEquals("Onboarding", tracker.path("Template Type").path("select").path("name").asText());
        assertEquals("2025-11-27", tracker.path("Payment Date").path("date").path("start").asText());
        assertEquals(2997.0, tracker.path("Payment Amount").path("number").asDouble());
        assertEquals(3, scheduledCount());
    }

    @Test
    void anUnconfirmedPaymentIs422AndWritesNothing() {
        IResponse response = call(body().put("payment_confirmed", false).toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(1, detail.size(), detail.toString());
        assertEquals("payment_not_confirmed", detail.get(0).path("type").asText());
        assertEquals("[\"body\",\"payment_confirmed\"]", detail.get(0).path("loc").toString());
        assertEquals("Payment not confirmed for ada@example.com", detail.get(0).path("msg").asText());
        assertNothingWritten();
    }

    @Test
    void docusignNotCompletedStillStartsTheSequence() {
        IResponse response = call(body().put("docusign_completed", false).toString());
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("accepted", json(response).path("status").asText());
        assertEquals(3, scheduledCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "first_name", "business_name", "payment_confirmed", "payment_amount", "payment_date"})
    void aMissingFieldIs422AndWritesNothing(String field) {
        ObjectNode body = body();
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
    void wrongTypesAre422AndWriteNothing() {
        IResponse response = call(body().put("email", "ada@").put("payment_amount", "a lot")
                .put("payment_date", "last Friday").toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(3, detail.size(), detail.toString());
        assertEquals("value_error", detail.get(0).path("type").asText());
        assertEquals("float_parsing", detail.get(1).path("type").asText());
        assertEquals("date_parsing", detail.get(2).path("type").asText());
        assertNothingWritten();
    }

    @Test
    void aSecondCallIsSkipped() {
        JsonNode first = json(call(body().toString()));
        JsonNode second = json(call(body().toString()));
        assertEquals("skipped", second.path("status").asText());
        assertEquals("duplicate_onboarding_sequence", second.path("reason").asText());
        assertEquals(first.path("sequence_id").asText(), second.path("existing_sequence_id").asText());
        assertEquals(1, env.notion.pagesOf(TestCampaign.TRACKER_DB).size());
        assertEquals(3, scheduledCount());
    }
}
