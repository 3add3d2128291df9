package com.busos.campaign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;
import redis.embedded.RedisServer;

/**
 * The real Redis server the tests use: the one at REDIS_URL when set, otherwise an embedded
 * redis-server started once per test JVM on a free loopback port. Tests isolate themselves with a
 * fresh key prefix each ({@link #uniquePrefix()}), never by flushing.
 */
public final class TestRedis {
    private static RedisServer server;
    private static String url;

    private TestRedis() {}

    public static synchronized String url() {
        if (url != null) return url;
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            url = external;
            return url;
        }
        int port = freePort();
        try {
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis server", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stopServer));
        url = "redis://127.0.0.1:" + port;
        return url;
    }

    /** Stops and restarts the embedded server on the same port (fault tests). */
    public static synchronized void stopServer() {
        try {
            if (server != null && server.isActive()) server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized void startServer() {
        try {
            if (server != null && !server.isActive()) server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UnifiedJedis client() {
        return RedisClient.create(java.net.URI.create(url()));
    }

    public static String uniquePrefix() {
        return "test-" + UUID.randomUUID();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The campaign's keys under {@code prefix} but the intake webhooks' per-client call counters
     * ({@code :intake:client:}): a limit counts every call, a refused one too, so those are the one key a
     * call that changes nothing still touches.
     */
    public static Set<String> campaignKeys(UnifiedJedis redis, String prefix) {
        Set<String> keys = new TreeSet<>(redis.keys("{" + prefix + "}:*"));
        keys.removeIf(TestRedis::isCallCounter);
        return keys;
    }

    /**
     * The sorted sets pending sends wait in under {@code prefix}, due time as score: the emails'
     * {@code {p}:scheduled} and the CRM jobs' {@code {p}:scheduled-jobs}.
     */
    public static List<String> scheduledSets(String prefix) {
        return List.of("{" + prefix + "}:scheduled", "{" + prefix + "}:scheduled-jobs");
    }

    /** The sorted set the pending send {@code id} waits in: the CRM jobs' ({@code crm:…}) or the emails'. */
    public static String scheduledSetOf(String prefix, String id) {
        return "{" + prefix + "}:" + (id.startsWith("crm:") ? "scheduled-jobs" : "scheduled");
    }

    /** Every send pending under {@code prefix}, emails and CRM jobs: id → due (epoch ms). */
    public static Map<String, Double> scheduled(UnifiedJedis redis, String prefix) {
        Map<String, Double> all = new java.util.LinkedHashMap<>();
        for (String set : scheduledSets(prefix)) {
            for (Tuple entry : redis.zrangeWithScores(set, 0, -1)) {
                all.put(entry.getElement(), entry.getScore());
            }
        }
        return all;
    }

    /** A per-client call counter of the intake limit (see {@link #campaignKeys}). */
    public static boolean isCallCounter(String key) {
        return key.contains("}:intake:client:");
    }
}
