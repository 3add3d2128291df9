package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Hostile and broken requests to every webhook over HTTP: too large (413), not JSON, not an object,
 * wrong types, huge strings, control characters and CR/LF in single-line values (422 naming the field).
 * Never a 500, never a partial write. And the subject line of an email never carries a line break.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FAST = Map.of("NOTION_RATE_LIMIT", "50", "RESEND_RATE_LIMIT", "50");
    private static final String INJECTION = "Jane\r\nBcc: victim@example.com";

    private static final String SIGNUP = "{\"email\":\"bad.input@example.com\",\"first_name\":\"Jane\",\"assessment_score\":42}";
    private static final String POSTCALL = "{\"email\":\"bad.input@example.com\",\"first_name\":\"Jane\","
            + "\"business_name\":\"Jane's\",\"call_date\":\"2025-12-02T16:00:00Z\"}";
    private static final String ONBOARDING = "{\"email\":\"bad.input@example.com\",\"first_name\":\"Jane\","
            + "\"business_name\":\"Jane's\",\"payment_confirmed\":true,\"payment_amount\":2997.0,\"payment_date\":\"2025-12-03\"}";
    private static final String NOSHOW = "{\"email\":\"bad.input@example.com\",\"first_name\":\"Jane\",\"business_name\":\"Jane's\","
            + "\"calendly_event_uri\":\"https://api.calendly.com/scheduled_events/EV1\",\"scheduled_time\":\"2025-12-01T15:00:00Z\"}";

    /** One bad request: where it goes, what it is, and the answer expected (field null: the whole body). */
    private static final class Case {
        final String function;
        final String what;
        final String body;
        final int status;
        final String field;

        Case(String function, String what, String body, int status, String field) {
            this.function = function;
            this.what = what;
            this.body = body;
            this.status = status;
            this.field = field;
        }
    }

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

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("christmas-signup", SIGNUP);
        valid.put("postcall-maybe", POSTCALL);
        valid.put("onboarding-start", ONBOARDING);
        valid.put("calendly-noshow", NOSHOW);
        String padding = "x".repeat(70 * 1024);
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        for (Map.Entry<String, String> webhook : valid.entrySet()) {
            String fn = webhook.getKey();
            String body = webhook.getValue();
            cases.add(new Case(fn, "70 KiB body", with(body, "padding", text(padding)), 413, null));
            cases.add(new Case(fn, "not JSON", "email=bad.input@example.com&first_name=Jane", 422, null));
            cases.add(new Case(fn, "truncated JSON", body.substring(0, body.length() / 2), 422, null));
            cases.add(new Case(fn, "a JSON array", "[" + body + "]", 422, null));
            cases.add(new Case(fn, "JSON null", "null", 422, null));
            cases.add(new Case(fn, "a JSON number", "42", 422, null));
            cases.add(new Case(fn, "an empty body", "", 422, null));
            cases.add(new Case(fn, "5,000 nested arrays", deep, 422, null));
            cases.add(new Case(fn, "first_name null", with(body, "first_name", "null"), 422, "first_name"));
            cases.add(new Case(fn, "email a number", with(body, "email", "42"), 422, "email"));
            cases.add(new Case(fn, "email with CR/LF", with(body, "email",
                    text("bad.input@example.com\r\nBcc: victim@example.com")), 422, "email"));
            cases.add(new Case(fn, "first_name of 20,000 characters", with(body, "first_name", text("J".repeat(20_000))),
                    422, "first_name"));
            cases.add(new Case(fn, "first_name with CR/LF", with(body, "first_name", text(INJECTION)), 422, "first_name"));
            cases.add(new Case(fn, "first_name with NUL", with(body, "first_name", text("Ja\u0000ne")), 422, "first_name"));
            cases.add(new Case(fn, "first_name an object", with(body, "first_name", "{\"name\":\"Jane\"}"), 422, "first_name"));
            cases.add(new Case(fn, "business_name with CR/LF", with(body, "business_name", text("Acme\r\nBcc: victim@example.com")),
                    422, "business_name"));
            cases.add(new Case(fn, "business_name with a lone LF", with(body, "business_name", text("Acme\nSubject: hi")),
                    422, "business_name"));
        }
        String s = "christmas-signup";
        cases.add(new Case(s, "assessment_score a word", with(SIGNUP, "assessment_score", text("lots")), 422, "assessment_score"));
        cases.add(new Case(s, "assessment_score a boolean", with(SIGNUP, "assessment_score", "true"), 422, "assessment_score"));
        cases.add(new Case(s, "assessment_score 1e999", SIGNUP.replace("42}", "1e999}"), 422, "assessment_score"));
        cases.add(new Case(s, "assessment_score 101", with(SIGNUP, "assessment_score", "101"), 422, "assessment_score"));
        cases.add(new Case(s, "red_systems -1", with(SIGNUP, "red_systems", "-1"), 422, "red_systems"));
        cases.add(new Case(s, "weakest_system_1 a list", with(SIGNUP, "weakest_system_1", "[\"GPS\"]"), 422, "weakest_system_1"));
        cases.add(new Case(s, "weakest_system_1 with ESC", with(SIGNUP, "weakest_system_1", text("GPS\u001b[31m")), 422,
                "weakest_system_1"));
        String p = "postcall-maybe";
        cases.add(new Case(p, "call_date null", with(POSTCALL, "call_date", "null"), 422, "call_date"));
        cases.add(new Case(p, "objections a string", with(POSTCALL, "objections", text("price")), 422, "objections"));
        cases.add(new Case(p, "objections [1]", with(POSTCALL, "objections", "[1]"), 422, "objections.0"));
        cases.add(new Case(p, "an objection with CR/LF", with(POSTCALL, "objections", "[\"price\",\"a\\r\\nb\"]"), 422,
                "objections.1"));
        cases.add(new Case(p, "call_notes with NUL", with(POSTCALL, "call_notes", text("call\u0000back")), 422, "call_notes"));
        cases.add(new Case(p, "call_notes of 20,000 characters", with(POSTCALL, "call_notes", text("n".repeat(20_000))), 422,
                "call_notes"));
        cases.add(new Case(p, "follow_up_priority with CR/LF", with(POSTCALL, "follow_up_priority", text("High\r\nX: y")), 422,
                "follow_up_priority"));
        String o = "onboarding-start";
        cases.add(new Case(o, "payment_confirmed a word", with(ONBOARDING, "payment_confirmed", text("maybe")), 422,
                "payment_confirmed"));
        cases.add(new Case(o, "payment_confirmed false", with(ONBOARDING, "payment_confirmed", "false"), 422, null));
        cases.add(new Case(o, "payment_amount a word", with(ONBOARDING, "payment_amount", text("lots")), 422, "payment_amount"));
        cases.add(new Case(o, "payment_amount an array", with(ONBOARDING, "payment_amount", "[2997]"), 422, "payment_amount"));
        cases.add(new Case(o, "payment_date not a date", with(ONBOARDING, "payment_date", text("yesterday")), 422, "payment_date"));
        cases.add(new Case(o, "salon_address with CR/LF", with(ONBOARDING, "salon_address", text("1 Main St\r\nBcc: x")), 422,
                "salon_address"));
        cases.add(new Case(o, "observation_dates [null]", with(ONBOARDING, "observation_dates", "[null]"), 422,
                "observation_dates.0"));
        String n = "calendly-noshow";
        cases.add(new Case(n, "scheduled_time a number", with(NOSHOW, "scheduled_time", "42"), 422, "scheduled_time"));
        cases.add(new Case(n, "calendly_event_uri with CR/LF", with(NOSHOW, "calendly_event_uri",
                text("https://api.calendly.com/x\r\nBcc: y")), 422, "calendly_event_uri"));
        cases.add(new Case(n, "Calendly envelope, payload an array",
                "{\"event\":\"invitee_no_show.created\",\"payload\":[]}", 422, null));
        cases.add(new Case(n, "Calendly envelope, payload null",
                "{\"event\":\"invitee_no_show.created\",\"payload\":null}", 422, null));
        cases.add(new Case(n, "Calendly envelope, name a number and no start time",
                "{\"event\":\"invitee_no_show.created\",\"payload\":{\"email\":\"bad.input@example.com\",\"name\":42,"
                        + "\"event\":\"https://api.calendly.com/scheduled_events/EV1\",\"scheduled_event\":{}}}", 422, null));
        cases.add(new Case(n, "Calendly envelope, first_name with CR/LF",
                "{\"event\":\"invitee_no_show.created\",\"payload\":{\"email\":\"bad.input@example.com\",\"first_name\":"
                        + text(INJECTION) + ",\"event\":\"https://api.calendly.com/scheduled_events/EV1\","
                        + "\"scheduled_event\":{\"start_time\":\"2025-12-01T15:00:00Z\"}}}", 422, "payload.first_name"));
        return cases;
    }

    @Test
    void everyBadRequestGetsAClear4xxAndNothingIsWritten() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (Case bad : cases()) {
                HttpResponse<String> answer = harness.send(bad.function, bad.body, Map.of("Content-Type", "application/json"));
                checked++;
                String label = bad.function + ", " + bad.what + ": " + answer.statusCode() + " "
                        + answer.body().substring(0, Math.min(300, answer.body().length()));
                if (answer.statusCode() != bad.status) {
                    failures.add("expected " + bad.status + " — " + label);
                    continue;
                }
                JsonNode json = JSON.readTree(answer.body());
                if (bad.status == 413) {
                    if (!json.path("detail").isTextual()) failures.add("413 without a detail — " + label);
                    continue;
                }
                if (!json.path("detail").isArray() || json.path("detail").isEmpty()) {
                    failures.add("422 without detail entries — " + label);
                    continue;
                }
                if (bad.field != null && !names(json.path("detail"), bad.field)) {
                    failures.add("no detail entry at [body, " + bad.field + "] — " + label);
                }
            }
            if (!failures.isEmpty()) fail(failures.size() + " of " + checked + " bad requests answered wrongly:\n"
                    + String.join("\n", failures));
            System.out.println("bad-input: " + checked + " bad requests, each answered 413 or 422 as expected");

            assertEquals(0, harness.campaign.notion.requestCount(), "nothing read from or written to Notion");
            try (UnifiedJedis redis = harness.redis()) {
                assertEquals(List.of(), new ArrayList<>(redis.keys("{" + harness.campaign.redisPrefix + "}:*")),
                        "nothing written to Redis");
            }
        }
    }

    /** True when an entry's loc is {@code ["body", <field parts>]} (a list index as a number). */
    private static boolean names(JsonNode detail, String field) {
        ArrayNode expected = JSON.createArrayNode().add("body");
        for (String part : field.split("\\.")) {
            if (part.matches("\\d+")) expected.add(Integer.parseInt(part));
            else expected.add(part);
        }
        for (JsonNode entry : detail) {
            if (entry.path("loc").equals(expected)) return true;
        }
        return false;
    }

    @Test
    void callNotesMayHaveLineBreaksAndArriveIntact() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            String notes = "Wants to talk to her partner.\nCall back after the 15th;\r\n\tprice was the worry.";
            JsonNode answer = harness.post("postcall-maybe", with(POSTCALL, "call_notes", text(notes)));
            assertEquals(200, answer.path("_status").asInt(), answer.toString());
            assertEquals("accepted", answer.path("status").asText());
            assertEquals(3, answer.path("scheduled_emails").size());
            ObjectNode record = harness.campaign.notion.page(answer.path("sequence_id").asText()).orElseThrow();
            assertEquals(notes, record.at("/properties/Call Notes/rich_text/0/plain_text").asText());
        }
    }

    @Test
    void aLineBreakInAFieldNeverReachesTheSubjectLine() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            String address = "subject.probe@example.com";
            String tracker = harness.campaign.notion.addPage(TestCampaign.TRACKER_DB, (ObjectNode) JSON.readTree(
                    "{\"Email\":{\"email\":\"" + address + "\"}}"));
            harness.campaign.notion.addTemplate(TestCampaign.TEMPLATES_DB, "Subject Probe", "{{first_name}}",
                    "<p>Hello {{first_name}}</p>");
            // Put straight on the schedule (the webhooks refuse such a name), as an older entry could be.
            Map<String, String> fields = Map.of("first_name", "Jane\r\nBcc: victim@example.com\nX-Extra: 1\r\r\n",
                    "business_name", "Acme\nSubject: forged");
            try (UnifiedJedis redis = harness.redis()) {
                new Schedule(redis, harness.campaign.redisPrefix).add(new ScheduledSend("5day", 2, "Subject Probe", address,
                        tracker, fields), Instant.now().minusSeconds(60));
            }
            JsonNode tick = harness.tickDispatcher();
            assertEquals(1, tick.path("handed_off").asInt(), tick.toString());

            List<FakeResend.Delivered> delivered = harness.campaign.resend.deliveredTo(address);
            assertEquals(1, delivered.size());
            String subject = delivered.get(0).subject();
            assertFalse(subject.contains("\r") || subject.contains("\n"), "one header line: " + JSON.writeValueAsString(subject));
            assertEquals("Jane Bcc: victim@example.com X-Extra: 1 ", subject);
            assertEquals(List.of(address), List.of(delivered.get(0).to()));
            assertEquals(1, delivered.get(0).body.path("to").size(), "no other recipient");
            assertTrue(delivered.get(0).body.path("bcc").isMissingNode(), "no bcc: " + delivered.get(0).body);
            assertTrue(delivered.get(0).body.path("cc").isMissingNode());
            assertEquals(0, harness.pendingCount());
        }
    }
}
