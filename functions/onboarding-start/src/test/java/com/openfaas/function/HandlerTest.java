package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.testing.FollowUpHandlerContract;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import org.junit.jupiter.api.Test;

/**
 * POST /function/onboarding-start end to end, with its payment gate; what every follow-up answers
 * alike is in {@link FollowUpHandlerContract}.
 */
class HandlerTest extends FollowUpHandlerContract {
    HandlerTest() {
        super(
                Handler::new,
                "onboarding",
                "email",
                "first_name",
                "business_name",
                "payment_confirmed",
                "payment_amount",
                "payment_date");
    }

    @Override
    protected ObjectNode validBody() {
        return JSON.createObjectNode()
                .put("email", "ada@example.com")
                .put("first_name", "Ada")
                .put("business_name", "Ada's Salon")
                .put("payment_confirmed", true)
                .put("payment_amount", 2997)
                .put("payment_date", "2025-11-27");
    }

    @Override
    protected boolean cancelsSequences() {
        return true;
    }

    @Test
    void aConfirmedPaymentStartsTheSequence() {
        IResponse response = call(validBody().toString());
        assertEquals(202, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(
                "Onboarding welcome sequence will begin shortly",
                answer.path("message").asText());
        assertEquals("2997.0", answer.path("payment_amount").toString());
        assertEquals("Christmas Traditional Service", answer.path("campaign").asText());
        harness.runCrmJobs();
        JsonNode tracker = env.notion.pagesOf(TestCampaign.TRACKER_DB).get(0).path("properties");
        assertEquals(
                "Onboarding",
                tracker.path("Template Type").path("select").path("name").asText());
        assertEquals(
                "2025-11-27",
                tracker.path("Payment Date").path("date").path("start").asText());
        assertEquals(2997.0, tracker.path("Payment Amount").path("number").asDouble());
        assertEquals(3, scheduledCount());
    }

    @Test
    void anUnconfirmedPaymentIs422AndWritesNothing() {
        IResponse response = call(validBody().put("payment_confirmed", false).toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(1, detail.size(), detail.toString());
        assertEquals("payment_not_confirmed", detail.get(0).path("type").asText());
        assertEquals(
                "[\"body\",\"payment_confirmed\"]", detail.get(0).path("loc").toString());
        assertEquals(
                "Payment not confirmed for ada@example.com",
                detail.get(0).path("msg").asText());
        assertNothingWritten();
    }

    @Test
    void docusignNotCompletedStillStartsTheSequence() {
        IResponse response = call(validBody().put("docusign_completed", false).toString());
        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals("accepted", json(response).path("status").asText());
        harness.runCrmJobs();
        assertEquals(3, scheduledCount());
    }

    @Test
    void wrongTypesAre422AndWriteNothing() {
        IResponse response = call(validBody()
                .put("email", "ada@")
                .put("payment_amount", "a lot")
                .put("payment_date", "last Friday")
                .toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(3, detail.size(), detail.toString());
        assertEquals("value_error", detail.get(0).path("type").asText());
        assertEquals("float_parsing", detail.get(1).path("type").asText());
        assertEquals("date_parsing", detail.get(2).path("type").asText());
        assertNothingWritten();
    }
}
