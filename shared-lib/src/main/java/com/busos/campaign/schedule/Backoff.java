package com.busos.campaign.schedule;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import lombok.RequiredArgsConstructor;

/** Delay before retry N of a send: base × 2^(N-1), capped, with jitter of up to a fifth either way. */
@RequiredArgsConstructor
public final class Backoff {
    private final Duration base;
    private final Duration cap;

    /** 1 minute, 2, 4, 8 … capped at 2 hours. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMinutes(1), Duration.ofHours(2));
    }

    /** The delay before retry {@code attempt}, or the provider's Retry-After when that is longer. */
    public Duration delay(int attempt, Optional<Duration> retryAfter) {
        Duration backoff = delay(attempt);
        return retryAfter.filter(after -> after.compareTo(backoff) > 0).orElse(backoff);
    }

    public Duration delay(int attempt) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long millis = Math.min(cap.toMillis(), exponential);
        long jitter = millis / 5;
        long jittered = millis - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
        return Duration.ofMillis(Math.max(0, jittered));
    }
}
