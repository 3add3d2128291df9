package com.busos.campaign.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A WireMock stand-in for Resend's {@code POST /emails}: checks the key, the User-Agent and the body as
 * Resend does, honours Idempotency-Key (a repeated key returns the first id and delivers nothing; a
 * repeated key with another payload is a 409), and records each email actually delivered. Fault stubs
 * added to {@link #server()} at priority 1 take precedence.
 */
public final class FakeResend implements AutoCloseable {
    public static final String API_KEY = "re_test_key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One email Resend accepted and delivered. */
    public static final class Delivered {
        public final String id;
        public final JsonNode body;
        public final String idempotencyKey;

        Delivered(String id, JsonNode body, String idempotencyKey) {
            this.id = id;
            this.body = body;
            this.idempotencyKey = idempotencyKey;
        }

        public String to() {
            return body.path("to").path(0).asText();
        }

        public String subject() {
            return body.path("subject").asText();
        }

        public String html() {
            return body.path("html").asText();
        }

        public String from() {
            return body.path("from").asText();
        }
    }

    private final List<Delivered> delivered = new ArrayList<>();
    private final Map<String, String> idsByKey = new HashMap<>();
    private final Map<String, String> payloadsByKey = new HashMap<>();
    private final WireMockServer server;
    private volatile java.util.function.IntConsumer onDelivered = count -> {};

    public FakeResend() {
        server = StandInServer.start("fake-resend", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * Called with the number delivered so far after each email is delivered, before Resend's answer
     * goes back (deliveries wait while it runs): a test's way to act in the middle of a dispatch.
     */
    public void onDelivered(java.util.function.IntConsumer hook) {
        onDelivered = hook;
    }

    public WireMockServer server() {
        return server;
    }

    public synchronized List<Delivered> delivered() {
        return new ArrayList<>(delivered);
    }

    public synchronized List<Delivered> deliveredTo(String address) {
        List<Delivered> found = new ArrayList<>();
        for (Delivered email : delivered) if (email.to().equals(address)) found.add(email);
        return found;
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized ResponseDefinition handle(LoggedRequest request) {
        if (!request.getMethod().getName().equals("POST") || !request.getUrl().equals("/emails")) {
            return error(404, "not_found", "The requested endpoint does not exist.");
        }
        String auth = request.getHeader("Authorization");
        if (auth == null) return error(401, "missing_api_key", "Missing API key in the authorization header.");
        if (!auth.equals("Bearer " + API_KEY)) return error(403, "invalid_api_key", "API key is invalid.");
        if (request.getHeader("User-Agent") == null) return error(403, "invalid_access", "Missing User-Agent header.");
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            return error(400, "validation_error", "Invalid JSON body.");
        }
        for (String field : List.of("from", "to", "subject")) {
            JsonNode value = body.path(field);
            boolean empty = value.isArray()
                    ? value.isEmpty()
                    : !value.isTextual() || value.asText().isEmpty();
            if (empty) return error(422, "missing_required_field", "Missing `" + field + "` field.");
        }
        if (!body.has("html") && !body.has("text")) {
            return error(422, "validation_error", "Missing `html` or `text` field.");
        }
        String key = request.getHeader("Idempotency-Key");
        if (key != null && idsByKey.containsKey(key)) {
            if (!payloadsByKey.get(key).equals(body.toString())) {
                return error(
                        409,
                        "invalid_idempotent_request",
                        "Same idempotency key used with a different request payload.");
            }
            return ok(idsByKey.get(key));
        }
        String id = UUID.randomUUID().toString();
        delivered.add(new Delivered(id, body, key));
        if (key != null) {
            idsByKey.put(key, id);
            payloadsByKey.put(key, body.toString());
        }
        onDelivered.accept(delivered.size());
        return ok(id);
    }

    private static ResponseDefinition ok(String id) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.createObjectNode().put("id", id).toString())
                .build();
    }

    private static ResponseDefinition error(int status, String name, String message) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(errorBody(status, name, message))
                .build();
    }

    /** The JSON body of a Resend error, for fault stubs. */
    /** The next POST /emails is answered Resend's 429 with {@code Retry-After: 1}; the ones after it as usual. */
    public void rateLimitOnce() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/emails"))
                .atPriority(1)
                .inScenario("rate")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withBody(errorBody(429, "rate_limit_exceeded", "Too many requests.")))
                .willSetStateTo("passed"));
    }

    public static String errorBody(int status, String name, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("statusCode", status).put("name", name).put("message", message);
        return body.toString();
    }
}
