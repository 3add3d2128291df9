package com.busos.campaign.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;

/**
 * The ok/failing an anonymous caller of campaign-health gets: the checks that cost no provider request,
 * run at most once per {@link #MAX_AGE} however often it is asked (so a loop of anonymous calls costs one
 * Redis PING per 30 s and nothing of Notion's or Resend's shared rate).
 */
@RequiredArgsConstructor
public final class CachedStatus {
    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Supplier<List<HealthCheck.Check>> checks;
    private final Clock clock;
    private List<HealthCheck.Check> last;
    private Instant at;

    /** The last result, run again when it is older than {@link #MAX_AGE}. */
    public synchronized List<HealthCheck.Check> get() {
        Instant now = clock.instant();
        if (last == null || Duration.between(at, now).compareTo(MAX_AGE) >= 0) {
            last = checks.get();
            at = now;
        }
        return last;
    }
}
