package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The README's quick start as the sandbox tests drive it: the local gateway started in sandbox mode with
 * the repository's stack.yml, the calls its curl lines make, the cron-connector's tick, and time moved
 * forward in its Redis (every pending send due that much earlier).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class SandboxCalls {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalGateway gateway;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The gateway in sandbox mode with its state in {@code sandbox}, no configured secret (the folder
     * {@code noSecrets} need not exist), the cron off (the tests tick), its log lines into {@code logs}.
     */
    static LocalGateway start(Path sandbox, Path noSecrets, ByteArrayOutputStream logs) throws IOException {
        return LocalGateway.start(new LocalGateway.Options()
                .stackFile(REPO.resolve("stack.yml"))
                .port(0)
                .cron(false)
                .environment(Map.of("SANDBOX_DIR", sandbox.toString(), "SECRETS_DIR", noSecrets.toString()))
                .out(new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, Map.of());
    }

    /** A JSON POST to the gateway, with {@code headers} added. */
    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, Map.of());
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One cron-connector tick of the dispatcher (answered 200); its answer. */
    JsonNode tick() throws Exception {
        HttpResponse<String> response = post(
                "/function/email-dispatcher", "", Map.of("X-Connector", "cron-connector", "X-Topic", "cron-function"));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** Moves every pending send {@code by} earlier, as if that much time had passed. */
    void advance(Duration by) {
        try (UnifiedJedis redis = RedisClient.create(URI.create(gateway.redisUrl()))) {
            for (String set : TestRedis.scheduledSets("campaign")) {
                for (Tuple send : redis.zrangeWithScores(set, 0, -1)) {
                    redis.zadd(set, send.getScore() - by.toMillis(), send.getElement());
                }
            }
        }
    }
}
