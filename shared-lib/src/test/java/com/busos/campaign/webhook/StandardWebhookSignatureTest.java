package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Standard Webhooks verification: the spec's own test vector, tolerance, headers, rotation, secret forms. */
class StandardWebhookSignatureTest {
    /** The test vector the Standard Webhooks reference libraries (and Svix's) all check. */
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330L;
    private static final String VECTOR_BODY = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final long NOW = 1_764_000_000L;
    private static final String SECRET = "whsec_"
            + Base64.getEncoder().encodeToString("a 32-byte test key for webhooks!".getBytes(StandardCharsets.UTF_8));
    private static final String ROTATED = "whsec_"
            + Base64.getEncoder().encodeToString("the next key, after the rotation".getBytes(StandardCharsets.UTF_8));
    private static final String BODY =
            "{\"email\":\"lead@example.com\",\"first_name\":\"Jane\",\"assessment_score\":42}";

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        Map<String, String> headers = new HashMap<>();
        if (id != null) headers.put("webhook-id", id);
        if (timestamp >= 0) headers.put("webhook-timestamp", Long.toString(timestamp));
        if (signature != null) headers.put("webhook-signature", signature);
        return headers;
    }

    @Test
    void signsAndVerifiesThePublishedTestVector() {
        assertEquals(
                VECTOR_SIGNATURE,
                StandardWebhookSignature.sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY));
        StandardWebhookSignature verifier = new StandardWebhookSignature(VECTOR_SECRET, at(VECTOR_TIMESTAMP));
        assertEquals(VECTOR_ID, verifier.verify(headers(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_SIGNATURE), VECTOR_BODY));
    }

    @Test
    void aValidSignatureAnswersTheWebhookId() {
        StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET, at(NOW));
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", NOW, BODY);
        assertEquals("msg_1", verifier.verify(headers("msg_1", NOW, signature), BODY));
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET, at(NOW));
        Map<String, String> headers = new HashMap<>();
        headers.put("Webhook-Id", "msg_1");
        headers.put("WEBHOOK-TIMESTAMP", Long.toString(NOW));
        headers.put("Webhook-Signature", StandardWebhookSignature.sign(SECRET, "msg_1", NOW, BODY));
        assertEquals("msg_1", verifier.verify(headers, BODY));
    }

    @Test
    void aWrongSignatureATamperedBodyOrAnotherIdAreRefused() {
        StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET, at(NOW));
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", NOW, BODY);
        String otherKey = StandardWebhookSignature.sign(
                "whsec_" + Base64.getEncoder().encodeToString(new byte[32]), "msg_1", NOW, BODY);

        assertRefused(verifier, headers("msg_1", NOW, otherKey), BODY, "no valid webhook signature");
        assertRefused(verifier, headers("msg_1", NOW, signature), BODY + " ", "no valid webhook signature");
        assertRefused(verifier, headers("msg_2", NOW, signature), BODY, "no valid webhook signature");
        assertRefused(verifier, headers("msg_1", NOW + 1, signature), BODY, "no valid webhook signature");
        assertRefused(verifier, headers("msg_1", NOW, "v1,not-base64!"), BODY, "no valid webhook signature");
        assertRefused(
                verifier, headers("msg_1", NOW, signature.replace("v1,", "v2,")), BODY, "no valid webhook signature");
        assertRefused(verifier, headers("msg_1", NOW, signature.substring(3)), BODY, "no valid webhook signature");
        assertRefused(verifier, headers("msg_1", NOW, ""), BODY, "no valid webhook signature");
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayEitherWayIsRefused() {
        StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET, at(NOW));
        for (long timestamp : new long[] {NOW - 301, NOW + 301, 0}) {
            String signature = StandardWebhookSignature.sign(SECRET, "msg_1", timestamp, BODY);
            assertRefused(verifier, headers("msg_1", timestamp, signature), BODY, "outside the 5-minute tolerance");
        }
        for (long timestamp : new long[] {NOW - 300, NOW + 300}) {
            String signature = StandardWebhookSignature.sign(SECRET, "msg_1", timestamp, BODY);
            assertEquals("msg_1", verifier.verify(headers("msg_1", timestamp, signature), BODY), "edge " + timestamp);
        }
        Map<String, String> notSeconds =
                headers("msg_1", -1, StandardWebhookSignature.sign(SECRET, "msg_1", NOW, BODY));
        notSeconds.put("webhook-timestamp", "2025-11-24T12:00:00Z");
        assertRefused(verifier, notSeconds, BODY, "not unix seconds");
    }

    @Test
    void aMissingHeaderIsRefused() {
        StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET, at(NOW));
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", NOW, BODY);
        assertRefused(verifier, headers(null, NOW, signature), BODY, "missing");
        assertRefused(verifier, headers("msg_1", -1, signature), BODY, "missing");
        assertRefused(verifier, headers("msg_1", NOW, null), BODY, "missing");
        assertRefused(verifier, Map.of(), BODY, "missing");
        assertRefused(verifier, null, BODY, "missing");
    }

    @Test
    void duringARotationEitherSecretAndAnyOfSeveralSignaturesPass() {
        StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET + " " + ROTATED, at(NOW));
        String old = StandardWebhookSignature.sign(SECRET, "msg_1", NOW, BODY);
        String next = StandardWebhookSignature.sign(ROTATED, "msg_1", NOW, BODY);
        String unknown = StandardWebhookSignature.sign(
                "whsec_" + Base64.getEncoder().encodeToString(new byte[24]), "msg_1", NOW, BODY);

        assertEquals("msg_1", verifier.verify(headers("msg_1", NOW, old), BODY));
        assertEquals("msg_1", verifier.verify(headers("msg_1", NOW, next), BODY));
        assertEquals("msg_1", verifier.verify(headers("msg_1", NOW, unknown + " " + next), BODY));
        assertEquals(
                "msg_1",
                verifier.verify(headers("msg_1", NOW, "v1a,c2lnbmVk " + old), BODY),
                "other schemes are skipped");
        assertRefused(verifier, headers("msg_1", NOW, unknown), BODY, "no valid webhook signature");

        StandardWebhookSignature onlyNew = new StandardWebhookSignature(ROTATED, at(NOW));
        assertRefused(onlyNew, headers("msg_1", NOW, old), BODY, "no valid webhook signature");
        assertEquals(
                "msg_1", onlyNew.verify(headers("msg_1", NOW, old + " " + next), BODY), "the sender signs with both");
    }

    @Test
    void aSecretWithoutTheWhsecPrefixIsBase64TooAsInTheReferenceLibraries() {
        String encoded =
                Base64.getEncoder().encodeToString("a 24-byte key, base64'd!".getBytes(StandardCharsets.UTF_8));
        String signature = StandardWebhookSignature.sign("whsec_" + encoded, "msg_1", NOW, BODY);

        assertEquals(
                signature,
                StandardWebhookSignature.sign(encoded, "msg_1", NOW, BODY),
                "with or without the prefix, the same key bytes");
        assertEquals(
                "msg_1", new StandardWebhookSignature(encoded, at(NOW)).verify(headers("msg_1", NOW, signature), BODY));
        // the text of the secret is not the key: signing with its UTF-8 bytes gives another signature
        String textKey = "whsec_" + Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.UTF_8));
        assertRefused(
                new StandardWebhookSignature(encoded, at(NOW)),
                headers("msg_1", NOW, StandardWebhookSignature.sign(textKey, "msg_1", NOW, BODY)),
                BODY,
                "no valid");
    }

    @Test
    void aSecretThatGivesNoKeyIsRefusedSayingWhyWithoutShowingIt() {
        Map<String, String> unusable = new java.util.LinkedHashMap<>();
        unusable.put("whsec_", "whsec_ with nothing after it");
        unusable.put("  whsec_  ", "whsec_ with nothing after it");
        unusable.put("whsec_not~base64", "the secret is not base64 after whsec_");
        unusable.put("plain-text-passphrase!", "not base64 (a secret without whsec_ is base64 too)");
        unusable.put(SECRET + " whsec_", "secret 2 of 2 is whsec_ with nothing after it");
        unusable.put(" ", "empty");
        for (Map.Entry<String, String> secret : unusable.entrySet()) {
            WebhookSecrets.UnusableSecretException refused = assertThrows(
                    WebhookSecrets.UnusableSecretException.class,
                    () -> new StandardWebhookSignature(secret.getKey(), at(NOW)),
                    secret.getKey());
            assertTrue(refused.getMessage().contains(secret.getValue()), refused.getMessage());
            assertTrue(
                    secret.getKey().trim().isEmpty()
                            || secret.getKey().trim().equals("whsec_")
                            || !refused.getMessage().contains(secret.getKey().trim()),
                    "the value is not shown: " + refused.getMessage());
        }
    }

    private static void assertRefused(
            StandardWebhookSignature verifier, Map<String, String> headers, String body, String reason) {
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> verifier.verify(headers, body));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
