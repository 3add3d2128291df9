package com.busos.campaign.schedule;

import java.time.Duration;
import lombok.Getter;

/**
 * How many dead letters are kept, and how long: when a new one arrives, those older than
 * {@link #maxAge()} and, beyond {@link #maxCount()}, the oldest are discarded (their hashes stay for
 * {@link Schedule#RETENTION}, state 'discarded'). Sidekiq's defaults: 10,000 entries, 180 days.
 */
@Getter
public final class DeadLetterLimits {
    public static final int DEFAULT_MAX_COUNT = 10_000;
    public static final int DEFAULT_MAX_AGE_DAYS = 180;
    public static final DeadLetterLimits DEFAULT =
            new DeadLetterLimits(DEFAULT_MAX_COUNT, Duration.ofDays(DEFAULT_MAX_AGE_DAYS));

    private final int maxCount;
    private final Duration maxAge;

    public DeadLetterLimits(int maxCount, Duration maxAge) {
        if (maxCount < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("dead letters: keep at least 1, for more than 0 s");
        }
        this.maxCount = maxCount;
        this.maxAge = maxAge;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetterLimits
                && ((DeadLetterLimits) other).maxCount == maxCount
                && ((DeadLetterLimits) other).maxAge.equals(maxAge);
    }

    @Override
    public int hashCode() {
        return maxCount * 31 + maxAge.hashCode();
    }
}
