package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Email N of a sequence is never claimed before N-1 is finished, however many claimers run. */
class SequenceOrderTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");

    private final UnifiedJedis redis = TestRedis.client();
    private final String prefix = TestRedis.uniquePrefix();
    private final Schedule schedule = new Schedule(redis, prefix);

    @AfterEach
    void close() {
        redis.close();
    }

    private static ScheduledSend send(String tracker, int number) {
        return new ScheduledSend(
                "5day", number, "5-Day E" + number, tracker + "@example.com", tracker, Map.of("first_name", "Ann"));
    }

    /** E2..E5 of {@code tracker}, each after the one before, due a second apart from {@code from}. */
    private void sequence(String tracker, Instant from) {
        String previous = null;
        for (int n = 2; n <= 5; n++) {
            ScheduledSend send = send(tracker, n);
            schedule.add(send, from.plusSeconds(n), previous);
            previous = send.id();
        }
    }

    private static List<String> ids(List<ClaimedSend> claims) {
        return claims.stream().map(ClaimedSend::id).collect(Collectors.toList());
    }

    @Test
    void aRetriedE2HoldsE3BackUntilItIsDelivered() {
        sequence("t1", PAST);
        ClaimedSend e2 = schedule.claimDue(10, LEASE, 8).get(0);
        assertEquals("5day:t1:2", e2.id(), "only E2: E3 waits for it");

        // E2 fails and is retried later than E3's due time: E3 still waits.
        schedule.retryLater(e2, Duration.ZERO, "resend 500", 8);
        List<ClaimedSend> again = schedule.claimDue(10, LEASE, 8);
        assertEquals(List.of("5day:t1:2"), ids(again), "the retried E2 comes first, E3 is held back");

        schedule.ack(again.get(0), "delivered");
        assertEquals(List.of("5day:t1:3"), ids(schedule.claimDue(10, LEASE, 8)), "E3 once E2 is delivered");
    }

    @Test
    void aDeadLetteredOrCancelledPredecessorLetsTheNextGo() {
        sequence("t1", PAST);
        schedule.deadLetter(schedule.claimDue(10, LEASE, 8).get(0), "template missing");
        ClaimedSend e3 = schedule.claimDue(10, LEASE, 8).get(0);
        assertEquals("5day:t1:3", e3.id());
        schedule.cancelSendsOf("t1@example.com", List.of("5day"), "operator");
        assertEquals(List.of(), schedule.claimDue(10, LEASE, 8), "the cancelled rest is never claimed");
    }

    @Test
    void aReleasedSendKeepsItsPlaceBeforeTheLaterOnes() {
        sequence("t1", PAST);
        sequence("t2", PAST.plusSeconds(30));
        ClaimedSend first = schedule.claimDue(1, LEASE, 8).get(0);
        assertEquals("5day:t1:2", first.id());

        schedule.release(first);

        assertEquals(
                "5day:t1:2", schedule.claimDue(1, LEASE, 8).get(0).id(), "back at its own due time, ahead of t2's");
    }

    @Test
    void waitingEmailsAreSteppedOverSoOtherSequencesStillGo() {
        sequence("t1", PAST);
        schedule.claimDue(1, LEASE, 8); // t1's E2 in flight: its E3..E5 wait
        sequence("t2", PAST.plusSeconds(60));

        assertEquals(List.of("5day:t2:2"), ids(schedule.claimDue(10, LEASE, 8)));
    }

    @Test
    void threeClaimersRacingNeverHoldTwoEmailsOfOneSequenceAndDeliverInOrder() throws Exception {
        for (int lead = 0; lead < 30; lead++) sequence("lead" + lead, PAST.plusMillis(lead));
        Map<String, List<Integer>> delivered = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> claimers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Schedule own = new Schedule(TestRedis.client(), prefix);
            Callable<Integer> claimer = () -> {
                int handled = 0;
                for (int round = 0; round < 400; round++) {
                    List<ClaimedSend> claims = own.claimDue(4, LEASE, 8);
                    if (claims.isEmpty() && own.countScheduled() == 0) break;
                    for (ClaimedSend claim : claims) {
                        String lead = claim.send().sequenceId();
                        if (!inFlight.add(lead)) violations.add("two emails of " + lead + " in flight");
                        if (claim.send().emailNumber() == 3 && claim.attempt() == 1 && lead.hashCode() % 3 == 0) {
                            // some E3s fail once and are retried: their E4 must wait
                            inFlight.remove(lead);
                            own.retryLater(claim, Duration.ZERO, "resend 500", 8);
                            continue;
                        }
                        delivered
                                .computeIfAbsent(lead, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(claim.send().emailNumber());
                        inFlight.remove(lead);
                        own.ack(claim, "delivered");
                        handled++;
                    }
                }
                return handled;
            };
            claimers.add(pool.submit(claimer));
        }
        int total = 0;
        for (Future<Integer> claimer : claimers) total += claimer.get();
        pool.shutdown();

        assertEquals(List.of(), violations);
        assertEquals(120, total, "every email delivered once");
        for (Map.Entry<String, List<Integer>> lead : delivered.entrySet()) {
            assertEquals(List.of(2, 3, 4, 5), lead.getValue(), lead.getKey() + " in order");
        }
        assertTrue(delivered.size() == 30);
    }
}
