package com.busos.campaign.webhook;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Verifies a Standard Webhooks signature: headers {@code webhook-id}, {@code webhook-timestamp} (unix
 * seconds, within 5 minutes of now) and {@code webhook-signature} (space-separated {@code v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">}). Several signatures in the header, and several configured
 * {@code whsec_<base64>} secrets (space-separated), are accepted, so a secret can be rotated without
 * downtime. A secret without the {@code whsec_} prefix is base64 too, as in the reference libraries
 * ({@link WebhookSecrets}); one that gives no key is a configuration error. Resend signs the same way
 * through Svix, with the headers named {@code svix-id}, {@code svix-timestamp} and {@code svix-signature}
 * ({@link #SVIX}). Unlike Svix's libraries, that verifier does not also take the {@code webhook-*}
 * names: resend-events accepts only what Resend sends.
 */
public final class StandardWebhookSignature {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** Header prefix of the Standard Webhooks names. */
    public static final String STANDARD = "webhook-";
    /** Header prefix Svix (Resend's webhooks) uses for the same scheme. */
    public static final String SVIX = "svix-";

    private final List<byte[]> keys;
    private final Clock clock;
    private final String headerPrefix;

    /** Throws {@link WebhookSecrets.UnusableSecretException} when a secret gives no key. */
    public StandardWebhookSignature(String secrets, Clock clock) {
        this(secrets, clock, STANDARD);
    }

    /** With the headers {@code <prefix>id}, {@code <prefix>timestamp}, {@code <prefix>signature}. */
    public StandardWebhookSignature(String secrets, Clock clock, String headerPrefix) {
        this.keys = WebhookSecrets.keys(secrets);
        this.clock = clock;
        this.headerPrefix = headerPrefix;
    }

    /**
     * The verifier of the secrets in {@code setting} (required): a missing setting is a
     * MissingConfigurationException, an unusable value an {@link InvalidSettingException} naming it.
     */
    public static StandardWebhookSignature of(
            CampaignConfig config, Setting setting, Clock clock, String headerPrefix) {
        String secrets = config.require(setting);
        check(setting, secrets);
        return new StandardWebhookSignature(secrets, clock, headerPrefix);
    }

    /** Throws {@link InvalidSettingException} (never showing the value) when {@code secrets} gives no key. */
    public static void check(Setting setting, String secrets) {
        try {
            WebhookSecrets.keys(secrets);
        } catch (WebhookSecrets.UnusableSecretException unusable) {
            throw InvalidSettingException.ofSecret(setting, WebhookSecrets.EXPECTED, unusable.getMessage());
        }
    }

    /** Throws {@link UnauthorizedException} saying what is wrong; returns the verified webhook-id. */
    public String verify(Map<String, String> headers, String body) {
        String id = Headers.get(headers, headerPrefix + "id");
        String timestamp = Headers.get(headers, headerPrefix + "timestamp");
        String signatures = Headers.get(headers, headerPrefix + "signature");
        if (id == null || timestamp == null || signatures == null) {
            throw new UnauthorizedException("missing " + headerPrefix + "id, " + headerPrefix + "timestamp or "
                    + headerPrefix + "signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new UnauthorizedException(headerPrefix + "timestamp is not unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > TOLERANCE.getSeconds()) {
            throw new UnauthorizedException(headerPrefix + "timestamp is outside the 5-minute tolerance");
        }
        byte[] signedContent = (id + "." + timestamp.trim() + "." + body).getBytes(StandardCharsets.UTF_8);
        for (byte[] key : keys) {
            byte[] expected = Hmac.sha256(key, signedContent);
            for (String signature : signatures.trim().split("\\s+")) {
                int comma = signature.indexOf(',');
                if (comma < 0 || !signature.substring(0, comma).equals("v1")) continue;
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(signature.substring(comma + 1));
                } catch (IllegalArgumentException notBase64) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) return id;
            }
        }
        throw new UnauthorizedException("no valid webhook signature");
    }

    /** The header value a sender would compute with the (first) secret (used by tests and tools). */
    public static String sign(String secret, String id, long timestamp, String body) {
        byte[] mac = Hmac.sha256(
                WebhookSecrets.keys(secret).get(0),
                (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }
}
