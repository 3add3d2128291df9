package com.busos.campaign.e2e;

import com.busos.campaign.config.Setting;
import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The campaign as a user runs it: the repository's stack.yml served by the local gateway (cron off:
 * tests tick the dispatcher themselves, as the cron-connector would), with the Notion and Resend
 * stand-ins and a real Redis. The functions have TestCampaign's webhook-secret, as a deploy has one, and
 * {@link #post} and {@link #send} sign the website webhooks' calls with the webhook-secret in force
 * ({@link #sendUnsigned} does not).
 */
final class GatewayHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The website webhooks: what the website calls signs with the webhook-secret. */
    static final Set<String> WEBHOOKS =
            Set.of("christmas-signup", "postcall-maybe", "onboarding-start", "calendly-noshow");

    final TestCampaign campaign = new TestCampaign();
    final LocalGateway gateway;
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The Redis the functions use (TestRedis's unless a test brings its own). */
    final String redisUrl;

    private final Supplier<UnifiedJedis> clients;

    GatewayHarness(Map<String, String> extraSettings) throws Exception {
        this(extraSettings, TestRedis.url());
    }

    /** The same, with the functions on the Redis at {@code redisUrl} (e.g. one a test stops and restarts). */
    GatewayHarness(Map<String, String> extraSettings, String redisUrl) throws Exception {
        this(extraSettings, redisUrl, () -> RedisClient.create(URI.create(redisUrl)));
    }

    /**
     * The same, with the test's own clients of the functions' Redis made by {@code clients} (e.g. a
     * Redis Cluster's, when the settings give REDIS_CLUSTER_NODES).
     */
    GatewayHarness(Map<String, String> extraSettings, String redisUrl, Supplier<UnifiedJedis> clients)
            throws Exception {
        this.redisUrl = redisUrl;
        this.clients = clients;
        campaign.applyAsSystemProperties();
        extraSettings.forEach(System::setProperty);
        gateway = LocalGateway.start(new LocalGateway.Options()
                .stackFile(Path.of("..", "stack.yml").toAbsolutePath().normalize())
                .port(0)
                .redisUrl(redisUrl)
                .cron(false)
                .environment(Map.of())
                .out(new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    /** POSTs a JSON body to /function/{name}; the answer's status is added as "_status". */
    JsonNode post(String function, String body) throws Exception {
        return post(function, body, Map.of());
    }

    JsonNode post(String function, String body, Map<String, String> headers) throws Exception {
        HttpResponse<String> response = send(function, body, headers);
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        ObjectNode answer =
                json.isObject() ? (ObjectNode) json : JSON.createObjectNode().set("body", json);
        answer.put("_status", response.statusCode());
        return answer;
    }

    /**
     * POSTs a body to /function/{name} and answers the raw response (status, headers, body); a website
     * webhook's call is signed, as the website signs it, unless the headers carry a webhook-signature.
     */
    HttpResponse<String> send(String function, String body, Map<String, String> headers) throws Exception {
        return sendUnsigned(function, body, signed(function, body, headers));
    }

    /** {@code headers} with a Standard Webhooks signature when {@code function} is a website webhook and a secret is set. */
    static Map<String, String> signed(String function, String body, Map<String, String> headers) {
        String secret = System.getProperty(Setting.WEBHOOK_SECRET.envName(), "").trim();
        boolean alreadySigned = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("webhook-signature"));
        if (!WEBHOOKS.contains(function) || secret.isEmpty() || alreadySigned) return headers;
        return TestCampaign.signed(secret, body, headers);
    }

    /** POSTs exactly these headers (nothing signed). */
    HttpResponse<String> sendUnsigned(String function, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/function/" + function))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One cron-connector tick: POST, empty body, its two headers. */
    JsonNode tickDispatcher() throws Exception {
        return post("email-dispatcher", "", Map.of("X-Connector", "cron-connector", "X-Topic", "cron-function"));
    }

    /** Moves every pending send {@code by} earlier, as if that much time had passed. */
    void advance(Duration by) {
        try (UnifiedJedis redis = redis()) {
            for (String key : TestRedis.scheduledSets(campaign.redisPrefix)) {
                List<Tuple> pending = redis.zrangeWithScores(key, 0, -1);
                for (Tuple send : pending) redis.zadd(key, send.getScore() - by.toMillis(), send.getElement());
            }
        }
    }

    /** The tracker record the CRM job of the sequence {@code sequenceId} found or made in Notion. */
    String trackerOf(String sequenceId) {
        try (UnifiedJedis redis = redis()) {
            String tracker = redis.hget("{" + campaign.redisPrefix + "}:sequence:" + sequenceId, "tracker_id");
            if (tracker == null) throw new AssertionError("no tracker record recorded for sequence " + sequenceId);
            return tracker;
        }
    }

    long pendingCount() {
        try (UnifiedJedis redis = redis()) {
            return TestRedis.scheduled(redis, campaign.redisPrefix).size()
                    + redis.zcard("{" + campaign.redisPrefix + "}:claimed");
        }
    }

    /** Ends every lease now, as if the sends' workers had died 5 minutes ago: the next tick claims them again. */
    void expireLeases() {
        String key = "{" + campaign.redisPrefix + "}:claimed";
        try (UnifiedJedis redis = redis()) {
            for (String id : redis.zrange(key, 0, -1)) redis.zadd(key, 0, id);
        }
    }

    /** A new client of the functions' Redis; close it after use. */
    UnifiedJedis redis() {
        return clients.get();
    }

    @Override
    public void close() {
        gateway.close();
        TestCampaign.clearSystemProperties();
        campaign.close();
    }
}
