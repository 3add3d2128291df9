package com.busos.campaign.console;

import com.busos.campaign.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The console's sign-in, kept in a cookie and nowhere else (stateless): {@code v1.<expiry, epoch
 * seconds>.<random nonce>.<HMAC-SHA256 of the three>}, keyed by a key derived from the admin token. A
 * cookie verifies only until its expiry ({@link #LIFETIME} after sign-in) and only while the admin
 * token is the one it was signed with: rotating the token signs everyone out. Each form's CSRF token
 * is another HMAC, of the cookie's value ({@link #csrfToken}): a page from the session carries it, a
 * page from elsewhere cannot know it. Every comparison is in constant time.
 */
public final class ConsoleSession {
    public static final String COOKIE = "campaign_console";
    public static final Duration LIFETIME = Duration.ofHours(8);

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /** Sessions signed with a key derived from {@code adminToken} (trimmed, as the token is compared). */
    public ConsoleSession(String adminToken) {
        this.key = Hmac.sha256(
                adminToken.trim().getBytes(StandardCharsets.UTF_8),
                "campaign-admin console session v1".getBytes(StandardCharsets.UTF_8));
    }

    /** A new session's cookie value, valid until {@code now} + {@link #LIFETIME}. */
    public String issue(Instant now) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String body = "v1." + now.plus(LIFETIME).getEpochSecond() + "." + BASE64.encodeToString(nonce);
        return body + "." + mac("session:" + body);
    }

    /** True when {@code cookie} is a session this key signed and it has not expired at {@code now}. */
    public boolean valid(String cookie, Instant now) {
        if (cookie == null || cookie.length() > 200) return false;
        String[] parts = cookie.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("v1")) return false;
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        if (!equal(mac("session:" + body), parts[3])) return false;
        try {
            return Long.parseLong(parts[1]) > now.getEpochSecond();
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /** The CSRF token of the session {@code cookie}: every form of its pages carries it. */
    public String csrfToken(String cookie) {
        return mac("csrf:" + cookie);
    }

    /** True when {@code given} is the CSRF token of the session {@code cookie}. */
    public boolean csrfMatches(String cookie, String given) {
        return cookie != null && given != null && equal(csrfToken(cookie), given);
    }

    private String mac(String text) {
        return BASE64.encodeToString(Hmac.sha256(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
