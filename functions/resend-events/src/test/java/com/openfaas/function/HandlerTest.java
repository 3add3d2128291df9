package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /function/resend-events end to end: Svix signature, bounces and complaints. */
class HandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET =
            "whsec_" + Base64.getEncoder().encodeToString("resend-function-test-key".getBytes(StandardCharsets.UTF_8));
    private static final String LEAD = "ada@example.com";

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private final TestCampaign env = harness.campaign;
    private Schedule schedule;
    private Suppressions suppressions;
    private int messages;

    @BeforeEach
    void setUp() {
        harness.set("RESEND_WEBHOOK_SECRET", SECRET);
        schedule = harness.schedule();
        suppressions = harness.suppressions();
        for (int n = 3; n <= 5; n++) {
            schedule.add(
                    new ScheduledSend("5day", n, "5-Day E" + n, LEAD, "tracker-1", Map.of()),
                    Instant.now().plus(Duration.ofDays(n)));
        }
    }

    private static String bounce(String type) {
        ObjectNode event =
                JSON.createObjectNode().put("type", "email.bounced").put("created_at", "2025-11-28T10:00:00.000Z");
        ObjectNode data = event.putObject("data").put("email_id", "4ef9a417-02e9-4d39-ad75-9611e0fcc33c");
        data.putArray("to").add(LEAD);
        if (type != null)
            data.putObject("bounce").put("type", type).put("subType", "General").put("message", "no such user");
        return event.toString();
    }

    private static String complaint() {
        ObjectNode event =
                JSON.createObjectNode().put("type", "email.complained").put("created_at", "2025-11-28T10:00:00Z");
        event.putObject("data").put("email_id", "re_2").putArray("to").add(LEAD);
        return event.toString();
    }

    private Map<String, String> signed(String id, long timestamp, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("svix-id", id);
        headers.put("svix-timestamp", Long.toString(timestamp));
        headers.put("svix-signature", StandardWebhookSignature.sign(SECRET, id, timestamp, body));
        return headers;
    }

    private Map<String, String> signedNow(String body) {
        return signed("msg_" + (++messages), Instant.now().getEpochSecond(), body);
    }

    private IResponse call(String body, Map<String, String> headers) {
        return new Handler(harness.config()).Handle(new Request(body, headers));
    }

    private static JsonNode json(IResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    private void assertNothingChanged() {
        assertFalse(suppressions.isSuppressed(LEAD));
        assertEquals(3, schedule.countScheduled());
    }

    @Test
    void aResendWebhookSecretThatGivesNoKeyIsAConfigurationErrorNamingItNotAnUnexplained500() {
        for (String unusable : new String[] {"whsec_", "whsec_not~base64"}) {
            harness.set("RESEND_WEBHOOK_SECRET", unusable);
            String body = bounce("Permanent");
            IResponse response = call(body, signedNow(body));

            assertEquals(500, response.getStatusCode(), response.getBody());
            String detail = json(response).path("detail").asText();
            assertTrue(
                    detail.startsWith("invalid configuration: resend-webhook-secret (RESEND_WEBHOOK_SECRET) must be"
                            + " whsec_<base64>"),
                    detail);
            assertFalse(detail.contains("not~base64"), "the value is never shown: " + detail);
            assertNothingChanged();
        }
    }

    @Test
    void theOfficialVectorsKeyWithoutItsPrefixVerifiesAsWithIt() {
        // the Standard Webhooks / Svix libraries' key, given bare: base64 all the same
        harness.set("RESEND_WEBHOOK_SECRET", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String body = bounce("Permanent");
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("svix-id", "msg_bare_key");
        headers.put("svix-timestamp", Long.toString(now));
        headers.put(
                "svix-signature",
                StandardWebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_bare_key", now, body));
        IResponse response = call(body, headers);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(suppressions.isSuppressed(LEAD));
    }

    @Test
    void aSignedHardBounceSuppressesTheAddressAndCancelsItsSends() {
        String body = bounce("Permanent");
        IResponse response = call(body, signedNow(body));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("suppressed", answer.path("action").asText());
        assertEquals(3, answer.path("cancelled_sends").size());
        assertTrue(suppressions.isSuppressed(LEAD));
        assertEquals("bounced", suppressions.find(LEAD).orElseThrow().reason());
        assertEquals(0, schedule.countScheduled());
    }

    @Test
    void aSignedComplaintSuppressesTheAddress() {
        String body = complaint();
        IResponse response = call(body, signedNow(body));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("complained", suppressions.find(LEAD).orElseThrow().reason());
        assertEquals(0, schedule.countScheduled());
    }

    @Test
    void aSoftBounceIsOnlyLogged() {
        String body = bounce("Transient");
        IResponse response = call(body, signedNow(body));
        assertEquals(200, response.getStatusCode());
        assertEquals("logged", json(response).path("action").asText());
        assertNothingChanged();
    }

    @Test
    void aWrongSignatureIs401AndChangesNothing() {
        String body = bounce("Permanent");
        Map<String, String> headers = signedNow(body);
        headers.put(
                "svix-signature",
                StandardWebhookSignature.sign(
                        "whsec_" + Base64.getEncoder().encodeToString("another key".getBytes(StandardCharsets.UTF_8)),
                        headers.get("svix-id"),
                        Long.parseLong(headers.get("svix-timestamp")),
                        body));
        assertEquals(401, call(body, headers).getStatusCode());

        Map<String, String> forBody = signedNow(body);
        assertEquals(401, call(bounce(null), forBody).getStatusCode(), "signature of another body");
        assertNothingChanged();
    }

    @Test
    void aStaleOrUnsignedEventIs401AndChangesNothing() {
        String body = bounce("Permanent");
        IResponse stale = call(
                body,
                signed("msg_old", Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond(), body));
        assertEquals(401, stale.getStatusCode());
        assertTrue(json(stale).path("detail").asText().contains("svix-timestamp"), stale.getBody());

        IResponse unsigned = call(body, new HashMap<>(Map.of("Content-Type", "application/json")));
        assertEquals(401, unsigned.getStatusCode());
        assertNothingChanged();
    }

    @Test
    void withoutTheSecretEventsAreRefusedWithAnAnswerNamingIt() {
        harness.clear("RESEND_WEBHOOK_SECRET");
        String body = bounce("Permanent");
        IResponse response = call(body, signedNow(body));
        assertEquals(500, response.getStatusCode());
        assertTrue(json(response).path("detail").asText().contains("resend-webhook-secret (RESEND_WEBHOOK_SECRET)"));
        assertNothingChanged();
    }

    @Test
    void aRedeliveredEventIsAnsweredFromTheFirstResult() {
        String body = bounce("Permanent");
        Map<String, String> headers = signedNow(body);
        IResponse first = call(body, headers);
        IResponse again = call(body, headers);
        assertEquals(200, again.getStatusCode());
        assertEquals("true", again.getHeader("Webhook-Replayed"));
        assertEquals(first.getBody(), again.getBody());
    }
}
