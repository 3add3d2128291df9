package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §2.0 EmailStr: the domain is lower-cased, the local part kept, a display name dropped; invalid ones say why. */
class EmailAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "jane@example.com | jane@example.com",
                "Jane.Doe@EXAMPLE.com | Jane.Doe@example.com",
                "Jane <Jane.Doe@EXAMPLE.com> | Jane.Doe@example.com",
                "\"Doe, Jane\" <jane@Example.COM> | jane@example.com",
                "<jane@example.com> | jane@example.com",
                "lead+christmas@e2e-test.example.com | lead+christmas@e2e-test.example.com",
                "o'brien@example.com | o'brien@example.com",
            })
    void validAddressesAreNormalised(String raw, String normalised) {
        EmailAddresses.Result result = EmailAddresses.parse(raw);
        assertTrue(result.valid(), raw + ": " + result.reason());
        assertEquals(normalised, result.address());
        assertNull(result.reason());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "not-an-email | An email address must have an @-sign.",
                "@example.com | There must be something before the @-sign.",
                "jane@ | There must be something after the @-sign.",
                "jane@localhost | The part after the @-sign is not valid. It should have a period.",
                "jane..doe@example.com | The email address has a period in a place it may not be.",
                ".jane@example.com | The email address has a period in a place it may not be.",
                "jane doe@example.com | The email address contains invalid characters before the @-sign.",
                "jane@exa_mple.com | The part after the @-sign contains invalid characters or is not a valid domain name.",
                "jane@example..com | The part after the @-sign contains invalid characters or is not a valid domain name.",
            })
    void invalidAddressesGiveEmailValidatorsReason(String raw, String reason) {
        EmailAddresses.Result result = EmailAddresses.parse(raw);
        assertFalse(result.valid(), raw);
        assertNull(result.address());
        assertEquals(reason, result.reason());
    }
}
