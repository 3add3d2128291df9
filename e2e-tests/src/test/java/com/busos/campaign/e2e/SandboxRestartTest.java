package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The sandbox stopped and started again with sends pending (issue 16): the repository's stack.yml and
 * templates in sandbox mode on one sandbox folder, the gateway's own embedded Redis (real, persisting
 * under sandbox/redis), no credential. The 5-day sample signup is taken in, E2 goes out, the gateway
 * stops with E3–E5 pending (its stop line says 3 are kept), starts again on the same folder (it says
 * what it found), the same signup posted again changes nothing, and as the minutes pass E2–E5 are each
 * in the outbox exactly once. The operator tools work with the sandbox's generated admin token, and the
 * emails sent after the restart carry an unsubscribe link to the running gateway that answers.
 */
class SandboxRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = SandboxCalls.REPO;
    private static final Pattern EMAIL_NUMBER = Pattern.compile("(?m)^X-Campaign-Email-Number: (\\d+)\\r?$");
    private static final Pattern UNSUBSCRIBE = Pattern.compile("(?m)^List-Unsubscribe: <([^>]+)>\\r?$");

    @TempDir
    Path root;

    private Path sandbox;
    private LocalGateway gateway;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private SandboxCalls calls;

    @BeforeEach
    void clean() {
        TestCampaign.clearSystemProperties(); // no NOTION_TOKEN / RESEND_API_KEY left by another test
        sandbox = root.resolve("sandbox");
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        TestCampaign.clearSystemProperties();
    }

    private void start() throws Exception {
        logs.reset();
        gateway = SandboxCalls.start(sandbox, root.resolve("no-secrets"), logs);
        calls = new SandboxCalls(gateway);
        assertTrue(gateway.embeddedRedis());
    }

    @Test
    void stoppedAndStartedAgainWithSendsPendingEverySendStillGoesOutOnce() throws Exception {
        start();
        String sample = Files.readString(REPO.resolve("templates/samples/5day.json"));
        String recipient = JSON.readTree(sample).path("email").asText();
        HttpResponse<String> signup = calls.post("/function/christmas-signup", sample, Map.of());
        assertEquals(202, signup.statusCode(), signup.body());
        assertEquals("accepted", JSON.readTree(signup.body()).path("status").asText(), signup.body());
        assertEquals(4, JSON.readTree(signup.body()).path("scheduled_emails").size());

        calls.advance(Duration.ofMinutes(1).plusSeconds(1));
        JsonNode tick = calls.tick();
        assertEquals(0, tick.path("failed").asInt(), tick.toString());
        assertEquals(List.of(2), emailNumbers(), "E2 went out before the stop");

        gateway.close();
        gateway = null;
        List<JsonNode> kept = events("sandbox_kept");
        assertEquals(1, kept.size(), logs.toString(StandardCharsets.UTF_8));
        assertEquals(3, kept.get(0).path("pending_emails").asInt(), "E3, E4, E5 kept");
        assertTrue(Files.isDirectory(sandbox.resolve("redis")));

        start();
        List<JsonNode> restored = events("sandbox_restored");
        assertEquals(1, restored.size(), logs.toString(StandardCharsets.UTF_8));
        assertEquals(3, restored.get(0).path("pending_emails").asInt());
        assertEquals(3, pendingEmails(), "the schedule survived the restart");

        HttpResponse<String> again = calls.post("/function/christmas-signup", sample, Map.of());
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(3, pendingEmails(), "the enrolment survived too: the repeated signup schedules nothing");

        // the operator tools, with the token the sandbox generated
        String token = Files.readString(sandbox.resolve("secrets/admin-token")).trim();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        HttpResponse<String> stats = calls.get("/function/campaign-admin/stats", bearer);
        assertEquals(200, stats.statusCode(), stats.body());
        HttpResponse<String> sends = calls.get("/function/campaign-admin/sends?email=" + recipient, bearer);
        assertEquals(200, sends.statusCode(), sends.body());
        assertTrue(sends.body().contains("delivered"), "the send history survived: " + sends.body());
        HttpResponse<String> health = calls.get("/function/campaign-health", bearer);
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("ok", JSON.readTree(health.body()).path("status").asText(), health.body());

        for (int minute = 1; minute <= 3; minute++) {
            calls.advance(Duration.ofMinutes(1).plusSeconds(1));
            JsonNode next = calls.tick();
            assertEquals(0, next.path("failed").asInt(), next.toString());
        }
        assertEquals(0, calls.tick().path("claimed").asInt(), "nothing left to send");
        assertEquals(0, pendingEmails());
        List<Integer> numbers = emailNumbers();
        numbers.sort(Integer::compare);
        assertEquals(List.of(2, 3, 4, 5), numbers, "each email of the sequence exactly once");

        // an email sent after the restart links to this gateway's unsubscribe page, which answers
        String eml = emls().stream()
                .filter(text -> text.contains("X-Campaign-Email-Number: 5"))
                .findFirst()
                .orElseThrow();
        Matcher link = UNSUBSCRIBE.matcher(eml);
        assertTrue(link.find(), eml.substring(0, Math.min(eml.length(), 2000)));
        assertTrue(link.group(1).startsWith(gateway.baseUrl() + "/function/unsubscribe?token="), link.group(1));
        HttpResponse<String> page =
                calls.get(link.group(1).substring(gateway.baseUrl().length()), Map.of());
        assertEquals(200, page.statusCode(), page.body());

        String all = logs.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains(token), "the admin token is never logged");
        gateway.close();
        gateway = null;
        assertTrue(events("sandbox_kept").isEmpty(), "nothing pending, nothing said");
    }

    private List<JsonNode> events(String event) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("{")) continue;
            JsonNode json = JSON.readTree(line);
            if (event.equals(json.path("event").asText())
                    && "local-gateway".equals(json.path("logger").asText())) found.add(json);
        }
        return found;
    }

    private List<String> emls() throws Exception {
        Path outbox = sandbox.resolve("outbox");
        if (!Files.isDirectory(outbox)) return List.of();
        try (Stream<Path> files = Files.list(outbox)) {
            List<String> texts = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).collect(Collectors.toList()))
                texts.add(Files.readString(file));
            return texts;
        }
    }

    private List<Integer> emailNumbers() throws Exception {
        List<Integer> numbers = new ArrayList<>();
        for (String eml : emls()) {
            Matcher number = EMAIL_NUMBER.matcher(eml);
            assertTrue(number.find(), "every outbox email says its number");
            numbers.add(Integer.parseInt(number.group(1)));
        }
        return numbers;
    }

    /** Emails (not CRM jobs) scheduled or claimed. */
    private long pendingEmails() {
        try (UnifiedJedis redis = RedisClient.create(URI.create(gateway.redisUrl()))) {
            long count = 0;
            for (String set : List.of("{campaign}:scheduled", "{campaign}:scheduled-jobs", "{campaign}:claimed")) {
                for (String id : redis.zrange(set, 0, -1)) if (!id.startsWith("crm:")) count++;
            }
            return count;
        }
    }
}
