package com.busos.campaign.intake;

import java.time.Duration;
import lombok.Getter;

/**
 * A call refused by an intake limit (a client's rate, the day's cap on new enrolments): nothing was
 * written, and the caller may try again after {@link #retryAfter()}. Answered 429 with Retry-After.
 */
@Getter
public final class IntakeLimitException extends RuntimeException {
    /** How long until the limit lets the call in again (at least a second). */
    private final Duration retryAfter;

    public IntakeLimitException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, as Retry-After carries it. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
