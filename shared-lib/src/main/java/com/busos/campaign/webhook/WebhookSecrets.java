package com.busos.campaign.webhook;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks secrets read as the spec's reference libraries read them: an optional {@code whsec_}
 * prefix, then base64 (padding optional), decoded to the HMAC key. A secret without the prefix is
 * base64 too, not text: a sender following the libraries (or the README's signer) and this server must
 * agree on the key. Several secrets separated by whitespace are several keys (rotation).
 */
public final class WebhookSecrets {
    public static final String PREFIX = "whsec_";
    /** What a secret setting takes, for the configuration errors. */
    public static final String EXPECTED = "whsec_<base64> (several separated by spaces while rotating)";

    private WebhookSecrets() {}

    /**
     * The keys of {@code value}; throws {@link UnusableSecretException} saying which secret is unusable
     * and why, never showing it.
     */
    public static List<byte[]> keys(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty()) throw new UnusableSecretException("it is empty");
        String[] secrets = trimmed.split("\\s+");
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < secrets.length; i++) {
            keys.add(key(
                    secrets[i], secrets.length == 1 ? "the secret" : "secret " + (i + 1) + " of " + secrets.length));
        }
        return keys;
    }

    private static byte[] key(String secret, String which) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        if (encoded.isEmpty()) throw new UnusableSecretException(which + " is " + PREFIX + " with nothing after it");
        byte[] key;
        try {
            // Java's decoder takes unpadded base64 as the reference libraries do; other characters are refused.
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new UnusableSecretException(which + " is not base64"
                    + (secret.startsWith(PREFIX)
                            ? " after " + PREFIX
                            : " (a secret without " + PREFIX + " is base64 too)"));
        }
        if (key.length == 0) throw new UnusableSecretException(which + " decodes to no bytes");
        return key;
    }

    /** A secret setting's value that gives no usable key; the message never contains the value. */
    public static final class UnusableSecretException extends IllegalArgumentException {
        UnusableSecretException(String problem) {
            super(problem);
        }
    }
}
