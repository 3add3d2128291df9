package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The official Standard Webhooks and Svix test vectors ({@code standard-webhooks-vectors.json}, data
 * copied from their libraries' test suites), each run through both verifiers the campaign builds: the
 * website webhooks' ({@link Campaign#websiteSignature}, webhook-* headers, webhook-secret) and
 * resend-events' ({@link Campaign#resendSignature}, svix-* headers, resend-webhook-secret). One
 * deliberate difference: Svix's libraries also accept the unbranded webhook-* names; resend-events
 * takes only the svix-* names Resend sends, so that vector is refused there (ResendEventsTest).
 */
class StandardWebhookVectorsTest {
    private static final JsonNode VECTORS = load();

    /** One of the campaign's two verifiers: which secret setting it reads and the header names it expects. */
    private static final class Verifier {
        final String name;
        final Setting setting;
        final String prefix;
        final Function<Campaign, StandardWebhookSignature> build;

        Verifier(String name, Setting setting, String prefix, Function<Campaign, StandardWebhookSignature> build) {
            this.name = name;
            this.setting = setting;
            this.prefix = prefix;
            this.build = build;
        }
    }

    private static final List<Verifier> VERIFIERS = List.of(
            new Verifier(
                    "website webhooks",
                    Setting.WEBHOOK_SECRET,
                    StandardWebhookSignature.STANDARD,
                    Campaign::websiteSignature),
            new Verifier(
                    "resend-events",
                    Setting.RESEND_WEBHOOK_SECRET,
                    StandardWebhookSignature.SVIX,
                    Campaign::resendSignature));

    private static JsonNode load() {
        try (InputStream in = StandardWebhookVectorsTest.class.getResourceAsStream("standard-webhooks-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Campaign campaign(Verifier verifier, String secret, long now) {
        Map<Setting, String> settings = new HashMap<>();
        settings.put(verifier.setting, secret);
        return new Campaign(CampaignConfig.of(settings), Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
    }

    /** The vector's headers under the verifier's names (or the unbranded webhook-* ones, or mixed case). */
    private static Map<String, String> headers(JsonNode vector, Verifier verifier) {
        String names = vector.path("header_names").asText("branded");
        String prefix = names.equals("unbranded") ? StandardWebhookSignature.STANDARD : verifier.prefix;
        Map<String, String> headers = new HashMap<>();
        vector.path("headers").fields().forEachRemaining(header -> {
            String name = prefix + header.getKey();
            if (names.equals("mixed-case")) name = mixedCase(name, header.getKey());
            headers.put(name, header.getValue().asText());
        });
        return headers;
    }

    /** Webhook-Id, WEBHOOK-TIMESTAMP, webhook-SIGNATURE: the official mixed-case vector's spellings. */
    private static String mixedCase(String name, String part) {
        switch (part) {
            case "id":
                return Character.toUpperCase(name.charAt(0)) + name.substring(1, name.length() - 2) + "Id";
            case "timestamp":
                return name.toUpperCase(java.util.Locale.ROOT);
            default:
                return name.substring(0, name.length() - part.length()) + part.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVerifyVectorGivesItsExpectedAnswerOnBothVerifiers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : VECTORS.path("verify")) {
            for (Verifier verifier : VERIFIERS) {
                tests.add(DynamicTest.dynamicTest(
                        verifier.name + ": " + vector.path("name").asText(), () -> {
                            StandardWebhookSignature signature = verifier.build.apply(campaign(
                                    verifier,
                                    vector.path("secret").asText(),
                                    vector.path("now").asLong()));
                            Map<String, String> headers = headers(vector, verifier);
                            String payload = vector.path("payload").asText();
                            boolean unbrandedOnSvix = verifier.prefix.equals(StandardWebhookSignature.SVIX)
                                    && vector.path("header_names").asText().equals("unbranded");
                            if (unbrandedOnSvix) {
                                UnauthorizedException refused = assertThrows(
                                        UnauthorizedException.class, () -> signature.verify(headers, payload));
                                assertTrue(refused.getMessage().contains("missing svix-id"), refused.getMessage());
                            } else if (vector.path("expect").asText().equals("valid")) {
                                assertEquals(
                                        vector.path("headers").path("id").asText(), signature.verify(headers, payload));
                            } else {
                                assertEquals("invalid", vector.path("expect").asText());
                                assertThrows(UnauthorizedException.class, () -> signature.verify(headers, payload));
                            }
                        }));
            }
        }
        assertTrue(tests.size() >= 2 * 24, "vectors run: " + tests.size());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everySignVectorGivesThePublishedSignature() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : VECTORS.path("sign")) {
            tests.add(DynamicTest.dynamicTest(
                    vector.path("name").asText(),
                    () -> assertEquals(
                            vector.path("signature").asText(),
                            StandardWebhookSignature.sign(
                                    vector.path("secret").asText(),
                                    vector.path("id").asText(),
                                    vector.path("timestamp").asLong(),
                                    vector.path("payload").asText()))));
        }
        return tests.stream();
    }

    /**
     * A secret the libraries refuse is a configuration error naming the setting (answered 500, reported
     * by campaign-health); an empty value is an unset setting here (blank counts as unset).
     */
    @TestFactory
    Stream<DynamicTest> anUnusableSecretIsAConfigurationErrorNamingTheSetting() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : VECTORS.path("unusable_secrets")) {
            for (Verifier verifier : VERIFIERS) {
                tests.add(DynamicTest.dynamicTest(
                        verifier.name + ": " + vector.path("name").asText(), () -> {
                            String secret = vector.path("secret").asText();
                            assertThrows(
                                    WebhookSecrets.UnusableSecretException.class,
                                    () -> new StandardWebhookSignature(secret, Clock.systemUTC(), verifier.prefix));
                            if (secret.isEmpty()) return;
                            InvalidSettingException invalid = assertThrows(
                                    InvalidSettingException.class,
                                    () -> verifier.build.apply(campaign(verifier, secret, 0)));
                            assertEquals(verifier.setting, invalid.setting());
                            assertTrue(invalid.getMessage().contains(verifier.setting.label()), invalid.getMessage());
                        }));
            }
        }
        return tests.stream();
    }

    @Test
    void theVectorsComeFromBothFamiliesOfLibraries() {
        List<String> sources = new ArrayList<>();
        VECTORS.path("verify").forEach(vector -> vector.path("from").forEach(from -> sources.add(from.asText())));
        for (String library :
                List.of("sw-java", "sw-js", "sw-python", "svix-java", "svix-js", "svix-python", "svix-go")) {
            assertTrue(sources.contains(library), library);
        }
    }
}
