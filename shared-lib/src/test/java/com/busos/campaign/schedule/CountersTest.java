package com.busos.campaign.schedule;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.http.CallObserver;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.RecordingSleeper;
import com.busos.campaign.resend.OutgoingEmail;
import com.busos.campaign.resend.ResendClient;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.RedisSession;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The counters in Redis (Counters): each change is counted once, by the script that makes it. */
class CountersTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");

    @RegisterExtension
    final RedisSession redis = new RedisSession();

    private Schedule schedule;
    private Counters counters;

    @BeforeEach
    void setUp() {
        schedule = new Schedule(redis.client, redis.prefix);
        counters = schedule.counters();
    }

    private static ScheduledSend send(String tracker, int number) {
        return new ScheduledSend("5day", number, "5-Day E" + number, tracker + "@example.com", tracker, Map.of());
    }

    private ClaimedSend claimOne(Duration lease) {
        List<ClaimedSend> claims = schedule.claimDue(10, 10, lease, 8);
        assertEquals(1, claims.size(), "one claimed");
        return claims.get(0);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    @Test
    void aDeliveryIsCountedOnceHoweverOftenItIsAcknowledged() {
        schedule.add(send("once", 2), PAST);
        ClaimedSend claim = claimOne(LEASE);
        schedule.ack(claim, "delivered");
        schedule.ack(claim, "delivered");
        schedule.ack(claim, "skipped");

        assertEquals(Map.of("delivered", 1L), counters.sendOutcomes(Counters.EMAIL));
        assertEquals(Map.of(), counters.sendOutcomes(Counters.CRM));
        assertEquals(Map.of(today(), 1L), schedule.deliveredPerDay(today(), today()));
        long ttl = redis.client.ttl(redis.key("metrics:delivered:" + today()));
        assertTrue(ttl > 0 && ttl <= Counters.DAY_RETENTION.getSeconds(), "the day's count expires: " + ttl);
    }

    @Test
    void aRetriedSendCountsItsRetryAndItsDeliveryOnce() {
        ScheduledSend email = send("retried", 2);
        schedule.add(email, PAST);
        assertEquals(Schedule.RetryOutcome.RETRY, schedule.retryLater(claimOne(LEASE), Duration.ZERO, "429", 8));
        redis.client.zadd(redis.key("scheduled"), 0, email.id());
        ClaimedSend second = claimOne(LEASE);
        schedule.ack(second, "delivered");
        schedule.ack(second, "delivered");

        assertEquals(Map.of("retried", 1L, "delivered", 1L), counters.sendOutcomes(Counters.EMAIL));
        assertEquals(1L, schedule.deliveredPerDay(today(), today()).get(today()));
    }

    @Test
    void aSendReclaimedAfterItsLeaseIsCountedByTheFirstAckOnly() {
        schedule.add(send("reclaimed", 2), PAST);
        ClaimedSend first = claimOne(Duration.ZERO);
        ClaimedSend second = claimOne(LEASE); // the first lease expired: claimed again
        schedule.ack(first, "delivered");
        schedule.ack(second, "skipped"); // the second worker finds it delivered

        assertEquals(Map.of("delivered", 1L), counters.sendOutcomes(Counters.EMAIL));
        assertEquals("delivered", schedule.state(second.id()).orElseThrow());
    }

    @Test
    void crmJobsAreCountedApartAndAreNoDeliveries() {
        schedule.addJob("crm:mark_sent:x", PAST, "{}", "job@example.com");
        ClaimedSend job = claimOne(LEASE);
        schedule.ack(job, "done");
        schedule.ack(job, "done");
        schedule.addJob("crm:mark_sent:y", PAST, "{}", "job@example.com");
        assertEquals(Schedule.RetryOutcome.DEAD, schedule.retryLater(claimOne(LEASE), Duration.ZERO, "down", 1));

        assertEquals(Map.of("done", 1L, "dead", 1L), counters.sendOutcomes(Counters.CRM));
        assertEquals(Map.of(), counters.sendOutcomes(Counters.EMAIL));
        assertEquals(0L, schedule.deliveredPerDay(today(), today()).get(today()));
    }

    @Test
    void deadLettersSuppressionsAndCancellationsAreCountedOnce() {
        ScheduledSend rejected = send("rejected", 2);
        schedule.add(rejected, PAST);
        ClaimedSend claim = claimOne(LEASE);
        assertTrue(schedule.deadLetter(claim, "validation error"));
        assertFalse(schedule.deadLetter(claim, "validation error"), "no longer held");

        schedule.add(send("suppressed", 2), PAST);
        schedule.ack(claimOne(LEASE), "suppressed");

        ScheduledSend expiring = send("expiring", 2);
        schedule.add(expiring, PAST);
        claimOne(Duration.ZERO);
        assertEquals(List.of(), schedule.claimDue(10, 10, LEASE, 1), "its lease expired after its last attempt");

        ScheduledSend later = send("cancelled", 3);
        schedule.add(later, Instant.now().plus(Duration.ofDays(1)));
        assertEquals(List.of(later.id()), schedule.cancel(List.of(later.id()), "unsubscribed"));
        assertEquals(List.of(), schedule.cancel(List.of(later.id()), "unsubscribed"));
        // a dead letter cancelled: counted as dead once and as cancelled once
        assertEquals(List.of(rejected.id()), schedule.cancel(List.of(rejected.id(), rejected.id()), "asked"));

        assertEquals(Map.of("dead", 2L, "suppressed", 1L, "cancelled", 2L), counters.sendOutcomes(Counters.EMAIL));
    }

    @Test
    void anEnrolmentIsCountedOnlyWhenTakenInNow() {
        assertTrue(schedule.intake(intake("5day", "ada@example.com", "seq-1")).enrolledNow);
        assertFalse(schedule.intake(intake("5day", "ada@example.com", "seq-2")).enrolledNow, "a repeated signup");
        assertFalse(schedule.intake(intake("5day", " ADA@example.com ", "seq-3")).enrolledNow, "a case variant");
        assertTrue(schedule.intake(intake("5day", "bob@example.com", "seq-4")).enrolledNow);
        assertTrue(schedule.intake(intake("noshow", "ada@example.com", "seq-5")).enrolledNow);

        assertEquals(Map.of("5day", 2L, "noshow", 1L), schedule.enrolledPerSequence());
    }

    private static Intake intake(String sequence, String email, String sequenceId) {
        List<Intake.Entry> entries = new ArrayList<>();
        entries.add(new Intake.Entry("crm:enrol:" + sequenceId, PAST, "{}", true, null));
        ScheduledSend first = new ScheduledSend(sequence, 2, "E2", email, sequenceId, Map.of());
        entries.add(new Intake.Entry(first.id(), PAST, first.toJson(), false, "crm:enrol:" + sequenceId));
        return new Intake("Christmas 2025", sequence, email, sequenceId, entries);
    }

    @Test
    void deliveriesPerDayCoverEveryDayAskedWithZeroForDaysWithout() {
        redis.client.set(redis.key("metrics:delivered:2026-11-30"), "7");
        Map<LocalDate, Long> days =
                schedule.deliveredPerDay(LocalDate.parse("2026-11-28"), LocalDate.parse("2026-12-01"));
        assertEquals(
                List.of(
                        LocalDate.parse("2026-11-28"),
                        LocalDate.parse("2026-11-29"),
                        LocalDate.parse("2026-11-30"),
                        LocalDate.parse("2026-12-01")),
                new ArrayList<>(days.keySet()),
                "in order");
        assertEquals(List.of(0L, 0L, 7L, 0L), new ArrayList<>(days.values()));
        assertEquals(
                401, schedule.deliveredPerDay(today().minusDays(400), today()).size());
    }

    @Test
    void providerRequestsAreCountedByStatusOneIncrementEach() {
        CallObserver observer = counters.providerObserver();
        observer.attempted("notion", "POST", "/v1/pages", 429, 3);
        observer.attempted("notion", "POST", "/v1/pages", 200, 3);
        observer.attempted("resend", "POST", "/emails", 200, 3);
        observer.attempted("resend", "POST", "/emails", 0, 3);

        assertEquals(
                Map.of("notion", Map.of(200, 1L, 429, 1L), "resend", Map.of(0, 1L, 200, 1L)),
                counters.providerResponses());
        assertEquals(4, redis.client.hlen(redis.key("metrics:providers")), "one field a provider and status");
    }

    @Test
    void theHttpChainCountsEveryAttemptARetriedRateLimitIncluded() {
        try (FakeResend resend = new FakeResend()) {
            resend.server()
                    .stubFor(post(urlEqualTo("/emails"))
                            .atPriority(1)
                            .inScenario("rate")
                            .whenScenarioStateIs(Scenario.STARTED)
                            .willReturn(aResponse()
                                    .withStatus(429)
                                    .withHeader("Retry-After", "1")
                                    .withBody(FakeResend.errorBody(429, "rate_limit_exceeded", "Too many requests.")))
                            .willSetStateTo("passed"));
            ResendClient client = new ResendClient(
                    ResendClient.builder(HttpClients.shared(), FakeResend.API_KEY, ResendClient.USER_AGENT)
                            .retrying(new RecordingSleeper().retrying())
                            .observer(counters.providerObserver())
                            .build(),
                    resend.baseUrl());

            client.send(
                    new OutgoingEmail("Campaign <value@example.com>", "jane@example.com", "Hi", "<p>Hi</p>", Map.of()),
                    "campaign-send/5day:t:2");

            assertEquals(Map.of("resend", Map.of(200, 1L, 429, 1L)), counters.providerResponses());
        }
    }
}
