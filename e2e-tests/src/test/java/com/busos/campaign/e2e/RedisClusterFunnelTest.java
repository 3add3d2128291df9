package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestRedisCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * The funnel on a real three-master Redis Cluster (REDIS_CLUSTER_NODES, the functions logged in as
 * redis-config's "campaign" user): signups over HTTP, the intake, two dispatchers ticking at once,
 * send-email; in the middle of the dispatch (once the third email reached Resend, its answer held until
 * the slot is migrating and its first keys have moved) the campaign's slot moves to another master.
 * Every email is delivered exactly once (Resend's idempotency keys), in order, nothing is left pending
 * or dead, and campaign-health reports Redis ok on the slot's new owner.
 */
class RedisClusterFunnelTest {
    private static final int LEADS = 6;
    private static final String ADMIN_TOKEN = "cluster-test-admin-token";

    @Test
    void theFunnelRunsOnAClusterWhoseSlotMovesMidDispatchNoEmailLostNoneTwice() throws Exception {
        // The functions' user as start-redis.sh makes it, for any test prefix ({test-...}).
        String rules = TestRedisCluster.functionsUserRules(TestRedisCluster.functionsUserAcl())
                .replace("{campaign}", "{test-*}");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (TestRedisCluster cluster = TestRedisCluster.start(rules)) {
            Map<String, String> settings = Map.of(
                    "REDIS_CLUSTER_NODES",
                    cluster.nodesSetting(),
                    "REDIS_USER",
                    TestRedisCluster.USER,
                    "REDIS_PASSWORD",
                    TestRedisCluster.PASSWORD,
                    "ADMIN_TOKEN",
                    ADMIN_TOKEN,
                    "NOTION_RATE_LIMIT",
                    "50",
                    "RESEND_RATE_LIMIT",
                    "50");
            // The gateway's REDIS_URL (a node's) is set too, as stack.yml sets it: REDIS_CLUSTER_NODES wins.
            String aNode = "redis://" + cluster.nodes().get(0);
            try (GatewayHarness harness = new GatewayHarness(
                    settings,
                    aNode,
                    () -> RedisConnections.openCluster(
                            cluster.nodesSetting(), null, TestRedisCluster.ADMIN_PASSWORD))) {
                String tag = "{" + harness.campaign.redisPrefix + "}";
                int slot = TestRedisCluster.slotOf(tag + ":scheduled");

                for (int i = 0; i < LEADS; i++) {
                    JsonNode answer = harness.post(
                            "christmas-signup",
                            "{\"email\":\"lead" + i + "@example.com\",\"first_name\":\"Lead " + i
                                    + "\",\"assessment_score\":50}");
                    assertEquals(202, answer.path("_status").asInt(), answer.toString());
                    assertEquals(4, answer.path("scheduled_emails").size(), answer.toString());
                }
                harness.advance(Duration.ofDays(6));

                HostAndPort before = cluster.ownerOf(slot);
                HostAndPort target = cluster.nodes().stream()
                        .filter(node -> !node.equals(before))
                        .findFirst()
                        .orElseThrow();
                CountDownLatch firstBatchMoved = new CountDownLatch(1);
                List<Future<Integer>> migration = new ArrayList<>();
                harness.campaign.resend.onDelivered(count -> {
                    if (count != 3) return;
                    migration.add(
                            pool.submit(() -> cluster.migrateSlot(slot, target, 20, 5, firstBatchMoved::countDown)));
                    try {
                        assertTrue(firstBatchMoved.await(60, TimeUnit.SECONDS), "the migration began");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });

                // Two dispatchers at once, as two replicas' ticks would be, until nothing is pending.
                Callable<JsonNode> tick = harness::tickDispatcher;
                int handedOff = 0;
                for (int round = 0; round < 30 && harness.pendingCount() > 0; round++) {
                    for (Future<JsonNode> result : pool.invokeAll(List.of(tick, tick))) {
                        JsonNode answer = result.get();
                        assertEquals(200, answer.path("_status").asInt(), answer.toString());
                        assertEquals(
                                0,
                                answer.path("failed").asInt()
                                        + answer.path("jobs_failed").asInt(),
                                "no hand-off failed: " + answer);
                        handedOff += answer.path("handed_off").asInt();
                    }
                }
                assertEquals(1, migration.size(), "the slot was migrated during the dispatch");
                assertTrue(migration.get(0).get(2, TimeUnit.MINUTES) > 0, "keys moved");
                assertEquals(target, cluster.ownerOf(slot), "the slot is on its new master");

                List<FakeResend.Delivered> delivered = harness.campaign.resend.delivered();
                assertEquals(LEADS * 4, delivered.size(), "every email delivered");
                assertEquals(LEADS * 4, handedOff, "each handed off once");
                Set<String> keys = delivered.stream()
                        .map(email -> email.idempotencyKey)
                        .collect(Collectors.toCollection(HashSet::new));
                assertEquals(LEADS * 4, keys.size(), "no email delivered twice (one per idempotency key)");
                for (int i = 0; i < LEADS; i++) {
                    List<String> subjects = harness.campaign.resend.deliveredTo("lead" + i + "@example.com").stream()
                            .map(FakeResend.Delivered::subject)
                            .collect(Collectors.toList());
                    assertEquals(4, subjects.size(), "lead" + i + ": " + subjects);
                    for (int n = 2; n <= 5; n++) {
                        assertTrue(subjects.get(n - 2).contains("5-Day E" + n), "lead" + i + " in order: " + subjects);
                    }
                }
                assertEquals(0, harness.pendingCount(), "nothing left pending");
                try (UnifiedJedis redis = harness.redis()) {
                    assertEquals(0, redis.zcard(tag + ":dead"), "no dead letter");
                }

                JsonNode health = harness.post("campaign-health", "", Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
                JsonNode redisCheck = null;
                for (JsonNode check : health.path("checks"))
                    if (check.path("name").asText().equals("redis")) redisCheck = check;
                assertTrue(redisCheck != null, health.toString());
                assertTrue(redisCheck.path("ok").asBoolean(), redisCheck.toString());
                assertTrue(
                        redisCheck.path("detail").asText().contains(target.toString()),
                        "health names the slot's new owner: " + redisCheck);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
