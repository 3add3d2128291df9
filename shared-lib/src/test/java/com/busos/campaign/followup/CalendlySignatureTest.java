package com.busos.campaign.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalendlySignatureTest {
    private static final String KEY = "calendly-test-signing-key";
    private static final Instant NOW = Instant.parse("2025-11-28T15:00:00Z");
    private static final String BODY =
            "{\"event\":\"invitee_no_show.created\",\"payload\":{\"email\":\"ada@example.com\"}}";

    private final CalendlySignature verifier = new CalendlySignature(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAValidSignatureWithinTheTolerance() {
        verifier.verify(CalendlySignature.sign(KEY, NOW, BODY), BODY);
        verifier.verify(CalendlySignature.sign(KEY, NOW.minusSeconds(179), BODY), BODY);
        verifier.verify(CalendlySignature.sign(KEY, NOW.plusSeconds(60), BODY), BODY);
    }

    @Test
    void signsTheTimestampDotBodyAsLowerCaseHex() {
        // HMAC-SHA256("calendly-test-signing-key", "1764342000.{}"), computed independently with openssl.
        String header = CalendlySignature.sign(KEY, Instant.ofEpochSecond(1764342000L), "{}");
        assertEquals("t=1764342000,v1=c39e617e1b76388398d9d9604cee103997f5a4f4421137b8204bdb5486bf9645", header);
    }

    @Test
    void acceptsUpperCaseHexSpacesAndSeveralV1Values() {
        String valid = CalendlySignature.sign(KEY, NOW, BODY);
        String hex = valid.substring(valid.indexOf("v1=") + 3);
        verifier.verify("t=" + NOW.getEpochSecond() + ", v1=" + "00".repeat(32) + ", v1=" + hex.toUpperCase(), BODY);
    }

    @Test
    void refusesAWrongSignature() {
        InvalidSignatureException wrongKey = assertThrows(
                InvalidSignatureException.class,
                () -> verifier.verify(CalendlySignature.sign("another-key", NOW, BODY), BODY));
        assertEquals("mismatch", wrongKey.reason());
        InvalidSignatureException changedBody = assertThrows(
                InvalidSignatureException.class,
                () -> verifier.verify(CalendlySignature.sign(KEY, NOW, BODY), BODY.replace("ada", "eve")));
        assertEquals("mismatch", changedBody.reason());
        String valid = CalendlySignature.sign(KEY, NOW, BODY);
        InvalidSignatureException otherTime = assertThrows(
                InvalidSignatureException.class,
                () -> verifier.verify(
                        valid.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() - 1)), BODY));
        assertEquals("mismatch", otherTime.reason());
        InvalidSignatureException notHex = assertThrows(
                InvalidSignatureException.class, () -> verifier.verify("t=" + NOW.getEpochSecond() + ",v1=zz", BODY));
        assertEquals("mismatch", notHex.reason());
    }

    @Test
    void refusesAStaleOrFarFutureSignature() {
        InvalidSignatureException stale = assertThrows(
                InvalidSignatureException.class,
                () -> verifier.verify(CalendlySignature.sign(KEY, NOW.minusSeconds(181), BODY), BODY));
        assertEquals("expired", stale.reason());
        InvalidSignatureException future = assertThrows(
                InvalidSignatureException.class,
                () -> verifier.verify(CalendlySignature.sign(KEY, NOW.plusSeconds(181), BODY), BODY));
        assertEquals("expired", future.reason());
    }

    @Test
    void refusesAMissingOrMalformedHeader() {
        assertEquals(
                "missing",
                assertThrows(InvalidSignatureException.class, () -> verifier.verify(null, BODY))
                        .reason());
        assertEquals(
                "missing",
                assertThrows(InvalidSignatureException.class, () -> verifier.verify(" ", BODY))
                        .reason());
        assertEquals(
                "malformed",
                assertThrows(InvalidSignatureException.class, () -> verifier.verify("v1=abcd", BODY))
                        .reason());
        assertEquals(
                "malformed",
                assertThrows(InvalidSignatureException.class, () -> verifier.verify("t=" + NOW.getEpochSecond(), BODY))
                        .reason());
        assertEquals(
                "malformed",
                assertThrows(InvalidSignatureException.class, () -> verifier.verify("t=yesterday,v1=abcd", BODY))
                        .reason());
    }

    @Test
    void findsTheHeaderWhateverTheCaseOfItsName() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("calendly-webhook-signature", "t=1,v1=ab");
        assertEquals("t=1,v1=ab", CalendlySignature.headerIn(headers));
        assertEquals("t=2,v1=cd", CalendlySignature.headerIn(Map.of("CALENDLY-WEBHOOK-SIGNATURE", "t=2,v1=cd")));
        assertNull(CalendlySignature.headerIn(Map.of("Content-Type", "application/json")));
        assertNull(CalendlySignature.headerIn(null));
    }

    @Test
    void theMessageNamesTheHeaderAndReasonOnly() {
        InvalidSignatureException invalid = new InvalidSignatureException("expired");
        assertEquals("Invalid Calendly-Webhook-Signature: expired", invalid.getMessage());
    }
}
