package com.busos.campaign.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * A throw-away Redis server (com.github.codemonstur:embedded-redis) on 127.0.0.1 and a free port,
 * without persistence (no RDB, no AOF; its working folder is a temporary one, deleted on close).
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final Path directory;
    private final int port;
    private final boolean password;

    private EmbeddedRedis(RedisServer server, Path directory, int port, boolean password) {
        this.server = server;
        this.directory = directory;
        this.port = port;
        this.password = password;
    }

    /** @param password required by the server when not null (the local {@code redis-password} secret) */
    public static EmbeddedRedis start(String password) throws IOException {
        int port = freePort();
        Path directory = Files.createTempDirectory("local-gateway-redis-");
        var builder = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + quote(directory.toString()));
        if (password != null) {
            builder.setting("requirepass " + quote(password));
        }
        RedisServer server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(directory);
            throw new IOException("the embedded Redis server did not start: " + e.getMessage(), e);
        }
        return new EmbeddedRedis(server, directory, port, password != null);
    }

    public int port() {
        return port;
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
        deleteQuietly(directory);
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
