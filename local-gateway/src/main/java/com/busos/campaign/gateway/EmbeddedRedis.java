package com.busos.campaign.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;
import redis.embedded.RedisServer;

/**
 * A Redis server (com.github.codemonstur:embedded-redis) on 127.0.0.1 and a free port: either
 * throw-away ({@link #start(String)}: no RDB, no AOF, a temporary working folder deleted on close) or
 * persistent in a folder ({@link #startPersistent(String, Path)}: the append-only file there,
 * {@code appendfsync everysec}, no RDB snapshots; kept on close, loaded again by the next start).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    /** The server's working folder (its append-only file when {@link #persistent()}). */
    @Getter
    private final Path directory;

    @Getter
    private final int port;

    private final boolean password;
    /** True when the data is kept in {@link #directory()} across starts. */
    @Getter
    private final boolean persistent;

    /** @param password required by the server when not null (the local {@code redis-password} secret) */
    public static EmbeddedRedis start(String password) throws IOException {
        Path directory = Files.createTempDirectory("local-gateway-redis-");
        return start(password, directory, false);
    }

    /**
     * A server whose data lives in {@code directory} (created if missing): {@code appendonly yes},
     * {@code appendfsync everysec}, no RDB snapshots. What an earlier server left there is loaded at
     * start; {@link #close()} stops the server (SIGTERM: Redis writes and syncs the file) and keeps the folder.
     */
    public static EmbeddedRedis startPersistent(String password, Path directory) throws IOException {
        Files.createDirectories(directory);
        return start(password, directory.toAbsolutePath().normalize(), true);
    }

    private static EmbeddedRedis start(String password, Path directory, boolean persistent) throws IOException {
        int port = freePort();
        var builder = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting(persistent ? "appendonly yes" : "appendonly no")
                .setting("dir " + quote(directory.toString()));
        if (persistent) {
            builder.setting("appendfsync everysec").setting("appendfilename \"appendonly.aof\"");
        }
        if (password != null) {
            builder.setting("requirepass " + quote(password));
        }
        RedisServer server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            if (!persistent) deleteQuietly(directory);
            throw new IOException(
                    "the embedded Redis server did not start"
                            + (persistent ? " on the data in " + directory : "")
                            + ": " + e.getMessage(),
                    e);
        }
        return new EmbeddedRedis(server, directory, port, password != null, persistent);
    }

    public boolean requiresPassword() {
        return password;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            com.busos.campaign.entrypoint.JsonLog.stdout("local-gateway")
                    .warn("embedded_redis_stop_failed")
                    .with("error", e.getMessage())
                    .print();
        }
        if (!persistent) deleteQuietly(directory);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A redis.conf string argument. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary folder
        }
    }
}
