package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three follow-up sequences over HTTP for an address that already has a 5-day record: nine
 * emails, each with its own sequence's template, in order, once, recorded on its own tracker record.
 */
class FollowUpSequencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "sam.client@example.com";

    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new GatewayHarness(Map.of());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void nineEmailsEachWithItsOwnTemplateOnItsOwnRecord() throws Exception {
        String fiveDayRecord = harness.campaign.notion.addPage(TestCampaign.TRACKER_DB, (ObjectNode) JSON.readTree(
                "{\"Email\":{\"email\":\"" + CLIENT + "\"},\"Campaign\":{\"select\":{\"name\":\"Christmas 2025\"}},"
                        + "\"Email 1 Sent\":{\"date\":{\"start\":\"2025-11-20T10:00:00Z\"}}}"));

        // Onboarding first: started after them, it would cancel the no-show and post-call emails (exit on
        // conversion, see UnsubscribeAndConversionTest).
        JsonNode onboarding = harness.post(
                "onboarding-start",
                "{\"email\":\"" + CLIENT + "\",\"first_name\":\"Sam\","
                        + "\"business_name\":\"Sam's Studio\",\"payment_confirmed\":true,\"payment_amount\":2997.0,"
                        + "\"payment_date\":\"2025-12-03\",\"salon_address\":\"1 Main St\",\"observation_dates\":[\"2025-12-10\",\"2025-12-17\"]}");
        JsonNode noshow = harness.post(
                "calendly-noshow",
                "{\"email\":\"" + CLIENT + "\",\"first_name\":\"Sam\","
                        + "\"business_name\":\"Sam's Studio\",\"calendly_event_uri\":\"https://api.calendly.com/scheduled_events/EV1\","
                        + "\"scheduled_time\":\"2025-12-01T15:00:00Z\",\"reschedule_url\":\"https://calendly.com/reschedulings/INV1\"}");
        JsonNode postcall = harness.post(
                "postcall-maybe",
                "{\"email\":\"" + CLIENT + "\",\"first_name\":\"Sam\","
                        + "\"business_name\":\"Sam's Studio\",\"call_date\":\"2025-12-02T16:00:00Z\",\"objections\":[\"Price\",\"Timing\"]}");
        for (JsonNode answer : List.of(noshow, postcall, onboarding)) {
            assertEquals(202, answer.path("_status").asInt(), answer.toString());
            assertEquals("accepted", answer.path("status").asText(), answer.toString());
            assertEquals(3, answer.path("scheduled_emails").size());
        }
        JsonNode again = harness.post(
                "postcall-maybe",
                "{\"email\":\"" + CLIENT + "\",\"first_name\":\"Sam\","
                        + "\"business_name\":\"Sam's Studio\",\"call_date\":\"2025-12-02T16:00:00Z\"}");
        assertEquals("skipped", again.path("status").asText());
        assertEquals(
                postcall.path("sequence_id").asText(),
                again.path("existing_sequence_id").asText());

        // Time passes: 10 min, 1 h, 24 h, 48 h, 72 h, 168 h after the calls; the dispatcher ticks each time.
        long[] minutesAfterStart = {10, 61, 24 * 60 + 1, 48 * 60 + 1, 72 * 60 + 1, 168 * 60 + 1};
        long elapsed = 0;
        for (long target : minutesAfterStart) {
            harness.advance(Duration.ofMinutes(target - elapsed));
            elapsed = target;
            JsonNode tick = harness.tickDispatcher();
            assertEquals(200, tick.path("_status").asInt(), tick.toString());
            assertEquals(0, tick.path("failed").asInt(), tick.toString());
        }
        assertEquals(0, harness.tickDispatcher().path("claimed").asInt());

        List<FakeResend.Delivered> delivered = harness.campaign.resend.deliveredTo(CLIENT);
        assertEquals(9, delivered.size(), "nine emails in all");
        assertSequence(
                delivered,
                "noshow_recovery_email_",
                harness.trackerOf(noshow.path("sequence_id").asText()));
        assertSequence(
                delivered,
                "postcall_maybe_email_",
                harness.trackerOf(postcall.path("sequence_id").asText()));
        assertSequence(
                delivered,
                "onboarding_phase1_email_",
                harness.trackerOf(onboarding.path("sequence_id").asText()));
        for (FakeResend.Delivered email : delivered) {
            assertFalse(email.html().contains("{{"), "no placeholder left: " + email.html());
            assertFalse(email.subject().contains("5-Day"), "never a 5-day template: " + email.subject());
        }
        assertTrue(delivered.stream()
                .anyMatch(e -> e.html().contains("reschedule_url=https://calendly.com/reschedulings/INV1")));
        assertTrue(delivered.stream().anyMatch(e -> e.html().contains("objections=Price, Timing")));
        assertTrue(delivered.stream().anyMatch(e -> e.html().contains("observation_dates=2025-12-10, 2025-12-17")));

        ObjectNode fiveDay = harness.campaign.notion.page(fiveDayRecord).orElseThrow();
        for (int n = 2; n <= 3; n++) {
            assertTrue(
                    fiveDay.at("/properties/Email " + n + " Sent/date").isNull(),
                    "the 5-day record is never marked by a follow-up email");
        }
        long resendPosts = harness.campaign.resend.server().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/emails"))
                .count();
        assertEquals(9, resendPosts, "each email sent to Resend once");
    }

    /** The sequence's three emails arrived in order, and each is recorded on the sequence's own record. */
    private void assertSequence(List<FakeResend.Delivered> delivered, String templatePrefix, String recordId) {
        List<String> subjects = delivered.stream()
                .map(FakeResend.Delivered::subject)
                .filter(subject -> subject.contains(templatePrefix))
                .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "Sam, " + templatePrefix + "1 for Sam's Studio",
                        "Sam, " + templatePrefix + "2 for Sam's Studio",
                        "Sam, " + templatePrefix + "3 for Sam's Studio"),
                subjects);
        ObjectNode record = harness.campaign.notion.page(recordId).orElseThrow();
        for (int n = 1; n <= 3; n++) {
            assertTrue(
                    record.at("/properties/Email " + n + " Sent/date/start")
                            .asText()
                            .endsWith("Z"),
                    templatePrefix + n + " recorded on its own record");
        }
    }
}
