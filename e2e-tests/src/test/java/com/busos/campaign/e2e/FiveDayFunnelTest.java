package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core funnel over HTTP: signup → E2..E5 delivered in order, each once, rendered and tracked. */
class FiveDayFunnelTest {
    private static final String LEAD = "jane.lead@example.com";
    private static final String SIGNUP = "{\"email\":\"" + LEAD + "\",\"first_name\":\"Jane\","
            + "\"business_name\":\"Jane's Salon & Spa\",\"assessment_score\":35,\"red_systems\":3,"
            + "\"orange_systems\":2,\"yellow_systems\":1,\"green_systems\":0,\"gps_score\":25,\"money_score\":30,"
            + "\"weakest_system_1\":\"GPS\",\"weakest_system_2\":\"Money\",\"revenue_leak_total\":14500}";

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
    void signupThenEachEmailArrivesOnItsDayExactlyOnceRenderedAndTracked() throws Exception {
        String contactId = harness.campaign.notion.addContact(TestCampaign.CONTACTS_DB, LEAD);

        JsonNode answer = harness.post("christmas-signup", SIGNUP);
        assertEquals(202, answer.path("_status").asInt(), answer.toString());
        assertEquals("accepted", answer.path("status").asText());
        assertEquals("CRITICAL", answer.path("segment").asText());
        String sequenceId = answer.path("sequence_id").asText();
        assertEquals(List.of(2, 3, 4, 5), numbers(answer.path("scheduled_emails")));
        assertEquals(0, harness.campaign.notion.requestCount(), "no Notion request on the webhook's path");

        JsonNode repeated = harness.post("christmas-signup", SIGNUP);
        assertEquals(202, repeated.path("_status").asInt());
        assertEquals(sequenceId, repeated.path("sequence_id").asText(), "the enrolment is the first one");
        for (JsonNode entry : repeated.path("scheduled_emails"))
            assertTrue(entry.path("already_scheduled").asBoolean());
        assertEquals(5, harness.pendingCount(), "E2-E5 and the CRM job: a repeated signup schedules no second copy");

        JsonNode earlyTick = harness.tickDispatcher();
        assertEquals(200, earlyTick.path("_status").asInt(), earlyTick.toString());
        assertEquals(0, earlyTick.path("claimed").asInt(), "no email is due before a day has passed");
        assertEquals(1, earlyTick.path("jobs_handed_off").asInt(), "the CRM job is: " + earlyTick);
        assertTrue(harness.campaign.resend.delivered().isEmpty());
        assertEquals(1, harness.campaign.notion.pagesOf(TestCampaign.TRACKER_DB).size());
        String trackerId = harness.trackerOf(sequenceId);
        ObjectNode contact = harness.campaign.notion.page(contactId).orElseThrow();
        assertEquals(
                "Nurture Sequence",
                contact.at("/properties/Christmas Campaign Status/select/name").asText());
        assertEquals(35, contact.at("/properties/Assessment Score/number").asInt());

        long[] hoursToNext = {24, 48, 24, 24};
        for (int i = 0; i < 4; i++) {
            int emailNumber = i + 2;
            harness.advance(Duration.ofHours(hoursToNext[i]).plusSeconds(1));
            JsonNode tick = harness.tickDispatcher();
            assertEquals(1, tick.path("handed_off").asInt(), "tick for E" + emailNumber + ": " + tick);
            assertEquals(
                    1,
                    tick.path("jobs_handed_off").asInt(),
                    "E" + emailNumber + "'s Email N Sent, the same tick: " + tick);

            List<FakeResend.Delivered> delivered = harness.campaign.resend.deliveredTo(LEAD);
            assertEquals(i + 1, delivered.size(), "exactly one new email for E" + emailNumber);
            FakeResend.Delivered email = delivered.get(i);
            assertEquals("Jane, 5-Day E" + emailNumber + " for Jane's Salon & Spa", email.subject());
            assertTrue(email.html().contains("[5-Day E" + emailNumber + "]"), email.html());
            assertTrue(email.html().contains("Segment CRITICAL, score 35, leak $14K"), email.html());
            assertFalse(email.html().contains("{{"), "no placeholder left: " + email.html());
            assertEquals("Campaign Test <campaign@example.com>", email.from());

            ObjectNode tracker = harness.campaign.notion.page(trackerId).orElseThrow();
            String sentAt = tracker.at("/properties/Email " + emailNumber + " Sent/date/start")
                    .asText();
            assertTrue(sentAt.endsWith("Z"), "Email " + emailNumber + " Sent in UTC: " + sentAt);
        }

        JsonNode lastTick = harness.tickDispatcher();
        assertEquals(0, lastTick.path("claimed").asInt());
        assertEquals(4, harness.campaign.resend.delivered().size());
        assertEquals(0, harness.pendingCount());
        assertEquals(4, postsToResend(), "each email was sent to Resend once, not retried");

        JsonNode afterAll = harness.post("christmas-signup", SIGNUP);
        assertEquals("skipped", afterAll.path("status").asText());
        assertEquals("already_in_sequence", afterAll.path("reason").asText());
        assertEquals(List.of(2, 3, 4, 5), ints(afterAll.path("emails_sent")));
    }

    @Test
    void invalidSignupOverHttpGets422AndWritesNothing() throws Exception {
        JsonNode answer = harness.post(
                "christmas-signup", "{\"email\":\"not-an-email\",\"first_name\":\"Jane\",\"assessment_score\":101}");

        assertEquals(422, answer.path("_status").asInt());
        assertEquals(2, answer.path("detail").size(), answer.toString());
        assertEquals(
                "value is not a valid email address: An email address must have an @-sign.",
                answer.path("detail").path(0).path("msg").asText());
        assertEquals(
                "less_than_equal", answer.path("detail").path(1).path("type").asText());
        assertEquals(0, harness.campaign.notion.requestCount());
        assertEquals(0, harness.pendingCount());
    }

    @Test
    void twoDispatchersRacingOverTheSameDueSendsDeliverEachOnce() throws Exception {
        int leads = 10;
        for (int i = 0; i < leads; i++) {
            JsonNode answer = harness.post(
                    "christmas-signup",
                    "{\"email\":\"lead" + i + "@example.com\"," + "\"first_name\":\"Lead " + i
                            + "\",\"assessment_score\":50}");
            assertEquals(202, answer.path("_status").asInt(), answer.toString());
        }
        harness.advance(Duration.ofDays(6));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<JsonNode> tick = harness::tickDispatcher;
            int claimed = 0;
            for (int round = 0; round < 12 && harness.pendingCount() > 0; round++) {
                int inRound = 0;
                for (Future<JsonNode> result : pool.invokeAll(List.of(tick, tick)))
                    inRound += result.get().path("claimed").asInt();
                claimed += inRound; // each lead's next email waits for the one before: checked below
            }
            assertEquals(leads * 4, claimed, "the two ticks share the 40 due sends between them");
        } finally {
            pool.shutdownNow();
        }

        List<FakeResend.Delivered> delivered = harness.campaign.resend.delivered();
        assertEquals(leads * 4, delivered.size());
        Set<String> distinct = delivered.stream()
                .map(email -> email.to() + "|" + email.subject())
                .collect(Collectors.toCollection(HashSet::new));
        assertEquals(leads * 4, distinct.size(), "no email delivered twice");
        assertEquals(leads * 4, postsToResend(), "no send was even attempted twice");
        for (int i = 0; i < leads; i++) {
            List<String> subjects = harness.campaign.resend.deliveredTo("lead" + i + "@example.com").stream()
                    .map(FakeResend.Delivered::subject)
                    .collect(Collectors.toList());
            for (int n = 2; n <= 5; n++) {
                assertTrue(subjects.get(n - 2).contains("5-Day E" + n), "lead" + i + " in order: " + subjects);
            }
        }
        assertEquals(0, harness.pendingCount());
    }

    private long postsToResend() {
        return harness.campaign.resend.server().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/emails"))
                .count();
    }

    private static List<Integer> numbers(JsonNode entries) {
        List<Integer> numbers = new ArrayList<>();
        entries.forEach(entry -> numbers.add(entry.path("email_number").asInt()));
        return numbers;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> numbers = new ArrayList<>();
        array.forEach(number -> numbers.add(number.asInt()));
        return numbers;
    }
}
