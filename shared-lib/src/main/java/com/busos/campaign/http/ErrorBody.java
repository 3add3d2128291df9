package com.busos.campaign.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A provider's JSON error answer, read leniently: its code and message, or the raw text when it is not JSON. */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String code;
    public final String message;

    private ErrorBody(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** @param codeField where the provider puts its error code ("code" for Notion, "name" for Resend) */
    public static ErrorBody read(String text, String codeField) {
        try {
            JsonNode error = JSON.readTree(text);
            return new ErrorBody(
                    error.path(codeField).asText(null), error.path("message").asText(text));
        } catch (IOException | RuntimeException notJson) {
            return new ErrorBody(null, text); // keep the raw text as the message
        }
    }

    /** Null when {@code text} is JSON (or empty), else the retryable failure of an unreadable answer. */
    public static ProviderException unreadable(String provider, String text) {
        try {
            if (!text.isEmpty()) JSON.readTree(text);
            return null;
        } catch (IOException e) {
            return RetryInterceptor.networkError(provider, e);
        }
    }
}
