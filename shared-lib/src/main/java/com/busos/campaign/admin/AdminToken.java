package com.busos.campaign.admin;

import com.busos.campaign.webhook.Headers;
import com.busos.campaign.webhook.UnauthorizedException;
import java.security.MessageDigest;
import java.util.Map;

/**
 * campaign-admin's bearer token: {@code Authorization: Bearer <admin-token>}. Compared in constant time
 * (both sides hashed first, so not even the length is compared in variable time).
 */
public final class AdminToken {
    private final byte[] expected;

    public AdminToken(String token) {
        this.expected = sha256(token.trim());
    }

    /** Throws {@link UnauthorizedException} unless the request carries the token. */
    public void check(Map<String, String> headers) {
        String authorization = Headers.get(headers, "Authorization");
        if (authorization == null) throw new UnauthorizedException("missing Authorization: Bearer <admin-token>");
        String given = authorization.trim();
        if (given.regionMatches(true, 0, "Bearer ", 0, 7))
            given = given.substring(7).trim();
        else throw new UnauthorizedException("Authorization must be Bearer <admin-token>");
        if (!MessageDigest.isEqual(expected, sha256(given))) throw new UnauthorizedException("wrong admin token");
    }

    /** True when {@code given} (a token typed in, e.g. the console's sign-in form) is the token. */
    public boolean matches(String given) {
        return given != null && MessageDigest.isEqual(expected, sha256(given.trim()));
    }

    /** True when the request carries the token (never throws). */
    public boolean accepts(Map<String, String> headers) {
        try {
            check(headers);
            return true;
        } catch (UnauthorizedException wrong) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        return com.busos.campaign.crypto.Sha256.of(text);
    }
}
