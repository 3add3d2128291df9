package com.busos.campaign.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to an external provider (Notion, Resend) failed. {@link #retryable()} says whether the same
 * call can succeed later (429, 5xx, timeouts); anything else (a validation error, a bad key) cannot.
 */
public class ProviderException extends RuntimeException {
    private final String provider;
    private final int status;
    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(String provider, int status, String code, String message, boolean retryable,
                             Duration retryAfter, Throwable cause) {
        super(provider + " " + (status > 0 ? status + " " : "") + (code == null ? "" : code + ": ") + message, cause);
        this.provider = provider;
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public String provider() {
        return provider;
    }

    /** The HTTP status, or 0 when no response came (connection failure, timeout). */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Parses a Retry-After header given in seconds; other forms are ignored. */
    public static Duration parseRetryAfter(String header) {
        if (header == null) return null;
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
