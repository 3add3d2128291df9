package com.busos.campaign.suppression;

import com.busos.campaign.crypto.Hmac;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The signed token of an unsubscribe link: {@code base64url(address) + "." +
 * base64url(HMAC-SHA256(secret, address))}, without padding. Only the holder of the unsubscribe-secret
 * can make one, so a link unsubscribes the address it was sent to and no other. Several secrets may be
 * configured, space-separated: tokens are made with the first and accepted with any, so the secret can
 * be rotated while links in emails already sent keep working.
 */
public final class UnsubscribeTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 1024;

    private final List<byte[]> keys = new ArrayList<>();

    public UnsubscribeTokens(String secrets) {
        for (String secret : secrets.trim().split("\\s+")) keys.add(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The token naming {@code address}, signed with the first secret. */
    public String tokenFor(String address) {
        byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(Hmac.sha256(keys.get(0), bytes));
    }

    /**
     * The address a token names, when its MAC verifies (compared in constant time); empty for a missing,
     * malformed, altered or forged token.
     */
    public Optional<String> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) return Optional.empty();
        byte[] address;
        byte[] given;
        try {
            address = DECODER.decode(token.substring(0, dot));
            given = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        boolean valid = false;
        for (byte[] key : keys) {
            valid |= MessageDigest.isEqual(Hmac.sha256(key, address), given);
        }
        if (!valid) return Optional.empty();
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(address))
                    .toString();
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }
}
