package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.testing.TestRedis;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The functions' Redis client: a connection from before a Redis restart is not handed out dead. */
class RedisConnectionsTest {

    @Test
    void anIdleConnectionIsCheckedSoTheFirstCallAfterARestartWorks() throws Exception {
        String key = "{" + TestRedis.uniquePrefix() + "}:restart";
        try (RedisClient redis = RedisConnections.open(TestRedis.url(), null)) {
            redis.set(key, "before");
            TestRedis.stopServer();
            TestRedis.startServer();
            Thread.sleep(RedisConnections.CHECK_AFTER_IDLE.toMillis() + 200);
            // The pooled connection died with the server; it is found dead before use and replaced.
            redis.set(key, "after");
            assertEquals("after", redis.get(key));
            redis.del(key);
        } finally {
            TestRedis.startServer();
        }
    }

    @Test
    void aConnectionInUseIsNotPingedBeforeEveryCall() {
        String key = "{" + TestRedis.uniquePrefix() + "}:calls";
        try (RedisClient redis = RedisConnections.open(TestRedis.url(), null);
                RedisClient observer = RedisClient.create(java.net.URI.create(TestRedis.url()))) {
            redis.set(key, "0");
            long pings = commandCalls(observer, "ping");
            for (int i = 0; i < 50; i++) redis.incr(key);
            assertEquals(pings, commandCalls(observer, "ping"), "no PING between calls a moment apart");
            redis.del(key);
        }
    }

    @Test
    void anUnusableClusterNodeListIsAConfigurationErrorNamingTheSetting() {
        for (String nodes : List.of(
                "",
                " , ",
                "redis-1",
                "redis-1:",
                "redis-1:port",
                "user:pw@redis-1:7000",
                "redis://redis-1:7000/0",
                "rediss://redis-1:7000,redis-2:7000")) {
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> RedisConnections.openCluster(nodes, null, null));
            assertTrue(refused.getMessage().contains("REDIS_CLUSTER_NODES"), nodes + ": " + refused.getMessage());
        }
    }

    @Test
    void aClusterNoNodeOfWhichAnswersIsRedisUnavailableAndHealthSaysWhere() {
        String nodes = "127.0.0.1:" + TestRedis.freePort();
        CampaignConfig config = CampaignConfig.of(Map.of(Setting.REDIS_CLUSTER_NODES, nodes));
        try (Campaign campaign = new Campaign(config, Clock.systemUTC())) {
            assertThrows(ScheduleUnavailableException.class, campaign::schedule, "503, as for one node down");
            HealthCheck.Check redis = campaign.healthCheck().runLocal().get(0);
            assertFalse(redis.ok());
            assertTrue(redis.detail().startsWith("cluster " + nodes + ": "), redis.detail());
        }
    }

    /** How many times the server has run a command (INFO commandstats). */
    private static long commandCalls(RedisClient redis, String command) {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }
}
