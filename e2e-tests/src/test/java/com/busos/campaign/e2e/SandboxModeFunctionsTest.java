package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.testing.FollowUpBodies;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox mode as it runs: the functions loaded by the local gateway, which lends them the sandbox
 * module (a function's own class path, as in its image, has none: its handler tests show SANDBOX_DIR
 * refused there). Without webhook-secret or calendly-signing-key the webhooks are accepted unsigned,
 * and campaign-health checks the stand-ins and requires only what the sandbox uses.
 */
class SandboxModeFunctionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHECKS =
            List.of("redis", "secrets", "unsubscribe", "notion", "data-sources", "templates", "resend");

    @TempDir
    Path sandbox;

    private LocalGateway gateway;
    private SandboxCalls calls;

    @BeforeEach
    void start() throws Exception {
        TestCampaign.clearSystemProperties();
        gateway = SandboxCalls.start(sandbox, sandbox.resolve("no-secrets"), new ByteArrayOutputStream());
        calls = new SandboxCalls(gateway);
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void theWebsitesUnsignedWebhooksAreAcceptedWithoutAWebhookSecret() throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put(
                "christmas-signup",
                "{\"email\":\"signup@example.com\",\"first_name\":\"Ann\",\"assessment_score\":42}");
        bodies.put(
                "postcall-maybe",
                "{\"email\":\"postcall@example.com\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\","
                        + "\"call_date\":\"2025-12-02T16:00:00Z\"}");
        bodies.put(
                "onboarding-start",
                "{\"email\":\"onboarding@example.com\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\","
                        + "\"payment_confirmed\":true,\"payment_amount\":2997.0,\"payment_date\":\"2025-12-03\"}");
        bodies.put(
                "calendly-noshow",
                "{\"email\":\"noshow@example.com\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\","
                        + "\"calendly_event_uri\":\"https://api.calendly.com/scheduled_events/EV1\","
                        + "\"scheduled_time\":\"2025-12-01T15:00:00Z\"}");
        for (Map.Entry<String, String> call : bodies.entrySet()) {
            HttpResponse<String> response = calls.post("/function/" + call.getKey(), call.getValue());
            assertEquals(202, response.statusCode(), call.getKey() + ": " + response.body());
            assertEquals(
                    "accepted", JSON.readTree(response.body()).path("status").asText(), call.getKey());
        }
    }

    @Test
    void calendlysUnsignedEnvelopesAreAcceptedWithoutASigningKey() throws Exception {
        HttpResponse<String> noShow =
                calls.post("/function/calendly-noshow", calendlyEnvelope("invitee_no_show.created", "ada@example.com"));
        assertEquals(202, noShow.statusCode(), noShow.body());
        assertEquals("accepted", JSON.readTree(noShow.body()).path("status").asText());

        // an event that ends sequences (a new booking): for a lead with none, then for Ada
        HttpResponse<String> booked =
                calls.post("/function/calendly-noshow", calendlyEnvelope("invitee.created", "bob@example.com"));
        assertEquals(200, booked.statusCode(), booked.body());
        assertEquals("not_enrolled", JSON.readTree(booked.body()).path("status").asText());
        HttpResponse<String> rebooked =
                calls.post("/function/calendly-noshow", calendlyEnvelope("invitee.created", "ada@example.com"));
        assertEquals(200, rebooked.statusCode(), rebooked.body());
        assertEquals("ended", JSON.readTree(rebooked.body()).path("status").asText());
    }

    /**
     * The sandbox as the local gateway starts it (its generated admin-token and unsubscribe-secret,
     * PUBLIC_GATEWAY_URL the gateway's http address, no resend-webhook-secret, no webhook-secret):
     * every check passes on the stand-ins and the repository's template files, and the secrets check
     * says what the sandbox does not need.
     */
    @Test
    void campaignHealthChecksTheStandInsAndRequiresOnlyWhatTheSandboxUses() throws Exception {
        String token = Files.readString(sandbox.resolve("secrets/admin-token")).trim();
        HttpResponse<String> response =
                calls.get("/function/campaign-health", Map.of("Authorization", "Bearer " + token));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            checks.put(check.path("name").asText(), check);
        }
        assertEquals(CHECKS, List.copyOf(checks.keySet()));
        for (String name : CHECKS) {
            assertTrue(checks.get(name).path("ok").asBoolean(), name + ": " + detail(checks, name));
        }
        assertTrue(detail(checks, "notion").startsWith("sandbox mode"), detail(checks, "notion"));
        assertTrue(detail(checks, "resend").startsWith("sandbox mode"), detail(checks, "resend"));
        assertTrue(detail(checks, "data-sources").contains("sandbox"), detail(checks, "data-sources"));
        assertTrue(detail(checks, "templates").contains("template files"), detail(checks, "templates"));
        assertTrue(
                detail(checks, "secrets").contains("not needed in sandbox mode: resend-webhook-secret"),
                detail(checks, "secrets"));
        assertFalse(detail(checks, "secrets").contains("missing"), detail(checks, "secrets"));
    }

    private static String detail(Map<String, JsonNode> checks, String name) {
        return checks.get(name).path("detail").asText();
    }

    private static String calendlyEnvelope(String event, String email) {
        return FollowUpBodies.calendlyEnvelope(event, email).toString();
    }
}
