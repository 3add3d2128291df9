package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What the sandbox keeps between two starts of the local gateway on the same folder: the embedded
 * Redis's data (append-only file under sandbox/redis), its generated admin-token and unsubscribe-secret
 * (sandbox/secrets, mode 600, the same on the next start), and the line on the way out that says how
 * many sends are kept. The real Redis of the gateway (embedded-redis), no mock.
 */
class SandboxStateTest {
    private static final String SCHEDULED = "{campaign}:scheduled";

    @TempDir
    Path root;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private LocalGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) gateway.close();
    }

    private LocalGateway start(Map<String, String> env) throws Exception {
        output.reset();
        gateway = LocalGateway.start(new LocalGateway.Options()
                .stackFile(FixtureFunctions.echoStack(root))
                .port(0)
                .cron(false)
                .environment(env)
                .out(FixtureFunctions.tee(output)));
        return gateway;
    }

    private Map<String, String> sandboxEnv() {
        return Map.of("SECRETS_DIR", root.resolve("no-secrets").toString());
    }

    private Jedis redis() {
        return new Jedis(
                new HostAndPort("127.0.0.1", Integer.parseInt(gateway.redisUrl().replaceAll(".*:", ""))));
    }

    private List<JsonNode> events(String event) throws Exception {
        return FixtureFunctions.json(output).stream()
                .filter(line -> line.path("event").asText().equals(event))
                .collect(Collectors.toList());
    }

    @Test
    void theScheduleAndTheGeneratedSecretsAreKeptAcrossARestartAndTheStopSaysWhatIsPending() throws Exception {
        Path sandbox = root.resolve("sandbox");
        start(sandboxEnv());
        assertTrue(gateway.embeddedRedis());

        String first = FixtureFunctions.message(FixtureFunctions.lines(output).get(0));
        Path adminToken = sandbox.resolve("secrets/admin-token");
        Path unsubscribeSecret = sandbox.resolve("secrets/unsubscribe-secret");
        assertTrue(first.startsWith("SANDBOX MODE"), first);
        assertTrue(first.contains("admin token: " + adminToken), first);
        assertTrue(first.contains("console " + gateway.baseUrl() + "/function/campaign-admin/"), first);
        assertTrue(first.contains("state kept in " + sandbox.resolve("redis")), first);
        assertTrue(first.contains("delete " + sandbox + " to start over"), first);
        assertTrue(first.contains("unsubscribe links: " + gateway.baseUrl()), first);

        String token = Files.readString(adminToken).trim();
        String unsubscribe = Files.readString(unsubscribeSecret).trim();
        assertTrue(token.length() >= 40, "32 random bytes, base64url");
        assertNotEquals(token, unsubscribe);
        for (Path secret : List.of(adminToken, unsubscribeSecret)) {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)),
                    secret.toString());
        }
        assertEquals(token, System.getProperty("ADMIN_TOKEN"), "given to the functions");
        assertEquals(unsubscribe, System.getProperty("UNSUBSCRIBE_SECRET"));
        assertEquals(gateway.baseUrl(), System.getProperty("PUBLIC_GATEWAY_URL"));

        try (Jedis redis = redis()) {
            redis.zadd(SCHEDULED, 1, "5day:page-1:2");
            redis.zadd(SCHEDULED, 2, "5day:page-1:3");
            redis.zadd(SCHEDULED, 3, "crm:sent:5day:page-1:1");
            redis.hset("{campaign}:suppressed", "gone@example.com", "unsubscribed");
        }
        gateway.close();
        List<JsonNode> kept = events("sandbox_kept");
        assertEquals(1, kept.size(), output.toString(StandardCharsets.UTF_8));
        assertEquals(2, kept.get(0).path("pending_emails").asInt());
        assertEquals(1, kept.get(0).path("pending_crm_jobs").asInt());
        assertTrue(kept.get(0).path("message").asText().contains("delete " + sandbox + " to start over"));
        assertNull(System.getProperty("ADMIN_TOKEN"), "restored on close");
        String firstRun = output.toString(StandardCharsets.UTF_8);
        assertFalse(firstRun.contains(token), "the admin token is never logged");
        assertFalse(firstRun.contains(unsubscribe), "nor the unsubscribe secret");

        start(sandboxEnv());
        assertEquals(token, Files.readString(adminToken).trim(), "reused");
        assertEquals(token, System.getProperty("ADMIN_TOKEN"));
        assertEquals(unsubscribe, System.getProperty("UNSUBSCRIBE_SECRET"));
        List<JsonNode> restored = events("sandbox_restored");
        assertEquals(1, restored.size(), output.toString(StandardCharsets.UTF_8));
        assertEquals(2, restored.get(0).path("pending_emails").asInt());
        try (Jedis redis = redis()) {
            assertEquals(
                    List.of("5day:page-1:2", "5day:page-1:3", "crm:sent:5day:page-1:1"),
                    redis.zrange(SCHEDULED, 0, -1));
            assertEquals("unsubscribed", redis.hget("{campaign}:suppressed", "gone@example.com"));
            redis.del(SCHEDULED);
        }
        gateway.close();
        assertTrue(events("sandbox_kept").isEmpty(), "nothing pending, nothing said");
        gateway = null;
    }

    /**
     * A terminal's Ctrl-C reaches the whole process group, so the embedded Redis stops (writing its file)
     * as the gateway begins its own stop: the line then gives the count read after the last request.
     */
    @Test
    void whenRedisHasStoppedFirstTheLineGivesTheCountAfterTheLastRequest() throws Exception {
        start(sandboxEnv());
        try (Jedis redis = redis()) {
            redis.zadd(SCHEDULED, 1, "5day:page-2:4");
        }
        HttpResponse<String> call = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/function/alpha"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, call.statusCode(), call.body());
        // the gateway reads the counts after each call, before that call's "request" line
        for (int wait = 0;
                FixtureFunctions.json(output).stream()
                        .noneMatch(line -> line.path("event").asText().equals("request")
                                && line.path("path").asText().equals("/function/alpha"));
                wait++) {
            assertTrue(wait < 1500, "the call's request line: " + output.toString(StandardCharsets.UTF_8));
            Thread.sleep(20);
        }
        try (Jedis redis = redis()) {
            redis.shutdown();
        } catch (RuntimeException closedUnderIt) {
            // the server ends the connection as it stops
        }
        gateway.close();
        gateway = null;
        List<JsonNode> kept = events("sandbox_kept");
        assertEquals(1, kept.size(), output.toString(StandardCharsets.UTF_8));
        assertEquals(1, kept.get(0).path("pending_emails").asInt());
        assertTrue(kept.get(0).path("message").asText().contains("(as of the last request)"));

        start(sandboxEnv());
        try (Jedis redis = redis()) {
            assertEquals(List.of("5day:page-2:4"), redis.zrange(SCHEDULED, 0, -1), "written as Redis stopped");
        }
    }

    @Test
    void configuredSecretsAreUsedAndNothingIsGeneratedForThem() throws Exception {
        start(Map.of(
                "SECRETS_DIR",
                root.resolve("no-secrets").toString(),
                "ADMIN_TOKEN",
                "operator-chosen-token",
                "PUBLIC_GATEWAY_URL",
                "http://localhost:9999"));
        String first = FixtureFunctions.message(FixtureFunctions.lines(output).get(0));
        assertTrue(first.contains("admin token: as configured (admin-token (ADMIN_TOKEN))"), first);
        assertFalse(Files.exists(root.resolve("sandbox/secrets/admin-token")));
        assertTrue(Files.exists(root.resolve("sandbox/secrets/unsubscribe-secret")));
        assertNull(System.getProperty("ADMIN_TOKEN"), "the environment's value applies");
        assertNull(System.getProperty("PUBLIC_GATEWAY_URL"), "the environment's value applies");
    }

    @Test
    void outsideTheSandboxTheEmbeddedRedisKeepsNothing() throws Exception {
        start(Map.of("SECRETS_DIR", root.resolve("no-secrets").toString(), "RESEND_API_KEY", "re_real"));
        assertTrue(gateway.sandboxDirectory().isEmpty());
        assertTrue(gateway.embeddedRedis());
        assertNull(System.getProperty("ADMIN_TOKEN"));
        assertNull(System.getProperty("PUBLIC_GATEWAY_URL"));
        assertFalse(Files.exists(root.resolve("sandbox")));
    }
}
