package com.busos.campaign.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import okhttp3.Response;

/** A provider's JSON error answer, read leniently: its code and message, or the raw text when it is not JSON. */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String code;
    public final String message;

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

    /** The provider's error answer as a failure: its status, code, message and Retry-After. */
    public static ProviderException failure(
            String provider, Response response, String text, String codeField, Retryable retryable) {
        ErrorBody error = read(text, codeField);
        return new ProviderException(
                provider,
                response.code(),
                error.code,
                error.message,
                retryable.test(response.code(), error.code),
                ProviderException.parseRetryAfter(response.header("Retry-After")),
                null);
    }

    /** Whether a provider's error can succeed later, from its status and error code. */
    @FunctionalInterface
    public interface Retryable {
        boolean test(int status, String code);
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
