package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FollowUpBodies;
import com.busos.campaign.testing.FollowUpHandlerContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /function/postcall-maybe end to end; what every follow-up answers alike is in {@link FollowUpHandlerContract}. */
class HandlerTest extends FollowUpHandlerContract {
    HandlerTest() {
        super(
                Handler::new,
                "postcall",
                "Post-call follow-up sequence will begin shortly",
                "Post-Call Follow-Up",
                "email",
                "first_name",
                "business_name",
                "call_date");
    }

    @Override
    protected ObjectNode validBody() {
        return FollowUpBodies.postCall();
    }

    /** A second call with another outcome is still the same contact's sequence. */
    @Override
    protected ObjectNode repeatBody() {
        return validBody().put("call_outcome", "Maybe later");
    }

    @Override
    protected void assertStarted(JsonNode answer, JsonNode tracker) {
        assertEquals("Maybe", answer.path("call_outcome").asText());
        assertEquals(
                "postcall_maybe_email_1",
                answer.path("scheduled_emails").get(0).path("template").asText());
    }

    @Override
    protected ObjectNode wrongTypesBody() {
        ObjectNode body = validBody().put("email", "not-an-email").put("follow_up_priority", 1);
        body.putArray("objections").add("price").add(false);
        return body;
    }

    @Override
    protected List<String> wrongTypesErrors() {
        return List.of(
                "value_error [\"body\",\"email\"]",
                "string_type [\"body\",\"objections\",1]",
                "string_type [\"body\",\"follow_up_priority\"]");
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
