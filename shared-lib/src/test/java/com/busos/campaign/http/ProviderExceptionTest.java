package com.busos.campaign.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Retry-After in both of its forms (RFC 9110 §10.2.3). */
class ProviderExceptionTest {
    private static final Clock AT_07_27_55 = Clock.fixed(Instant.parse("2015-10-21T07:27:55Z"), ZoneOffset.UTC);

    @Test
    void deltaSeconds() {
        assertEquals(Duration.ofSeconds(120), ProviderException.parseRetryAfter("120", AT_07_27_55));
        assertEquals(Duration.ZERO, ProviderException.parseRetryAfter(" 0 ", AT_07_27_55));
        assertNull(ProviderException.parseRetryAfter("-1", AT_07_27_55));
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        assertEquals(
                Duration.ofSeconds(5), ProviderException.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", AT_07_27_55));
    }

    @Test
    void aPastHttpDateMeansNow() {
        assertEquals(Duration.ZERO, ProviderException.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", AT_07_27_55));
    }

    @Test
    void anythingElseIsIgnored() {
        assertNull(ProviderException.parseRetryAfter(null, AT_07_27_55));
        assertNull(ProviderException.parseRetryAfter("soon", AT_07_27_55));
        assertNull(ProviderException.parseRetryAfter("", AT_07_27_55));
    }
}
