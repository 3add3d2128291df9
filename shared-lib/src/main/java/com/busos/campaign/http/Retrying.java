package com.busos.campaign.http;

import com.busos.campaign.deadline.Deadline;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import lombok.RequiredArgsConstructor;

/**
 * Short in-call retries of a provider request: a few attempts with exponential backoff and jitter,
 * honouring Retry-After. Longer outages are left to the caller (the schedule's retry-later, or the
 * webhook caller's retry of a 503).
 */
@RequiredArgsConstructor
public final class Retrying {
    /** Sleeps between attempts; tests substitute one that records instead of waiting. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final Sleeper REAL_SLEEP = duration -> Thread.sleep(duration.toMillis());

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    public static Retrying standard() {
        return new Retrying(3, Duration.ofMillis(500), Duration.ofSeconds(10), REAL_SLEEP);
    }

    /** How long one logical call may take at most with this policy, every attempt and wait included. */
    public Duration longestCall(Duration perAttempt) {
        return perAttempt.multipliedBy(maxAttempts).plus(maxDelay.multipliedBy(maxAttempts - 1L));
    }

    public static Retrying none() {
        return new Retrying(1, Duration.ZERO, Duration.ZERO, REAL_SLEEP);
    }

    public interface Call<T> {
        T run() throws ProviderException;
    }

    /**
     * Runs {@code call}; on a retryable failure for which {@code mayRetry} holds, waits and tries
     * again, up to the attempt limit. A wait longer than the maximum delay is not made here: the
     * failure is thrown so the caller can reschedule. An interrupted thread (the function's deadline)
     * stops with {@link com.busos.campaign.deadline.DeadlineExceededException} instead of waiting.
     */
    public <T> T run(Call<T> call, java.util.function.Predicate<ProviderException> mayRetry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (ProviderException failure) {
                if (attempt >= maxAttempts || !failure.retryable() || !mayRetry.test(failure)) throw failure;
                Duration wait = failure.retryAfter().orElse(backoff(attempt));
                if (wait.compareTo(maxDelay) > 0) throw failure;
                Deadline.check("a retry of " + failure.provider());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    throw Deadline.interrupted("waiting to retry " + failure.provider());
                }
            }
        }
    }

    /** Exponential backoff with full jitter in [base*2^(n-1)/2, base*2^(n-1)]. */
    Duration backoff(int attempt) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
