package com.busos.campaign.followup;

import com.busos.campaign.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies Calendly's {@code Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} header:
 * the HMAC of {@code "<t>.<raw body>"} keyed with the subscription's signing key, compared in constant
 * time, with {@code t} no further than {@link #TOLERANCE} from now (either way, for clock skew).
 */
public final class CalendlySignature {
    public static final String HEADER = "Calendly-Webhook-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(3);

    private final byte[] signingKey;
    private final Clock clock;

    public CalendlySignature(String signingKey, Clock clock) {
        if (signingKey == null || signingKey.isEmpty()) throw new IllegalArgumentException("empty signing key");
        this.signingKey = signingKey.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The signature header among {@code headers}, whatever the case of its name; null when absent. */
    public static String headerIn(Map<String, String> headers) {
        if (headers == null) return null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null
                    && HEADER.equalsIgnoreCase(header.getKey().trim())) return header.getValue();
        }
        return null;
    }

    /** Throws {@link InvalidSignatureException} unless {@code header} signs {@code rawBody} now. */
    public void verify(String header, String rawBody) {
        if (header == null || header.trim().isEmpty()) throw new InvalidSignatureException("missing");
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new InvalidSignatureException("malformed");
                }
            } else if (name.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) throw new InvalidSignatureException("malformed");
        Instant signedAt = Instant.ofEpochSecond(timestamp);
        Duration age = Duration.between(signedAt, clock.instant()).abs();
        if (age.compareTo(TOLERANCE) > 0) throw new InvalidSignatureException("expired");
        byte[] expected = hmac(signingKey, timestamp + "." + (rawBody == null ? "" : rawBody));
        boolean matched = false;
        for (String signature : signatures) {
            byte[] given = hexBytes(signature);
            // Every candidate is compared, in constant time, so timing tells nothing about the key.
            if (given != null && MessageDigest.isEqual(expected, given)) matched = true;
        }
        if (!matched) throw new InvalidSignatureException("mismatch");
    }

    /** The header Calendly would send for {@code rawBody} signed at {@code at} (tools and tests). */
    public static String sign(String signingKey, Instant at, String rawBody) {
        long t = at.getEpochSecond();
        byte[] mac = hmac(signingKey.getBytes(StandardCharsets.UTF_8), t + "." + rawBody);
        StringBuilder hex = new StringBuilder(mac.length * 2);
        for (byte b : mac) hex.append(String.format(Locale.ROOT, "%02x", b));
        return "t=" + t + ",v1=" + hex;
    }

    private static byte[] hmac(byte[] key, String content) {
        return Hmac.sha256(key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of a hex string, or null when it is not one. */
    private static byte[] hexBytes(String hex) {
        if (hex.length() % 2 != 0) return null;
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(hex.charAt(2 * i), 16);
            int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) return null;
            bytes[i] = (byte) (high * 16 + low);
        }
        return bytes;
    }
}
