package com.busos.campaign.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The console's stateless session cookie and its CSRF token. */
class ConsoleSessionTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final ConsoleSession sessions = new ConsoleSession("console-test-admin-token");

    @Test
    void aSessionVerifiesUntilItsExpiryOnly() {
        String cookie = sessions.issue(NOW);
        assertTrue(sessions.valid(cookie, NOW));
        assertTrue(sessions.valid(cookie, NOW.plus(ConsoleSession.LIFETIME).minusSeconds(1)));
        assertFalse(sessions.valid(cookie, NOW.plus(ConsoleSession.LIFETIME)), "expired");
        assertNotEquals(cookie, sessions.issue(NOW), "each sign-in is a session of its own");
    }

    @Test
    void aTamperedOrForeignCookieDoesNotVerify() {
        String cookie = sessions.issue(NOW);
        String[] parts = cookie.split("\\.");
        String later = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2] + "." + parts[3];
        assertFalse(sessions.valid(later, NOW), "a longer expiry breaks the MAC");
        assertFalse(sessions.valid(cookie.substring(0, cookie.length() - 1) + "x", NOW));
        assertFalse(new ConsoleSession("a-rotated-admin-token").valid(cookie, NOW), "rotating the token signs out");
        for (String junk : new String[] {null, "", "v1", "v1...", "v2.1.a.b", "x".repeat(500), "v1.abc.def.ghi"}) {
            assertFalse(sessions.valid(junk, NOW), String.valueOf(junk));
        }
        assertTrue(new ConsoleSession(" console-test-admin-token\n").valid(cookie, NOW), "the token is trimmed");
    }

    @Test
    void theCsrfTokenBelongsToItsSession() {
        String one = sessions.issue(NOW);
        String other = sessions.issue(NOW.plus(Duration.ofSeconds(1)));
        assertTrue(sessions.csrfMatches(one, sessions.csrfToken(one)));
        assertFalse(sessions.csrfMatches(one, sessions.csrfToken(other)), "another session's token");
        assertFalse(sessions.csrfMatches(one, null));
        assertFalse(sessions.csrfMatches(one, ""));
        assertFalse(sessions.csrfMatches(null, sessions.csrfToken(one)));
        assertFalse(
                sessions.csrfMatches(one, new ConsoleSession("another-token").csrfToken(one)),
                "keyed by the admin token");
    }
}
