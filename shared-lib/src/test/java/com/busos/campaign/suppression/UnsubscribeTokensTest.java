package com.busos.campaign.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The unsubscribe link's token: base64url(address) "." base64url(HMAC-SHA256(secret, address)). */
class UnsubscribeTokensTest {
    private static final String SECRET = "unsubscribe-test-secret";
    private static final UnsubscribeTokens TOKENS = new UnsubscribeTokens(SECRET);

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void theTokenIsTheDocumentedFormatAndNamesItsAddress() throws Exception {
        String address = "Jane.Lead+xmas@example.com";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = b64(address.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(mac.doFinal(address.getBytes(StandardCharsets.UTF_8)));

        String token = TOKENS.tokenFor(address);

        assertEquals(expected, token);
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "URL-safe, no padding: " + token);
        assertEquals(Optional.of(address), TOKENS.verify(token));
    }

    @Test
    void anAlteredAddressDoesNotVerify() {
        String token = TOKENS.tokenFor("jane@example.com");
        String mac = token.substring(token.indexOf('.') + 1);
        String otherAddress = b64("john@example.com".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), TOKENS.verify(otherAddress + "." + mac));
    }

    @Test
    void anAlteredMacDoesNotVerify() {
        String token = TOKENS.tokenFor("jane@example.com");
        char last = token.charAt(token.length() - 2);
        String altered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertEquals(Optional.empty(), TOKENS.verify(altered));
        String truncated = token.substring(0, token.length() - 4);
        assertEquals(Optional.empty(), TOKENS.verify(truncated));
    }

    @Test
    void aTokenMadeWithAnotherSecretDoesNotVerify() {
        String forged = new UnsubscribeTokens("someone-elses-secret").tokenFor("jane@example.com");
        assertEquals(Optional.empty(), TOKENS.verify(forged));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.???", "amFuZUBleGFtcGxlLmNvbQ", "%%%%"})
    void garbageDoesNotVerify(String token) {
        assertEquals(Optional.empty(), TOKENS.verify(token));
    }

    @Test
    void aNullTokenDoesNotVerify() {
        assertFalse(TOKENS.verify(null).isPresent());
    }

    @Test
    void afterARotationOldLinksStillWorkAndNewOnesUseTheNewSecret() {
        String oldToken = TOKENS.tokenFor("jane@example.com");
        UnsubscribeTokens rotated = new UnsubscribeTokens("new-secret " + SECRET);
        assertEquals(Optional.of("jane@example.com"), rotated.verify(oldToken));
        String newToken = rotated.tokenFor("jane@example.com");
        assertEquals(Optional.of("jane@example.com"), new UnsubscribeTokens("new-secret").verify(newToken));
        assertEquals(Optional.empty(), TOKENS.verify(newToken), "made with the first (new) secret");
    }

    @Test
    void theLinkAndHeadersNameTheFunctionOnThePublicGateway() {
        UnsubscribeLinks links = new UnsubscribeLinks("https://faas.example.com/", TOKENS);
        String link = links.linkFor("jane@example.com");
        assertEquals(
                "https://faas.example.com/function/unsubscribe?token=" + TOKENS.tokenFor("jane@example.com"), link);
        assertEquals("<" + link + ">", links.headersFor("jane@example.com").get("List-Unsubscribe"));
        assertEquals(
                "List-Unsubscribe=One-Click",
                links.headersFor("jane@example.com").get("List-Unsubscribe-Post"));
    }
}
