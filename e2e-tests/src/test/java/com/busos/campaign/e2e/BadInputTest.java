package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Line breaks where they belong and where they do not: call notes keep theirs, and the subject line of
 * an email never carries one. The hostile and broken requests (too large, not JSON, wrong types, CR/LF
 * in single-line values…) are data now: src/test/resources/hostile-inputs, run by
 * {@link HostileInputCorpusTest}.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FAST = Map.of("NOTION_RATE_LIMIT", "50", "RESEND_RATE_LIMIT", "50");

    private static final String POSTCALL = "{\"email\":\"bad.input@example.com\",\"first_name\":\"Jane\","
            + "\"business_name\":\"Jane's\",\"call_date\":\"2025-12-02T16:00:00Z\"}";

    /** {@code valid} with {@code field} set to the raw JSON {@code value}. */
    private static String with(String valid, String field, String rawJsonValue) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(valid);
            body.set(field, JSON.readTree(rawJsonValue));
            return body.toString();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String text(String value) {
        return JSON.getNodeFactory().textNode(value).toString();
    }

    @Test
    void callNotesMayHaveLineBreaksAndArriveIntact() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            String notes = "Wants to talk to her partner.\nCall back after the 15th;\r\n\tprice was the worry.";
            JsonNode answer = harness.post("postcall-maybe", with(POSTCALL, "call_notes", text(notes)));
            assertEquals(202, answer.path("_status").asInt(), answer.toString());
            assertEquals("accepted", answer.path("status").asText());
            assertEquals(3, answer.path("scheduled_emails").size());
            harness.tickDispatcher(); // its CRM job writes the tracker record
            ObjectNode record = harness.campaign
                    .notion
                    .page(harness.trackerOf(answer.path("sequence_id").asText()))
                    .orElseThrow();
            assertEquals(
                    notes,
                    record.at("/properties/Call Notes/rich_text/0/plain_text").asText());
        }
    }

    @Test
    void aLineBreakInAFieldNeverReachesTheSubjectLine() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            String address = "subject.probe@example.com";
            String tracker = harness.campaign.notion.addPage(
                    TestCampaign.TRACKER_DB, (ObjectNode) JSON.readTree("{\"Email\":{\"email\":\"" + address + "\"}}"));
            harness.campaign.notion.addTemplate(
                    TestCampaign.TEMPLATES_DB, "Subject Probe", "{{first_name}}", "<p>Hello {{first_name}}</p>");
            // Put straight on the schedule (the webhooks refuse such a name), as an older entry could be.
            Map<String, String> fields = Map.of(
                    "first_name",
                    "Jane\r\nBcc: victim@example.com\nX-Extra: 1\r\r\n",
                    "business_name",
                    "Acme\nSubject: forged");
            try (UnifiedJedis redis = harness.redis()) {
                new Schedule(redis, harness.campaign.redisPrefix)
                        .add(
                                new ScheduledSend("5day", 2, "Subject Probe", address, tracker, fields),
                                Instant.now().minusSeconds(60));
            }
            JsonNode tick = harness.tickDispatcher();
            assertEquals(1, tick.path("handed_off").asInt(), tick.toString());

            List<FakeResend.Delivered> delivered = harness.campaign.resend.deliveredTo(address);
            assertEquals(1, delivered.size());
            String subject = delivered.get(0).subject();
            assertFalse(
                    subject.contains("\r") || subject.contains("\n"),
                    "one header line: " + JSON.writeValueAsString(subject));
            assertEquals("Jane Bcc: victim@example.com X-Extra: 1 ", subject);
            assertEquals(List.of(address), List.of(delivered.get(0).to()));
            assertEquals(1, delivered.get(0).body.path("to").size(), "no other recipient");
            assertTrue(delivered.get(0).body.path("bcc").isMissingNode(), "no bcc: " + delivered.get(0).body);
            assertTrue(delivered.get(0).body.path("cc").isMissingNode());
            assertEquals(0, harness.pendingCount(), "its Email 2 Sent job ran in the same tick");
        }
    }
}
