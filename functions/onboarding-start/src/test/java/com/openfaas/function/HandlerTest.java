package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.testing.FollowUpBodies;
import com.busos.campaign.testing.FollowUpHandlerContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import java.util.List;
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
                "Onboarding welcome sequence will begin shortly",
                "Onboarding",
                "email",
                "first_name",
                "business_name",
                "payment_confirmed",
                "payment_amount",
                "payment_date");
    }

    @Override
    protected ObjectNode validBody() {
        return FollowUpBodies.lead()
                .put("payment_confirmed", true)
                .put("payment_amount", 2997)
                .put("payment_date", "2025-11-27");
    }

    @Override
    protected boolean cancelsSequences() {
        return true;
    }

    @Override
    protected void assertStarted(JsonNode answer, JsonNode tracker) {
        assertEquals("2997.0", answer.path("payment_amount").toString());
        assertEquals(
                "2025-11-27",
                tracker.path("Payment Date").path("date").path("start").asText());
        assertEquals(2997.0, tracker.path("Payment Amount").path("number").asDouble());
    }

    @Override
    protected ObjectNode wrongTypesBody() {
        return validBody().put("email", "ada@").put("payment_amount", "a lot").put("payment_date", "last Friday");
    }

    @Override
    protected List<String> wrongTypesErrors() {
        return List.of(
                "value_error [\"body\",\"email\"]",
                "float_parsing [\"body\",\"payment_amount\"]",
                "date_parsing [\"body\",\"payment_date\"]");
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
        assertAcceptedAndScheduled(response);
    }
}
