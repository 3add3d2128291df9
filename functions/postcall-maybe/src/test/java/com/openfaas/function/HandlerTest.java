package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FollowUpHandlerContract;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** POST /function/postcall-maybe end to end; what every follow-up answers alike is in {@link FollowUpHandlerContract}. */
class HandlerTest extends FollowUpHandlerContract {
    HandlerTest() {
        super(Handler::new, "postcall", "email", "first_name", "business_name", "call_date");
    }

    @Override
    protected ObjectNode validBody() {
        return JSON.createObjectNode()
                .put("email", "ada@example.com")
                .put("first_name", "Ada")
                .put("business_name", "Ada's Salon")
                .put("call_date", "2025-11-27T16:00:00Z");
    }

    /** A second call with another outcome is still the same contact's sequence. */
    @Override
    protected ObjectNode repeatBody() {
        return validBody().put("call_outcome", "Maybe later");
    }

    @Test
    void theMinimalPayloadStartsTheSequence() {
        env.notion.addContact(TestCampaign.CONTACTS_DB, "ada@example.com");
        IResponse response = call(validBody().toString());
        assertEquals(202, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(
                "Post-call follow-up sequence will begin shortly",
                answer.path("message").asText());
        assertEquals("ada@example.com", answer.path("email").asText());
        assertEquals("Maybe", answer.path("call_outcome").asText());
        assertEquals("Christmas Traditional Service", answer.path("campaign").asText());
        assertEquals(
                "postcall_maybe_email_1",
                answer.path("scheduled_emails").get(0).path("template").asText());
        assertEquals(0, env.notion.requestCount(), "no Notion request on the webhook's path");
        harness.runCrmJobs();
        JsonNode tracker = env.notion.pagesOf(TestCampaign.TRACKER_DB).get(0).path("properties");
        assertEquals(
                "Post-Call Follow-Up",
                tracker.path("Template Type").path("select").path("name").asText());
        assertEquals(3, scheduledCount());
    }

    @Test
    void aMalformedEmailOrWrongTypesAre422AndWriteNothing() {
        ObjectNode body = validBody().put("email", "not-an-email").put("follow_up_priority", 1);
        body.putArray("objections").add("price").add(false);
        IResponse response = call(body.toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(3, detail.size(), detail.toString());
        assertEquals("value_error", detail.get(0).path("type").asText());
        assertEquals("[\"body\",\"objections\",1]", detail.get(1).path("loc").toString());
        assertEquals(
                "[\"body\",\"follow_up_priority\"]", detail.get(2).path("loc").toString());
        assertNothingWritten();
    }

    @Test
    void testingModeSchedulesOneMinuteApart() {
        harness.set("TESTING_MODE", "true");
        JsonNode answer = json(call(validBody().toString()));
        JsonNode emails = answer.path("scheduled_emails");
        Instant first = Instant.parse(emails.get(0).path("scheduled_time").asText());
        assertEquals(
                first.plus(Duration.ofMinutes(1)),
                Instant.parse(emails.get(1).path("scheduled_time").asText()));
        assertEquals(
                first.plus(Duration.ofMinutes(2)),
                Instant.parse(emails.get(2).path("scheduled_time").asText()));
        assertTrue(first.isBefore(Instant.parse(answer.path("timestamp").asText())
                .plus(Duration.ofMinutes(1))
                .plusMillis(1)));
    }
}
