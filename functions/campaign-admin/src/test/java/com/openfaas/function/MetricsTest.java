package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.admin.AdminApi;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Intake;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.PrometheusTextParser;
import com.busos.campaign.testing.PrometheusTextParser.Family;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /function/campaign-admin/metrics end to end: a schedule with known contents, the answer parsed with a
 * strict text-format parser, each number checked against the schedule; who may read it.
 */
class MetricsTest {
    private static final String TOKEN = "function-test-admin-token";
    private static final String METRICS_TOKEN = "function-test-metrics-token";
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private Schedule schedule;

    @BeforeEach
    void setUp() {
        harness.set("ADMIN_TOKEN", TOKEN);
        schedule = harness.schedule();
    }

    private static ScheduledSend send(String lead, int number) {
        return new ScheduledSend(
                "5day", number, "5-Day E" + number, lead + "@example.com", "tracker-" + lead, Map.of());
    }

    private ClaimedSend claimOne() {
        List<ClaimedSend> claims = schedule.claimDue(1, 0, LEASE, 8);
        assertEquals(1, claims.size());
        return claims.get(0);
    }

    /** Enrolments (one repeated), a dead letter, a delivery, a retry, a cancellation, sends due and later. */
    private void fill() {
        // a dead letter, a delivered email, a retried one (due again tomorrow): claimed one at a time
        ScheduledSend dead = send("dead", 2);
        schedule.add(dead, PAST);
        assertTrue(schedule.deadLetter(claimOne(), "Template '5-Day E2' not found in Notion."));
        schedule.add(send("delivered", 2), PAST.plusSeconds(1));
        ClaimedSend delivered = claimOne();
        schedule.recordDelivery(delivered, "resend-1");
        schedule.ack(delivered, "delivered");
        schedule.ack(delivered, "delivered");
        schedule.add(send("retried", 2), PAST.plusSeconds(2));
        schedule.retryLater(claimOne(), Duration.ofDays(1), "Resend 500", 8);
        // one claimed and not answered yet
        schedule.add(send("claimed", 2), PAST.plusSeconds(3));
        claimOne();
        // enrolments: two 5-day, one no-show, one repeated signup; their CRM jobs are due, their emails later
        enrol("5day", "ada@example.com", "seq-ada");
        enrol("5day", "ADA@example.com", "seq-ada-again");
        enrol("5day", "bob@example.com", "seq-bob");
        enrol("noshow", "cy@example.com", "seq-cy");
        // one due email, and one later, cancelled
        schedule.add(send("due", 3), PAST.plusSeconds(10));
        ScheduledSend cancelled = send("cancelled", 4);
        schedule.add(cancelled, Instant.now().plus(Duration.ofDays(3)));
        schedule.cancel(List.of(cancelled.id()), "asked by phone");
        // a suppressed address
        harness.suppressions().suppress("gone@example.com", Suppressions.UNSUBSCRIBED, "test", Instant.now());
        // provider requests, as the HTTP chain's hook counts them
        schedule.counters().providerObserver().attempted("notion", "POST", "/v1/pages", 429, 5);
        schedule.counters().providerObserver().attempted("notion", "POST", "/v1/pages", 200, 5);
        schedule.counters().providerObserver().attempted("resend", "POST", "/emails", 200, 5);
    }

    private void enrol(String sequence, String email, String sequenceId) {
        ScheduledSend first = new ScheduledSend(sequence, 2, "E2", email, sequenceId, Map.of());
        schedule.intake(new Intake(
                "Christmas 2025",
                sequence,
                email,
                sequenceId,
                List.of(
                        new Intake.Entry("crm:enrol:" + sequenceId, PAST.plusSeconds(5), "{}", true, null),
                        new Intake.Entry(
                                first.id(),
                                Instant.now().plus(Duration.ofDays(1)),
                                first.toJson(),
                                false,
                                "crm:enrol:" + sequenceId))));
    }

    private IResponse call(String path, String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) headers.put("Authorization", authorization);
        return new Handler(harness.config()).Handle(new Request("", headers, null, path));
    }

    private static double value(Map<String, Family> families, String name, String... labels) {
        Family family = families.get(name);
        assertTrue(family != null, "no family " + name + " in " + families.keySet());
        return family.value(labels).orElseThrow(() -> new AssertionError(name + " has no sample " + List.of(labels)));
    }

    @Test
    void metricsParseAndMatchTheSchedule() {
        fill();
        Instant before = Instant.now();
        IResponse response = call("/metrics", "Bearer " + TOKEN);
        Instant after = Instant.now();
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.getContentType());
        Map<String, Family> families = PrometheusTextParser.parse(response.getBody());

        for (Family family : families.values()) {
            assertTrue(family.name.startsWith("campaign_"), family.name);
            assertTrue(family.help != null && !family.help.isEmpty(), "HELP for " + family.name);
            assertTrue(Set.of("counter", "gauge").contains(family.type), family.name + " " + family.type);
            assertEquals(family.type.equals("counter"), family.name.endsWith("_total"), family.name);
        }

        // the schedule's depth: the retried, claimed-none, due and later entries; 1 claimed; 1 dead
        assertEquals(schedule.countScheduled(), value(families, "campaign_schedule_entries", "state", "scheduled"));
        assertEquals(1 + 3 + 3 + 1, schedule.countScheduled(), "retried, 3 CRM jobs, 3 first emails, 1 due email");
        assertEquals(1.0, value(families, "campaign_schedule_entries", "state", "claimed"));
        assertEquals(1.0, value(families, "campaign_schedule_entries", "state", "dead"));
        assertEquals(1.0, value(families, "campaign_dead_letters"));
        assertEquals(schedule.countDead(), value(families, "campaign_dead_letters"));
        // due now: the three CRM jobs and the due email
        assertEquals(4.0, value(families, "campaign_schedule_due"));
        assertEquals(schedule.countDue(after), value(families, "campaign_schedule_due"));
        double age = value(families, "campaign_schedule_oldest_due_age_seconds");
        Instant oldest = PAST.plusSeconds(5); // the CRM jobs; the due email is later
        assertEquals(oldest, schedule.oldestDue(after).orElseThrow());
        assertTrue(
                age >= Duration.between(oldest, before).getSeconds()
                        && age <= Duration.between(oldest, after).getSeconds(),
                "the oldest due entry's age: " + age);

        // sends by kind and outcome: counted once each
        assertEquals(1.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "delivered"));
        assertEquals(1.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "dead"));
        assertEquals(1.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "retried"));
        assertEquals(1.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "cancelled"));
        assertEquals(0.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "skipped"));
        assertEquals(0.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "suppressed"));
        assertEquals(0.0, value(families, "campaign_sends_total", "kind", "crm", "outcome", "done"));
        assertEquals(0.0, value(families, "campaign_sends_total", "kind", "crm", "outcome", "dead"));
        for (Map.Entry<String, Long> outcome :
                schedule.counters().sendOutcomes("email").entrySet()) {
            assertEquals(
                    (double) outcome.getValue(),
                    value(families, "campaign_sends_total", "kind", "email", "outcome", outcome.getKey()));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(1L, schedule.deliveredPerDay(today, today).get(today));

        // providers
        assertEquals(2.0, value(families, "campaign_provider_requests_total", "provider", "notion"));
        assertEquals(1.0, value(families, "campaign_provider_rate_limited_total", "provider", "notion"));
        assertEquals(1.0, value(families, "campaign_provider_requests_total", "provider", "resend"));
        assertEquals(0.0, value(families, "campaign_provider_rate_limited_total", "provider", "resend"));

        // suppressions and enrolments
        assertEquals(1.0, value(families, "campaign_suppressed_addresses"));
        assertEquals(2.0, value(families, "campaign_enrolments_total", "sequence", "5day"));
        assertEquals(1.0, value(families, "campaign_enrolments_total", "sequence", "noshow"));
        assertEquals(0.0, value(families, "campaign_enrolments_total", "sequence", "postcall"));
        assertEquals(0.0, value(families, "campaign_enrolments_total", "sequence", "onboarding"));
        assertEquals(Map.of("5day", 2L, "noshow", 1L), schedule.enrolledPerSequence());
    }

    @Test
    void anEmptyCampaignAnswersEverySeriesAtZero() {
        Map<String, Family> families =
                PrometheusTextParser.parse(call("/metrics", "Bearer " + TOKEN).getBody());
        assertEquals(0.0, value(families, "campaign_schedule_oldest_due_age_seconds"));
        assertEquals(0.0, value(families, "campaign_sends_total", "kind", "email", "outcome", "delivered"));
        assertEquals(0.0, value(families, "campaign_provider_requests_total", "provider", "resend"));
    }

    @Test
    void withoutATokenOrWithAWrongOneMetricsIs401() {
        harness.set("METRICS_TOKEN", METRICS_TOKEN);
        for (String authorization :
                new String[] {null, "Bearer nope", "Bearer " + METRICS_TOKEN.substring(1), METRICS_TOKEN, "Basic x"}) {
            IResponse response = call("/metrics", authorization);
            assertEquals(401, response.getStatusCode(), "with " + authorization);
            assertEquals("Bearer realm=\"campaign-admin\"", response.getHeader("WWW-Authenticate"));
        }
    }

    @Test
    void theMetricsTokenOpensMetricsOnlyTheAdminTokenEverything() {
        harness.set("METRICS_TOKEN", METRICS_TOKEN);
        assertEquals(200, call("/metrics", "Bearer " + METRICS_TOKEN).getStatusCode());
        assertEquals(200, call("/metrics", "Bearer " + TOKEN).getStatusCode());
        for (String operation : AdminApi.OPERATIONS) {
            if (operation.equals("/metrics")) continue;
            assertEquals(401, call(operation, "Bearer " + METRICS_TOKEN).getStatusCode(), operation);
        }
        assertEquals(200, call("/stats", "Bearer " + TOKEN).getStatusCode());
    }

    @Test
    void withoutTheMetricsTokenOnlyTheAdminTokenOpensMetrics() {
        assertEquals(401, call("/metrics", "Bearer " + METRICS_TOKEN).getStatusCode());
        assertEquals(200, call("/metrics", "Bearer " + TOKEN).getStatusCode());
    }

    @Test
    void theMetricsTokenAloneOpensMetricsAndNothingElse() {
        harness.clear("ADMIN_TOKEN");
        harness.set("METRICS_TOKEN", METRICS_TOKEN);
        assertEquals(200, call("/metrics", "Bearer " + METRICS_TOKEN).getStatusCode());
        assertEquals(503, call("/stats", "Bearer " + METRICS_TOKEN).getStatusCode());
    }
}
