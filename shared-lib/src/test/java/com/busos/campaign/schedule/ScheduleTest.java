package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.busos.campaign.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The Redis schedule with its Lua scripts, against a real Redis server. */
class ScheduleTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int MAX_ATTEMPTS = 8;
    /** Long past, so due by Redis's own clock. */
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");

    private UnifiedJedis redis;
    private String prefix;
    private Schedule schedule;

    @BeforeEach
    void connect() {
        redis = TestRedis.client();
        prefix = TestRedis.uniquePrefix();
        schedule = new Schedule(redis, prefix);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static ScheduledSend send(String tracker, int number) {
        return new ScheduledSend(
                "5day",
                number,
                "5-Day E" + number,
                "jane@example.com",
                tracker,
                Map.of("first_name", "Jane", "segment", "URGENT"));
    }

    private ClaimedSend claimOne() {
        List<ClaimedSend> claims = schedule.claimDue(10, LEASE, MAX_ATTEMPTS);
        assertEquals(1, claims.size(), "one send claimed");
        return claims.get(0);
    }

    /** Makes a send rescheduled for later due right now, as if its delay had passed. */
    private void makeDue(String sendId) {
        assertTrue(redis.zscore("{" + prefix + "}:scheduled", sendId) != null, "is scheduled");
        redis.zadd("{" + prefix + "}:scheduled", 0, sendId);
    }

    /** Claims until {@code sendId} comes back (its lease expired); bounded, no timing asserted. */
    private ClaimedSend claimAgain(String sendId, int maxAttempts) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            for (ClaimedSend claim : schedule.claimDue(10, LEASE, maxAttempts)) {
                if (claim.id().equals(sendId)) return claim;
            }
            Thread.sleep(2);
        }
        return fail("the send never came back after its lease expired");
    }

    @Test
    void addingTheSameSendTwiceKeepsOne() {
        ScheduledSend send = send("tracker-1", 2);
        assertTrue(schedule.add(send, PAST));
        assertFalse(schedule.add(send, PAST.plusSeconds(3600)));
        assertEquals(1, schedule.countScheduled());
        assertEquals(Optional.of(PAST), schedule.dueAt(send.id()), "the first due time stays");
        assertEquals("scheduled", schedule.inspect(send.id()).get("state"));
        assertEquals("0", schedule.inspect(send.id()).get("attempts"));
    }

    @Test
    void theSendIdNamesSequenceTrackerAndEmail() {
        ScheduledSend send = send("tracker-1", 3);
        assertEquals("5day:tracker-1:3", send.id());
        assertEquals("campaign-send/5day:tracker-1:3", send.idempotencyKey());
    }

    @Test
    void claimReturnsOnlyDueSendsInDueOrderUpToTheLimit() {
        Instant now = Instant.now();
        schedule.add(send("t", 4), PAST.plusSeconds(30));
        schedule.add(send("t", 2), PAST);
        schedule.add(send("t", 3), PAST.plusSeconds(10));
        schedule.add(send("t", 5), now.plus(Duration.ofHours(1)));

        List<ClaimedSend> first = schedule.claimDue(2, LEASE, MAX_ATTEMPTS);
        assertEquals(List.of("5day:t:2", "5day:t:3"), ids(first));
        List<ClaimedSend> rest = schedule.claimDue(10, LEASE, MAX_ATTEMPTS);
        assertEquals(List.of("5day:t:4"), ids(rest));
        assertEquals(List.of(), schedule.claimDue(10, LEASE, MAX_ATTEMPTS));

        assertEquals(1, schedule.countScheduled(), "the future send waits");
        assertEquals(3, schedule.countClaimed());
        assertTrue(schedule.dueAt("5day:t:5").isPresent());
    }

    @Test
    void aClaimCarriesThePayloadTheTokenAndTheAttempt() {
        ScheduledSend send = send("tracker-1", 2);
        schedule.add(send, PAST);

        ClaimedSend claim = claimOne();

        assertEquals(send.id(), claim.id());
        assertEquals(1, claim.attempt());
        assertEquals(Optional.empty(), claim.resendId());
        assertEquals(send.toJson(), claim.send().toJson());
        assertEquals("jane@example.com", claim.send().email());
        assertEquals(
                Map.of("first_name", "Jane", "segment", "URGENT"), claim.send().fields());
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("claimed", state.get("state"));
        assertEquals(claim.token(), state.get("token"));
        assertEquals(
                Optional.of(claim.token()),
                schedule.claimed(send.id(), claim.token()).map(ClaimedSend::token));
        assertEquals(Optional.empty(), schedule.claimed(send.id(), "someone-else"));
    }

    @Test
    void aClaimedSendIsNotClaimedAgainWhileItsLeaseLasts() {
        schedule.add(send("t", 2), PAST);
        claimOne();
        assertEquals(List.of(), schedule.claimDue(10, Duration.ofHours(1), MAX_ATTEMPTS));
        assertEquals(1, schedule.countClaimed());
    }

    @Test
    void aSendWhoseLeaseExpiredIsClaimedAgainAsTheNextAttempt() throws InterruptedException {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        List<ClaimedSend> first = schedule.claimDue(10, Duration.ofMillis(1), MAX_ATTEMPTS);
        assertEquals(1, first.size());

        ClaimedSend second = claimAgain(send.id(), MAX_ATTEMPTS);

        assertEquals(2, second.attempt());
        assertNotEquals(first.get(0).token(), second.token());
        assertEquals(second.token(), schedule.inspect(send.id()).get("token"));
    }

    @Test
    void aSendWhoseLeasesKeepExpiringIsDeadLettered() throws InterruptedException {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        assertEquals(1, schedule.claimDue(10, Duration.ofMillis(1), 1).size());

        for (int i = 0; i < 1000 && schedule.countDead() == 0; i++) {
            assertEquals(List.of(), schedule.claimDue(10, Duration.ofMillis(1), 1));
            Thread.sleep(2);
        }

        assertEquals(1, schedule.countDead());
        assertEquals(0, schedule.countClaimed());
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("dead", state.get("state"));
        assertTrue(state.get("error").contains("lease expired after 1 attempts"), state.get("error"));
    }

    @Test
    void ackRemovesTheSendAndItIsNeverScheduledAgain() {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        ClaimedSend claim = claimOne();

        schedule.ack(claim, "delivered");

        assertEquals(0, schedule.countScheduled());
        assertEquals(0, schedule.countClaimed());
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("delivered", state.get("state"));
        assertFalse(state.containsKey("token"));
        long ttl = redis.ttl("{" + prefix + "}:send:" + send.id());
        assertTrue(
                ttl > Duration.ofDays(89).getSeconds() && ttl <= Schedule.RETENTION.getSeconds(),
                "kept ~90 days: " + ttl);
        assertFalse(schedule.add(send, PAST), "retention refuses the same send");
        assertEquals(0, schedule.countScheduled());
        assertEquals(List.of(), schedule.claimDue(10, LEASE, MAX_ATTEMPTS));
    }

    @Test
    void retryLaterReschedulesCountingAttemptsThenDeadLetters() {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);

        ClaimedSend first = claimOne();
        assertEquals(
                Schedule.RetryOutcome.RETRY, schedule.retryLater(first, Duration.ofHours(1), "resend 500: boom", 3));
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("scheduled", state.get("state"));
        assertEquals("1", state.get("attempts"));
        assertEquals("resend 500: boom", state.get("error"));
        assertFalse(state.containsKey("token"));
        assertEquals(0, schedule.countClaimed());
        assertTrue(
                schedule.dueAt(send.id()).orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                "due again after the delay");
        assertEquals(List.of(), schedule.claimDue(10, LEASE, 3), "not due yet");

        makeDue(send.id());
        ClaimedSend second = claimOne();
        assertEquals(2, second.attempt());
        assertEquals(
                Schedule.RetryOutcome.RETRY, schedule.retryLater(second, Duration.ofHours(1), "resend 500: again", 3));

        makeDue(send.id());
        ClaimedSend third = claimOne();
        assertEquals(3, third.attempt());
        assertEquals(
                Schedule.RetryOutcome.DEAD, schedule.retryLater(third, Duration.ofHours(1), "resend 500: last", 3));

        assertEquals(0, schedule.countScheduled());
        assertEquals(0, schedule.countClaimed());
        assertEquals(1, schedule.countDead());
        assertEquals(List.of(send.id()), schedule.deadLetterIds(10));
        state = schedule.inspect(send.id());
        assertEquals("dead", state.get("state"));
        assertEquals("resend 500: last", state.get("error"));
        assertEquals("3", state.get("attempts"));
        assertFalse(schedule.add(send, PAST), "a dead send is not scheduled again");
    }

    @Test
    void deadLetterKeepsTheReason() {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        ClaimedSend claim = claimOne();

        assertTrue(schedule.deadLetter(claim, "Template '5-Day E2' not found in Notion."));

        assertEquals(1, schedule.countDead());
        assertEquals(0, schedule.countClaimed());
        assertEquals(0, schedule.countScheduled());
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("dead", state.get("state"));
        assertEquals("Template '5-Day E2' not found in Notion.", state.get("error"));
        assertEquals(List.of(send.id()), schedule.deadLetterIds(10));
    }

    @Test
    void releaseMakesTheSendDueAgainWithoutCountingAnAttempt() {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        ClaimedSend claim = claimOne();

        assertTrue(schedule.release(claim));

        assertEquals("scheduled", schedule.inspect(send.id()).get("state"));
        assertEquals("0", schedule.inspect(send.id()).get("attempts"));
        assertEquals(0, schedule.countClaimed());
        ClaimedSend again = claimOne();
        assertEquals(1, again.attempt());
        assertFalse(schedule.release(claim), "the first claim's token no longer holds it");
    }

    @Test
    void aStaleTokenCanNeitherRetryNorDeadLetterNorRelease() throws InterruptedException {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        ClaimedSend stale =
                schedule.claimDue(10, Duration.ofMillis(1), MAX_ATTEMPTS).get(0);
        ClaimedSend current = claimAgain(send.id(), MAX_ATTEMPTS);

        assertEquals(
                Schedule.RetryOutcome.STALE, schedule.retryLater(stale, Duration.ofMinutes(1), "late", MAX_ATTEMPTS));
        assertFalse(schedule.deadLetter(stale, "late"));
        assertFalse(schedule.release(stale));

        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("claimed", state.get("state"));
        assertEquals(current.token(), state.get("token"));
        assertEquals(0, schedule.countDead());
        assertEquals(1, schedule.countClaimed());
        assertFalse(state.containsKey("error"));
    }

    @Test
    void aRecordedDeliveryTravelsWithLaterClaims() {
        ScheduledSend send = send("t", 2);
        schedule.add(send, PAST);
        ClaimedSend claim = claimOne();

        schedule.recordDelivery(claim, "4ef9a417-02e9-4d39-ad75-9611e0fcc33c");
        schedule.retryLater(claim, Duration.ofMinutes(1), "notion 503", MAX_ATTEMPTS);
        makeDue(send.id());

        ClaimedSend again = claimOne();
        assertEquals(Optional.of("4ef9a417-02e9-4d39-ad75-9611e0fcc33c"), again.resendId());
        assertEquals(2, again.attempt());
        assertEquals(
                Optional.of("4ef9a417-02e9-4d39-ad75-9611e0fcc33c"),
                schedule.claimed(send.id(), again.token()).flatMap(ClaimedSend::resendId));
    }

    @Test
    void concurrentClaimersTakeEachSendExactlyOnce() throws Exception {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ScheduledSend send = send("tracker-" + i, 2 + i % 4);
            all.add(send.id());
            schedule.add(send, PAST.plusMillis(i));
        }
        UnifiedJedis otherClient = TestRedis.client();
        Schedule other = new Schedule(otherClient, prefix);
        List<Schedule> schedules = List.of(schedule, schedule, other, other);
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(schedules.size());
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (Schedule claimer : schedules) {
                workers.add(pool.submit(() -> {
                    start.await();
                    int taken = 0;
                    List<ClaimedSend> batch;
                    do {
                        batch = claimer.claimDue(3, Duration.ofHours(1), MAX_ATTEMPTS);
                        batch.forEach(claim -> claimed.add(claim.id()));
                        taken += batch.size();
                    } while (!batch.isEmpty());
                    return taken;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> worker : workers) total += worker.get(60, TimeUnit.SECONDS);
            assertEquals(200, total);
        } finally {
            pool.shutdownNow();
            otherClient.close();
        }
        List<String> ids = new ArrayList<>(claimed);
        assertEquals(200, ids.size(), "no send claimed twice");
        assertEquals(all, new HashSet<>(ids));
        assertEquals(200, schedule.countClaimed());
        assertEquals(0, schedule.countScheduled());
    }

    @Test
    void everyKeySharesTheHashTagOfThePrefix() {
        schedule.add(send("t", 2), PAST);
        schedule.add(send("t", 3), PAST);
        schedule.add(send("t", 4), Instant.now().plus(Duration.ofHours(1)));
        List<ClaimedSend> claims = schedule.claimDue(2, Duration.ofHours(1), MAX_ATTEMPTS);
        schedule.deadLetter(claims.get(0), "test");

        Set<String> keys = redis.keys("*" + prefix + "*");

        String tag = "{" + prefix + "}:";
        assertTrue(
                keys.containsAll(Set.of(
                        tag + "scheduled",
                        tag + "claimed",
                        tag + "dead",
                        tag + "send:5day:t:2",
                        tag + "send:5day:t:3",
                        tag + "send:5day:t:4")),
                keys.toString());
        for (String key : keys) assertTrue(key.startsWith(tag), "outside the hash tag: " + key);
    }

    @Test
    void anUnreachableRedisIsReportedAsUnavailable() {
        try (RedisClient unreachable = RedisConnections.open("redis://127.0.0.1:" + TestRedis.freePort(), null)) {
            Schedule down = new Schedule(unreachable, prefix);
            assertThrows(ScheduleUnavailableException.class, down::checkAvailable);
            assertThrows(ScheduleUnavailableException.class, () -> down.add(send("t", 2), PAST));
            assertThrows(ScheduleUnavailableException.class, () -> down.claimDue(10, LEASE, MAX_ATTEMPTS));
        }
        schedule.checkAvailable();
    }

    private static List<String> ids(List<ClaimedSend> claims) {
        return claims.stream().map(ClaimedSend::id).collect(Collectors.toList());
    }

    @Test
    void aSendWithAnUnreadablePayloadIsDeadLetteredWithoutHoldingUpTheOthers() {
        schedule.add(send("page-1", 2), PAST);
        schedule.add(send("page-2", 2), PAST);
        redis.hset(
                "{" + prefix + "}:send:corrupt", Map.of("payload", "not json", "attempts", "0", "state", "scheduled"));
        redis.zadd("{" + prefix + "}:scheduled", 0, "corrupt");

        List<ClaimedSend> claims = schedule.claimDue(10, LEASE, MAX_ATTEMPTS);

        assertEquals(2, claims.size(), "the two good sends are claimed");
        assertEquals(List.of("corrupt"), schedule.deadLetterIds(10));
        assertTrue(schedule.inspect("corrupt").get("error").startsWith("unreadable payload"));
    }
}
