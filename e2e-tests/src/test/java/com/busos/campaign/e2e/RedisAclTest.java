package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;
import redis.embedded.RedisServer;

/**
 * The functions run as redis-config's "campaign" user (functions-user.acl, as start-redis.sh applies
 * it, with the default user off): the whole funnel works, and the user can reach nothing else.
 */
class RedisAclTest {
    private static final String PASSWORD = "acl-test-password";

    @Test
    void theFunctionsWorkAsTheLimitedUserAndTheUserCanDoNothingElse() throws Exception {
        String rules = Files.readAllLines(Path.of("..", "redis-config", "functions-user.acl")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.joining(" "));
        int port = TestRedis.freePort();
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("user default off")
                .setting("user campaign on >" + PASSWORD + " " + rules)
                .build();
        server.start();
        try {
            String url = "redis://campaign:" + PASSWORD + "@127.0.0.1:" + port;
            try (UnifiedJedis anonymous = RedisClient.create(URI.create("redis://127.0.0.1:" + port));
                    UnifiedJedis campaign = RedisClient.create(URI.create(url))) {
                assertThrows(JedisException.class, anonymous::ping, "the default user is off");
                assertEquals("PONG", campaign.ping());
                assertThrows(JedisException.class, () -> campaign.set("other-app:key", "x"), "other keys are refused");
                assertThrows(JedisException.class, () -> campaign.keys("*"), "listing keys is refused");
                assertThrows(JedisException.class, campaign::flushAll, "flushing is refused");
                // Nothing that lists, empties, switches or reconfigures the server, even on the campaign's keys.
                for (List<String> command : List.of(
                        List.of("KEYS", "{campaign}:*"),
                        List.of("SCAN", "0"),
                        List.of("FLUSHDB"),
                        List.of("SELECT", "1"),
                        List.of("CONFIG", "GET", "*"),
                        List.of("DEBUG", "SLEEP", "0"),
                        List.of("SCRIPT", "FLUSH"),
                        List.of("MONITOR"),
                        List.of("ACL", "LIST"),
                        List.of("SHUTDOWN"),
                        List.of("INFO"),
                        List.of("OBJECT", "ENCODING", "{campaign}:scheduled"),
                        List.of("RENAME", "{campaign}:a", "{campaign}:b"))) {
                    JedisException refused = assertThrows(
                            JedisException.class,
                            () -> campaign.sendCommand(
                                    () -> redis.clients.jedis.util.SafeEncoder.encode(command.get(0)),
                                    command.subList(1, command.size()).toArray(new String[0])),
                            String.join(" ", command) + " is refused");
                    assertTrue(
                            refused.getMessage().contains("NOPERM"),
                            String.join(" ", command) + ": " + refused.getMessage());
                }
            }

            try (GatewayHarness harness = new GatewayHarness(Map.of("REDIS_KEY_PREFIX", "campaign"), url)) {
                JsonNode signup = harness.post(
                        "christmas-signup",
                        "{\"email\":\"acl.lead@example.com\",\"first_name\":\"Ann\",\"assessment_score\":50}");
                assertEquals(202, signup.path("_status").asInt(), signup.toString());
                assertEquals(4, signup.path("scheduled_emails").size());

                try (UnifiedJedis campaign = RedisClient.create(URI.create(url))) {
                    for (String set : TestRedis.scheduledSets("campaign")) {
                        List<Tuple> pending = campaign.zrangeWithScores(set, 0, -1);
                        for (Tuple send : pending) {
                            campaign.zadd(
                                    set, send.getScore() - Duration.ofDays(6).toMillis(), send.getElement());
                        }
                    }
                }
                // One email a tick (each waits for the one before), then its Email N Sent job.
                int handed = 0;
                for (int round = 0; round < 10 && pending(url) > 0; round++) {
                    JsonNode tick = harness.tickDispatcher();
                    assertEquals(200, tick.path("_status").asInt(), tick.toString());
                    assertEquals(
                            0,
                            tick.path("failed").asInt()
                                    + tick.path("jobs_failed").asInt(),
                            tick.toString());
                    handed += tick.path("handed_off").asInt();
                }
                assertEquals(4, handed);
                assertEquals(
                        4,
                        harness.campaign
                                .resend
                                .deliveredTo("acl.lead@example.com")
                                .size());
                assertEquals(0, pending(url), "every email and CRM job done as the limited user");
            }
        } finally {
            server.stop();
        }
    }

    /** Entries scheduled or claimed under the {campaign} prefix, read as the functions' user. */
    private static long pending(String url) {
        try (UnifiedJedis campaign = RedisClient.create(URI.create(url))) {
            return TestRedis.scheduled(campaign, "campaign").size() + campaign.zcard("{campaign}:claimed");
        }
    }
}
