package com.busos.campaign.e2e;

import com.busos.campaign.testing.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * A Redis server of a test's own, on a free loopback port, that keeps its data across a stop and a
 * start (append-only file, fsync on every write), as the production Redis does (redis-config/): a
 * test can stop it in the middle of a dispatch or a webhook and start it again without losing what
 * had been written. TestRedis's shared server cannot be used for that: it runs without persistence.
 */
final class PersistentRedis implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final RedisServer server;

    PersistentRedis() {
        try {
            dataDir = Files.createTempDirectory("persistent-redis-");
            port = TestRedis.freePort();
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dataDir.toAbsolutePath())
                    .setting("save \"\"")
                    .setting("appendonly yes")
                    .setting("appendfsync always")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a persistent Redis server", e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM); clients then get connection errors. */
    void stop() {
        try {
            if (server.isActive()) server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPort(false);
    }

    /** Starts it again on the same port, with the data it had. */
    void start() {
        try {
            if (!server.isActive()) server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPort(true);
    }

    private void awaitPort(boolean open) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean accepting;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                accepting = true;
            } catch (IOException refused) {
                accepting = false;
            }
            if (accepting == open) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Redis on port " + port + " did not " + (open ? "start" : "stop") + " in 10 s");
    }

    @Override
    public void close() {
        try {
            if (server.isActive()) server.stop();
        } catch (IOException ignored) {
            // the process is gone with the JVM at the latest
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
