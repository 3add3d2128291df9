package com.busos.campaign.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import lombok.Getter;

/**
 * A call to an external provider (Notion, Resend) failed. {@link #retryable()} says whether the same
 * call can succeed later (429, 5xx, timeouts); anything else (a validation error, a bad key) cannot.
 */
public class ProviderException extends RuntimeException {
    @Getter
    private final String provider;
    /** The HTTP status, or 0 when no response came (connection failure, timeout). */
    @Getter
    private final int status;

    @Getter
    private final String code;

    @Getter
    private final boolean retryable;

    private final Duration retryAfter;
    /** The provider's own message (or what went wrong), without the provider, status and code. */
    @Getter
    private final String detail;

    public ProviderException(
            String provider,
            int status,
            String code,
            String message,
            boolean retryable,
            Duration retryAfter,
            Throwable cause) {
        super(provider + " " + (status > 0 ? status + " " : "") + (code == null ? "" : code + ": ") + message, cause);
        this.provider = provider;
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.detail = message;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Parses a Retry-After header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
    public static Duration parseRetryAfter(String header) {
        return parseRetryAfter(header, Clock.systemUTC());
    }

    /** As {@link #parseRetryAfter(String)}; an HTTP-date is counted from {@code clock}'s now (a past date waits 0). */
    public static Duration parseRetryAfter(String header, Clock clock) {
        if (header == null) return null;
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            // an HTTP-date then
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
