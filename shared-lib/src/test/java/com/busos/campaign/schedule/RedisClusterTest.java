package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.testing.TestRedisCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The schedule on a real three-master Redis Cluster ({@link TestRedisCluster}), as redis-config's
 * "campaign" user, through the client REDIS_CLUSTER_NODES opens: every script finds its keys on the
 * slot's owner, and the campaign's slot moves to another master while two dispatchers claim and
 * acknowledge sends, with none lost and none taken twice.
 */
class RedisClusterTest {
    private static final String PREFIX = "cluster-" + TestRedis.uniquePrefix().substring(5, 13);
    private static TestRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        String rules = TestRedisCluster.functionsUserRules(TestRedisCluster.functionsUserAcl())
                .replace("{campaign}", "{" + PREFIX + "}");
        cluster = TestRedisCluster.start(rules);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    private static CampaignConfig config() {
        return CampaignConfig.of(Map.of(
                Setting.REDIS_CLUSTER_NODES,
                cluster.nodesSetting(),
                // REDIS_CLUSTER_NODES wins over REDIS_URL, which stack.yml always sets
                Setting.REDIS_URL,
                "redis://127.0.0.1:1",
                Setting.REDIS_USER,
                TestRedisCluster.USER,
                Setting.REDIS_PASSWORD,
                TestRedisCluster.PASSWORD,
                Setting.REDIS_KEY_PREFIX,
                PREFIX));
    }

    private static UnifiedJedis client() {
        return RedisConnections.openCluster(cluster.nodesSetting(), TestRedisCluster.USER, TestRedisCluster.PASSWORD);
    }

    private static ScheduledSend send(String tracker, int number) {
        return new ScheduledSend(
                "5day", number, "5-Day E" + number, tracker + "@example.com", tracker, Map.of("first_name", "Lead"));
    }

    private static HealthCheck.Check redisHealth(UnifiedJedis redis) {
        return new HealthCheck(config(), () -> redis, provider -> RateLimiter.NONE, null, Clock.systemUTC())
                .runLocal()
                .get(0);
    }

    @Test
    void everyStepOfTheScheduleRunsOnTheClusterAsTheCampaignUser() throws InterruptedException {
        String tag = "{" + PREFIX + "}";
        try (UnifiedJedis redis = client()) {
            assertInstanceOf(RedisClusterClient.class, redis);
            Schedule schedule = new Schedule(redis, PREFIX, new DeadLetterLimits(1, Duration.ofDays(180)));
            schedule.checkAvailable();
            Instant past = Instant.now().minus(Duration.ofMinutes(1));
            String lead = "steps-" + System.nanoTime();
            ScheduledSend first = send(lead, 2);
            ScheduledSend second = send(lead, 3);
            assertTrue(schedule.add(first, past));
            assertTrue(schedule.add(second, past, first.id()));
            assertFalse(schedule.add(first, past), "known already");

            // E3 waits for E2: one claim, then the next once E2 is delivered.
            List<ClaimedSend> claims = schedule.claimDue(10, Duration.ofMinutes(5), 8);
            assertEquals(1, claims.size());
            assertEquals(first.id(), claims.get(0).id());
            // The counters, kept and read with the commands the campaign user may run (the other test of
            // this class shares the prefix: what changes is compared).
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            long deliveredBefore = schedule.deliveredPerDay(today, today).get(today);
            long outcomeBefore = schedule.counters().sendOutcomes("email").getOrDefault("delivered", 0L);
            schedule.recordDelivery(claims.get(0), "resend-1");
            schedule.ack(claims.get(0), "delivered");
            schedule.ack(claims.get(0), "delivered");
            assertEquals(
                    deliveredBefore + 1, schedule.deliveredPerDay(today, today).get(today));
            assertEquals(2, schedule.deliveredPerDay(today.minusDays(1), today).size());
            assertEquals(
                    outcomeBefore + 1, schedule.counters().sendOutcomes("email").get("delivered"));
            schedule.counters().providerObserver().attempted("cluster-test", "POST", "/emails", 429, 1);
            assertEquals(
                    Map.of(429, 1L), schedule.counters().providerResponses().get("cluster-test"));
            claims = schedule.claimDue(10, Duration.ofMinutes(5), 8);
            assertEquals(List.of(second.id()), List.of(claims.get(0).id()));

            // Dead letters, trimmed to one; requeued; discarded; cancelled.
            assertTrue(schedule.deadLetter(claims.get(0), "rejected"));
            // Dead letters are ordered by the millisecond they died in (ties by id): the next one dies later.
            Thread.sleep(5);
            ScheduledSend other = send(lead + "-b", 2);
            schedule.add(other, past);
            ClaimedSend otherClaim =
                    schedule.claimDue(10, Duration.ofMinutes(5), 8).get(0);
            assertEquals(Schedule.RetryOutcome.DEAD, schedule.retryLater(otherClaim, Duration.ZERO, "down", 1));
            assertEquals(List.of(other.id()), schedule.allDeadLetterIds(), "the older one trimmed");
            assertEquals("discarded", schedule.state(second.id()).orElseThrow());
            assertEquals(List.of(other.id()), schedule.requeueDead(List.of(other.id(), second.id())));
            ClaimedSend again = schedule.claimDue(10, Duration.ofMinutes(5), 8).get(0);
            schedule.deadLetter(again, "rejected again");
            assertEquals(List.of(other.id()), schedule.discardDead(List.of(other.id())));
            ScheduledSend third = send(lead, 4);
            schedule.add(third, past.plus(Duration.ofDays(1)), second.id());
            assertEquals(List.of(third.id()), schedule.cancelSendsOf(third.email(), null, "unsubscribed"));
            assertEquals("cancelled", schedule.state(third.id()).orElseThrow());
            assertEquals(0, schedule.countScheduled() + schedule.countClaimed() + schedule.countDead());

            // An intake: one script, eight keys.
            Schedule.IntakeResult intake = schedule.intake(new Intake(
                    "Christmas 2025",
                    "5day",
                    lead + "@example.com",
                    "seq-" + lead,
                    List.of(new Intake.Entry("crm:enrol:seq-" + lead, past, "{}", true, null))));
            assertTrue(intake.enrolledNow);
            assertTrue(redis.exists(tag + ":sequence:seq-" + lead));
            assertEquals(1L, schedule.enrolledPerSequence().get("5day"));

            HealthCheck.Check health = redisHealth(redis);
            assertTrue(health.ok(), health.toString());
            int slot = TestRedisCluster.slotOf(tag + ":scheduled");
            assertTrue(health.detail().contains(cluster.ownerOf(slot).toString()), health.toString());
        }
    }

    @Test
    void theCampaignsSlotMovesWhileTwoDispatchersClaimAndAcknowledgeNoneLostNoneTwice() throws Exception {
        int sends = 300;
        String tag = "{" + PREFIX + "}";
        int slot = TestRedisCluster.slotOf(tag + ":scheduled");
        try (UnifiedJedis redis = client()) {
            Schedule schedule = new Schedule(redis, PREFIX);
            // Nothing else of this prefix pending: the first test leaves its sets empty.
            Instant past = Instant.now().minus(Duration.ofMinutes(1));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < sends; i++) {
                ScheduledSend send = send("moving-" + i, 2);
                schedule.add(send, past);
                ids.add(send.id());
            }
            HostAndPort before = cluster.ownerOf(slot);
            HostAndPort target = cluster.nodes().stream()
                    .filter(node -> !node.equals(before))
                    .findFirst()
                    .orElseThrow();

            Set<String> claimedOnce = ConcurrentHashMap.newKeySet();
            List<String> claimedTwice = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger acked = new AtomicInteger();
            AtomicBoolean migrating = new AtomicBoolean();
            CountDownLatch firstBatchMoved = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> dispatchers = new ArrayList<>();
                for (int d = 0; d < 2; d++) {
                    dispatchers.add(pool.submit(() -> {
                        while (schedule.countScheduled() + schedule.countClaimed() > 0) {
                            for (ClaimedSend claim : schedule.claimDue(5, Duration.ofMinutes(5), 8)) {
                                if (!claimedOnce.add(claim.id())) claimedTwice.add(claim.id());
                                // the migration starts once the first sends are claimed, and they are
                                // acknowledged only once the slot is migrating, its first keys moved
                                migrating.set(true);
                                firstBatchMoved.await();
                                schedule.recordDelivery(claim, "resend-" + claim.id());
                                schedule.ack(claim, "delivered");
                                acked.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                Future<Integer> migration = pool.submit(() -> {
                    while (!migrating.get()) Thread.sleep(1);
                    return cluster.migrateSlot(slot, target, 20, 5, firstBatchMoved::countDown);
                });
                assertTrue(migration.get(2, TimeUnit.MINUTES) > 0, "keys moved");
                for (Future<?> dispatcher : dispatchers) dispatcher.get(2, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }

            assertEquals(List.of(), claimedTwice, "no send claimed twice");
            assertEquals(sends, acked.get(), "every send acknowledged once");
            assertTrue(claimedOnce.containsAll(ids), "no send lost");
            for (String id : ids) {
                Map<String, String> hash = schedule.inspect(id);
                assertEquals("delivered", hash.get("state"), id);
                assertEquals("resend-" + id, hash.get("resend_id"));
                assertEquals("1", hash.get("attempts"), id + " claimed once");
            }
            assertEquals(0, schedule.countScheduled() + schedule.countClaimed() + schedule.countDead());

            HostAndPort after = cluster.ownerOf(slot);
            assertEquals(target, after, "the slot is on its new master");
            assertNotEquals(before, after);
            HealthCheck.Check health = redisHealth(redis);
            assertTrue(health.ok(), health.toString());
            assertTrue(health.detail().contains(target.toString()), "the new owner: " + health);
        }
    }
}
