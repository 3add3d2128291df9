package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The website webhooks with the webhook-secret set: christmas-signup, postcall-maybe, onboarding-start
 * and calendly-noshow's flat form take only requests with a valid Standard Webhooks signature; anything
 * else is 401 with nothing written; a repeated webhook-id is answered from the first result. Without the
 * secret (outside sandbox mode) they fail closed: every call is 401, unless WEBHOOK_AUTH=none, which
 * onboarding-start (it cancels sequences) ignores.
 */
class WebhookAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CURRENT = "whsec_"
            + Base64.getEncoder().encodeToString("current website key, 32 bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final String ROTATED = "whsec_"
            + Base64.getEncoder().encodeToString("next website key after rotation".getBytes(StandardCharsets.UTF_8));
    private static final String UNKNOWN = "whsec_"
            + Base64.getEncoder().encodeToString("a key the campaign never heard of".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> FAST = Map.of("NOTION_RATE_LIMIT", "50", "RESEND_RATE_LIMIT", "50");

    /** One body per website webhook, each for an address of its own. */
    private static Map<String, String> bodies(String tag) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put(
                "christmas-signup",
                "{\"email\":\"signup." + tag + "@example.com\",\"first_name\":\"Ann\"," + "\"assessment_score\":42}");
        bodies.put(
                "postcall-maybe",
                "{\"email\":\"postcall." + tag + "@example.com\",\"first_name\":\"Ann\","
                        + "\"business_name\":\"Ann's\",\"call_date\":\"2025-12-02T16:00:00Z\"}");
        bodies.put(
                "onboarding-start",
                "{\"email\":\"onboarding." + tag + "@example.com\",\"first_name\":\"Ann\","
                        + "\"business_name\":\"Ann's\",\"payment_confirmed\":true,\"payment_amount\":2997.0,\"payment_date\":\"2025-12-03\"}");
        bodies.put(
                "calendly-noshow",
                "{\"email\":\"noshow." + tag + "@example.com\",\"first_name\":\"Ann\","
                        + "\"business_name\":\"Ann's\",\"calendly_event_uri\":\"https://api.calendly.com/scheduled_events/EV1\","
                        + "\"scheduled_time\":\"2025-12-01T15:00:00Z\"}");
        return bodies;
    }

    private static Map<String, String> signed(String secret, String id, long timestamp, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", StandardWebhookSignature.sign(secret, id, timestamp, body));
        return headers;
    }

    private static Set<String> keys(GatewayHarness harness) {
        try (UnifiedJedis redis = harness.redis()) {
            return TestRedis.campaignKeys(redis, harness.campaign.redisPrefix);
        }
    }

    @Test
    void onlyValidlySignedRequestsAreProcessedAndARepeatedIdIsAnsweredFromTheFirstResult() throws Exception {
        Map<String, String> settings = new HashMap<>(FAST);
        settings.put("WEBHOOK_SECRET", CURRENT + " " + ROTATED);
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            // Refused: 401 with a detail, nothing read from or written to Notion, no key in Redis.
            for (Map.Entry<String, String> webhook : bodies("refused").entrySet()) {
                String function = webhook.getKey();
                String body = webhook.getValue();
                long now = Instant.now().getEpochSecond();
                Map<String, Map<String, String>> refusals = new LinkedHashMap<>();
                refusals.put("unsigned", Map.of("Content-Type", "application/json"));
                refusals.put("signed with an unknown key", signed(UNKNOWN, "msg_a_" + function, now, body));
                refusals.put("stale timestamp (6 min)", signed(CURRENT, "msg_b_" + function, now - 360, body));
                refusals.put("timestamp 6 min in the future", signed(CURRENT, "msg_c_" + function, now + 360, body));
                Map<String, String> tampered = signed(CURRENT, "msg_d_" + function, now, body);
                tampered.put("webhook-id", "msg_other");
                refusals.put("signature of another id", tampered);
                for (String header : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature"}) {
                    Map<String, String> missing = signed(CURRENT, "msg_e_" + function, now, body);
                    missing.remove(header);
                    refusals.put("no " + header, missing);
                }
                for (Map.Entry<String, Map<String, String>> refusal : refusals.entrySet()) {
                    HttpResponse<String> answer = harness.sendUnsigned(function, body, refusal.getValue());
                    assertEquals(401, answer.statusCode(), function + ", " + refusal.getKey() + ": " + answer.body());
                    assertTrue(JSON.readTree(answer.body()).path("detail").isTextual(), answer.body());
                }
                HttpResponse<String> changedBody = harness.sendUnsigned(
                        function, body.replace("Ann", "Bob"), signed(CURRENT, "msg_f_" + function, now, body));
                assertEquals(401, changedBody.statusCode(), function + ", body changed after signing");
            }
            assertEquals(0, harness.campaign.notion.requestCount(), "nothing reached Notion");
            assertEquals(Set.of(), keys(harness), "nothing written to Redis");

            // Accepted: a valid signature with either configured secret; the repeat is a replay.
            long now = Instant.now().getEpochSecond();
            boolean useRotated = false;
            for (Map.Entry<String, String> webhook : bodies("signed").entrySet()) {
                String function = webhook.getKey();
                String body = webhook.getValue();
                String id = "msg_ok_" + function;
                HttpResponse<String> first =
                        harness.send(function, body, signed(useRotated ? ROTATED : CURRENT, id, now, body));
                useRotated = !useRotated;
                assertEquals(202, first.statusCode(), function + ": " + first.body());
                assertEquals(
                        "accepted", JSON.readTree(first.body()).path("status").asText(), first.body());
                assertFalse(first.headers().firstValue("Webhook-Replayed").isPresent());
                int notionRequests = harness.campaign.notion.requestCount();
                long pending = harness.pendingCount();

                // The sender retries (same id, a new timestamp and signature, here with the other key).
                HttpResponse<String> replay = harness.send(function, body, signed(ROTATED, id, now + 7, body));
                assertEquals(202, replay.statusCode(), function + " replay: " + replay.body());
                assertEquals(
                        "true", replay.headers().firstValue("Webhook-Replayed").orElse(null), function);
                assertEquals(first.body(), replay.body(), function + ": the first answer, as it was");
                assertEquals(
                        notionRequests, harness.campaign.notion.requestCount(), function + ": not processed again");
                assertEquals(pending, harness.pendingCount());
            }
            assertEquals(13 + 4, harness.pendingCount(), "4 + 3 + 3 + 3 sends and 4 CRM jobs, each once");

            // During a rotation the sender signs with both keys; one valid signature is enough.
            String body = "{\"email\":\"rotation@example.com\",\"first_name\":\"Rae\",\"assessment_score\":70}";
            Map<String, String> both = signed(UNKNOWN, "msg_rotation", now, body);
            both.put(
                    "webhook-signature",
                    both.get("webhook-signature") + " "
                            + StandardWebhookSignature.sign(ROTATED, "msg_rotation", now, body));
            HttpResponse<String> rotated = harness.send("christmas-signup", body, both);
            assertEquals(202, rotated.statusCode(), rotated.body());
            assertEquals(17 + 5, harness.pendingCount());

            // Calendly's own envelope carries no Standard Webhooks headers; with webhooks meant to be
            // authenticated and no calendly-signing-key to verify it, it is refused and writes nothing.
            int notionBefore = harness.campaign.notion.requestCount();
            HttpResponse<String> calendly = harness.sendUnsigned(
                    "calendly-noshow",
                    "{\"event\":\"invitee.created\",\"created_at\":\"2025-12-01T15:00:00Z\",\"payload\":{}}",
                    Map.of());
            assertEquals(401, calendly.statusCode(), calendly.body());
            assertEquals(notionBefore, harness.campaign.notion.requestCount());
            assertEquals(17 + 5, harness.pendingCount());
        }
    }

    @Test
    void withoutTheSecretEveryWebhookRefusesUnsignedCallsAndTheLogNamesTheSecret() throws Exception {
        Map<String, String> settings = new HashMap<>(FAST);
        settings.put("WEBHOOK_SECRET", "");
        try (StdoutCopy logs = new StdoutCopy();
                GatewayHarness harness = new GatewayHarness(settings)) {
            for (Map.Entry<String, String> webhook : bodies("no-secret").entrySet()) {
                HttpResponse<String> answer = harness.sendUnsigned(
                        webhook.getKey(), webhook.getValue(), Map.of("Content-Type", "application/json"));
                assertEquals(401, answer.statusCode(), webhook.getKey() + ": " + answer.body());
                assertEquals(
                        "signed webhooks required",
                        JSON.readTree(answer.body()).path("detail").asText(),
                        webhook.getKey());
            }
            assertEquals(0, harness.campaign.notion.requestCount(), "nothing reached Notion");
            assertEquals(Set.of(), keys(harness), "nothing written to Redis");
            assertTrue(logs.text().contains("webhook-secret (WEBHOOK_SECRET) is not set"), "the log names the secret");
        }
    }

    @Test
    void withWebhookAuthNoneUnsignedCallsPassButOnboardingStartStillNeedsASignature() throws Exception {
        Map<String, String> settings = new HashMap<>(FAST);
        settings.put("WEBHOOK_SECRET", "");
        settings.put("WEBHOOK_AUTH", "none");
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            Map<String, String> bodies = bodies("unsigned");
            for (String function : List.of("christmas-signup", "postcall-maybe", "calendly-noshow")) {
                HttpResponse<String> answer = harness.sendUnsigned(
                        function, bodies.get(function), Map.of("Content-Type", "application/json"));
                assertEquals(202, answer.statusCode(), function + ": " + answer.body());
                assertEquals(
                        "accepted", JSON.readTree(answer.body()).path("status").asText(), answer.body());
            }
            assertEquals(10 + 3, harness.pendingCount(), "4 + 3 + 3 sends and their CRM jobs");

            // onboarding-start cancels sequences: for the address with a 5-day sequence, an unsigned call
            // is refused and cancels nothing.
            String onboarding = bodies.get("onboarding-start").replace("onboarding.unsigned@", "signup.unsigned@");
            int notionBefore = harness.campaign.notion.requestCount();
            HttpResponse<String> refused =
                    harness.sendUnsigned("onboarding-start", onboarding, Map.of("Content-Type", "application/json"));
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals(notionBefore, harness.campaign.notion.requestCount(), "nothing reached Notion");
            assertEquals(10 + 3, harness.pendingCount(), "the 5-day sends are still pending");

            // Without the secret, a webhook-id is not remembered: the repeat is processed (and found a duplicate).
            String body = bodies.get("postcall-maybe");
            HttpResponse<String> again = harness.sendUnsigned("postcall-maybe", body, Map.of("webhook-id", "msg_1"));
            assertEquals(202, again.statusCode());
            assertFalse(again.headers().firstValue("Webhook-Replayed").isPresent());
            assertEquals("skipped", JSON.readTree(again.body()).path("status").asText(), again.body());
            assertEquals(10 + 3, harness.pendingCount(), "4 + 3 + 3 sends and their CRM jobs");
        }
    }

    @Test
    void anUnknownWebhookAuthIsAConfigurationErrorNamingIt() throws Exception {
        Map<String, String> settings = new HashMap<>(FAST);
        settings.put("WEBHOOK_AUTH", "disabled");
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            String function = "christmas-signup";
            HttpResponse<String> answer = harness.send(function, bodies("bad").get(function), Map.of());
            assertEquals(500, answer.statusCode(), answer.body());
            assertTrue(JSON.readTree(answer.body()).path("detail").asText().contains("WEBHOOK_AUTH"), answer.body());
            assertEquals(0, harness.campaign.notion.requestCount());
        }
    }
}
