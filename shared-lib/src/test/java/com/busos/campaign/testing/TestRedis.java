package com.busos.campaign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
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

    /** A per-client call counter of the intake limit (see {@link #campaignKeys}). */
    public static boolean isCallCounter(String key) {
        return key.contains("}:intake:client:");
    }
}
