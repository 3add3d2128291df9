package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.followup.CalendlySignature;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.FollowUpBodies;
import com.busos.campaign.testing.FollowUpHandlerContract;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * POST /function/calendly-noshow end to end: the website's flat form and Calendly's own webhook; what
 * every follow-up answers alike is in {@link FollowUpHandlerContract}.
 */
class HandlerTest extends FollowUpHandlerContract {
    private static final String KEY = FollowUpBodies.CALENDLY_KEY;

    HandlerTest() {
        super(
                Handler::new,
                "noshow",
                "No-show recovery sequence will begin shortly",
                "No-Show Recovery",
                "email",
                "calendly_event_uri",
                "first_name",
                "business_name",
                "scheduled_time");
    }

    /** The website's flat form. */
    @Override
    protected ObjectNode validBody() {
        return FollowUpBodies.noShow();
    }

    private static ObjectNode calendlyBody(String event) {
        return FollowUpBodies.calendlyEnvelope(event, "ada@example.com");
    }

    private static Map<String, String> signed(String body, Instant at) {
        return FollowUpBodies.signedByCalendly(body, at);
    }

    /** The website's flat form starts the sequence: its answer and tracker hold nothing beyond the common fields. */
    @Override
    protected void assertStarted(JsonNode answer, JsonNode tracker) {}

    @Override
    protected ObjectNode wrongTypesBody() {
        return validBody().put("email", "not-an-email").put("event_type", 42);
    }

    @Override
    protected List<String> wrongTypesErrors() {
        return List.of("value_error [\"body\",\"email\"]", "string_type [\"body\",\"event_type\"]");
    }

    @Test
    void aBodyThatIsNotJsonIs422AndWritesNothing() {
        assertEquals(422, call("{not json").getStatusCode());
        assertEquals(
                "json_invalid",
                json(call("{not json")).path("detail").get(0).path("type").asText());
        assertNoRecordAndNothingScheduled();
    }

    /** Calendly's envelope as Calendly sends it: signed with the calendly-signing-key, which is set. */
    private IResponse callCalendly(String body) {
        harness.set("CALENDLY_SIGNING_KEY", KEY);
        return call(body, signed(body, Instant.now()));
    }

    @Test
    void withoutACalendlyKeyOutsideTheSandboxAnEnvelopeIs401UnlessWebhookAuthIsNone() {
        harness.clear("WEBHOOK_SECRET");
        IResponse refused = call(calendlyBody("invitee_no_show.created").toString());
        assertEquals(401, refused.getStatusCode(), refused.getBody());
        assertNothingWritten();
        assertEquals(0, harness.redisKeyCount(), "nothing written to Redis");
    }

    @Test
    void calendlysWebhookStartsTheSequenceWithoutAKeyConfigured() {
        // the operator's explicit opt-out: without calendly-signing-key, envelopes are accepted unsigned
        harness.clear("WEBHOOK_SECRET").set("WEBHOOK_AUTH", "none");
        IResponse response = call(calendlyBody("invitee_no_show.created").toString());
        assertAccepted(response);
        harness.runCrmJobs();
        JsonNode tracker = env.notion.pagesOf(TestCampaign.TRACKER_DB).get(0).path("properties");
        assertEquals(
                "Ada",
                tracker.path("First Name")
                        .path("rich_text")
                        .get(0)
                        .path("plain_text")
                        .asText());
        assertEquals(
                "your business",
                tracker.path("Business Name")
                        .path("rich_text")
                        .get(0)
                        .path("plain_text")
                        .asText());
        assertEquals(
                "Discovery Call",
                tracker.path("Event Type")
                        .path("rich_text")
                        .get(0)
                        .path("plain_text")
                        .asText());
        assertEquals(
                "2025-11-28T14:00:00.000000Z",
                tracker.path("Scheduled Time")
                        .path("rich_text")
                        .get(0)
                        .path("plain_text")
                        .asText());
    }

    @Test
    void withAWebhookSecretButNoCalendlyKeyAnUnverifiableEnvelopeIs401AndWritesNothing() {
        harness.set(
                "WEBHOOK_SECRET",
                "whsec_"
                        + java.util.Base64.getEncoder()
                                .encodeToString("website-secret-0123456789abcdef"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        IResponse response = call(calendlyBody("invitee_no_show.created").toString());

        assertEquals(401, response.getStatusCode(), response.getBody());
        assertNoRecordAndNothingScheduled();
    }

    @Test
    void aValidSignatureIsAccepted() {
        harness.set("CALENDLY_SIGNING_KEY", KEY);
        String body = calendlyBody("invitee_no_show.created").toString();
        IResponse response =
                call(body, Map.of("calendly-webhook-signature", CalendlySignature.sign(KEY, Instant.now(), body)));
        assertAcceptedAndScheduled(response);
    }

    @Test
    void aWrongStaleOrMissingSignatureIs401AndWritesNothing() {
        harness.set("CALENDLY_SIGNING_KEY", KEY);
        String body = calendlyBody("invitee_no_show.created").toString();
        Map<String, Map<String, String>> cases = Map.of(
                "mismatch",
                        Map.of("Calendly-Webhook-Signature", CalendlySignature.sign("wrong-key", Instant.now(), body)),
                "expired", signed(body, Instant.now().minus(Duration.ofMinutes(10))),
                "missing", Map.of("Content-Type", "application/json"));
        cases.forEach((reason, headers) -> {
            IResponse response = call(body, headers);
            assertEquals(401, response.getStatusCode(), reason);
            assertEquals(
                    "Invalid Calendly-Webhook-Signature: " + reason,
                    json(response).path("detail").asText());
        });
        // A body changed after signing does not pass either.
        IResponse tampered = call(body.replace("ada@", "eve@"), signed(body, Instant.now()));
        assertEquals(401, tampered.getStatusCode());
        assertEquals(0, env.notion.requestCount(), "Notion was not called");
        assertNoRecordAndNothingScheduled();
    }

    @Test
    void withAKeyTheFlatFormStillNeedsNoSignature() {
        harness.set("CALENDLY_SIGNING_KEY", KEY);
        IResponse response = call(validBody().toString());
        assertAccepted(response);
    }

    private static final String LEAD = "ada@example.com";

    /** The lead is in the no-show sequence (the website's flat form), and in the 5-day and post-call ones. */
    private void enrolInEverySalesSequence() {
        IResponse started = call(validBody().toString());
        assertEquals(202, started.getStatusCode(), started.getBody());
        harness.runCrmJobs(); // the no-show sequence's tracker record
        env.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .richText("First Name", "Ada")
                        .checkbox("Sequence Completed", false)
                        .build());
        try (UnifiedJedis redis = TestRedis.client()) {
            Schedule schedule = new Schedule(redis, env.redisPrefix);
            for (int n = 2; n <= 3; n++) {
                schedule.add(
                        new ScheduledSend("5day", n, "5-Day E" + n, LEAD, "tracker-5day", Map.of()),
                        Instant.now().plus(Duration.ofDays(n)));
            }
            schedule.add(
                    new ScheduledSend("postcall", 1, "postcall_maybe_email_1", LEAD, "tracker-postcall", Map.of()),
                    Instant.now().plus(Duration.ofDays(1)));
        }
        assertEquals(6, scheduledCount());
    }

    private List<String> pending() {
        try (UnifiedJedis redis = TestRedis.client()) {
            Schedule schedule = new Schedule(redis, env.redisPrefix);
            return schedule.sendIdsOf(LEAD).stream()
                    .filter(id -> schedule.state(id).map("scheduled"::equals).orElse(false))
                    .map(id -> id.substring(0, id.indexOf(':')))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private JsonNode tracker(String templateType) {
        return env.notion.pagesOf(TestCampaign.TRACKER_DB).stream()
                .map(page -> page.path("properties"))
                .filter(p -> templateType == null
                        ? p.path("Template Type").path("select").isMissingNode()
                                || p.path("Template Type").path("select").isNull()
                        : templateType.equals(p.path("Template Type")
                                .path("select")
                                .path("name")
                                .asText()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anUnmarkedNoShowCancelsTheNoShowSequencesUnsentEmailsAndRecordsItOnItsTracker() {
        enrolInEverySalesSequence();
        IResponse response =
                callCalendly(calendlyBody("invitee_no_show.deleted").toString());

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("ended", answer.path("status").asText());
        assertEquals("invitee_no_show.deleted", answer.path("event").asText());
        assertEquals(LEAD, answer.path("email").asText());
        assertEquals("[\"noshow\"]", answer.path("sequences").toString());
        assertEquals(3, answer.path("cancelled_sends").size(), answer.toString());
        assertEquals(1, answer.path("trackers_marked").asInt());
        assertEquals(List.of("5day", "5day", "postcall"), pending(), "the other sequences go on");
        JsonNode noShow = tracker("No-Show Recovery");
        assertTrue(noShow.path("Sequence Completed").path("checkbox").asBoolean(), noShow.toString());
        assertEquals(
                "Calendly invitee_no_show.deleted",
                noShow.path("Exit Reason")
                        .path("rich_text")
                        .get(0)
                        .path("plain_text")
                        .asText());
        assertTrue(noShow.path("Exited At").path("date").path("start").isTextual(), noShow.toString());
        assertFalse(tracker(null).path("Sequence Completed").path("checkbox").asBoolean(), "5-day goes on");

        // Calendly retries: nothing more to do, the same answer's status
        JsonNode again =
                json(callCalendly(calendlyBody("invitee_no_show.deleted").toString()));
        assertEquals("ended", again.path("status").asText());
        assertEquals(0, again.path("cancelled_sends").size());
        assertEquals(0, again.path("trackers_marked").asInt());
    }

    @Test
    void aBookedCallEndsTheFiveDayAndNoShowSequencesButNotThePostCallOne() {
        enrolInEverySalesSequence();
        ObjectNode booking = calendlyBody("invitee.created");
        ((ObjectNode) booking.path("payload"))
                .put("status", "active")
                .putNull("old_invitee")
                .putNull("no_show");
        IResponse response = callCalendly(booking.toString());

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("ended", answer.path("status").asText());
        assertEquals("[\"5day\",\"noshow\"]", answer.path("sequences").toString());
        assertEquals(5, answer.path("cancelled_sends").size(), answer.toString());
        assertEquals(2, answer.path("trackers_marked").asInt());
        assertEquals(List.of("postcall"), pending());
        for (String type : new String[] {null, "No-Show Recovery"}) {
            JsonNode record = tracker(type);
            assertTrue(record.path("Sequence Completed").path("checkbox").asBoolean(), record.toString());
            assertEquals(
                    "Calendly invitee.created",
                    record.path("Exit Reason")
                            .path("rich_text")
                            .get(0)
                            .path("plain_text")
                            .asText());
        }
    }

    @Test
    void aBookingOfAnAddressInNoSequenceEndsNothing() {
        IResponse response = callCalendly(calendlyBody("invitee.created").toString());
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("not_enrolled", json(response).path("status").asText());
        assertEquals(0, json(response).path("cancelled_sends").size());
        assertNoRecordAndNothingScheduled();
    }

    @Test
    void anEventThatEndsSequencesWithoutItsEmailIs422AndCancelsNothing() {
        enrolInEverySalesSequence();
        for (String email : new String[] {null, "not-an-email"}) {
            ObjectNode body = calendlyBody("invitee.created");
            if (email == null) ((ObjectNode) body.path("payload")).remove("email");
            else ((ObjectNode) body.path("payload")).put("email", email);
            IResponse response = callCalendly(body.toString());
            assertEquals(422, response.getStatusCode(), response.getBody());
            assertEquals(
                    "[\"body\",\"payload\",\"email\"]",
                    json(response).path("detail").get(0).path("loc").toString());
        }
        assertEquals(6, scheduledCount(), "nothing cancelled");
    }

    @Test
    void withWebhookAuthNoneButNoCalendlyKeyAnEventThatEndsSequencesIs401() {
        enrolInEverySalesSequence();
        harness.clear("WEBHOOK_SECRET").set("WEBHOOK_AUTH", "none");
        for (String event : new String[] {"invitee.created", "invitee_no_show.deleted"}) {
            IResponse refused = call(calendlyBody(event).toString());
            assertEquals(401, refused.getStatusCode(), refused.getBody());
        }
        assertEquals(6, scheduledCount(), "nothing cancelled");
    }

    @Test
    void otherCalendlyEventsAreIgnored() {
        IResponse response = callCalendly(calendlyBody("invitee.canceled").toString());
        assertEquals(200, response.getStatusCode());
        JsonNode answer = json(response);
        assertEquals("ignored", answer.path("status").asText());
        assertEquals("invitee.canceled", answer.path("event").asText());
        assertEquals(0, env.notion.requestCount());
        assertNoRecordAndNothingScheduled();
    }

    @Test
    void aCalendlyPayloadWithoutStartTimeIs422() {
        ObjectNode body = calendlyBody("invitee_no_show.created");
        ((ObjectNode) body.path("payload").path("scheduled_event")).remove("start_time");
        IResponse response = callCalendly(body.toString());
        assertEquals(422, response.getStatusCode());
        JsonNode entry = json(response).path("detail").get(0);
        assertEquals("missing", entry.path("type").asText());
        assertEquals(
                "[\"body\",\"payload\",\"scheduled_event\",\"start_time\"]",
                entry.path("loc").toString());
        assertNoRecordAndNothingScheduled();
    }

    @Test
    void bothFormsOfTheSameNoShowStartOneSequence() {
        JsonNode first = json(call(validBody().toString()));
        JsonNode second =
                json(callCalendly(calendlyBody("invitee_no_show.created").toString()));
        assertSkippedAsTheSameSequence(first, second);
    }
}
