package com.busos.campaign.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Retrying.Sleeper} that records each wait instead of sleeping. */
public final class RecordingSleeper implements Retrying.Sleeper {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
    }

    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    /** The short in-call retry policy of production (3 attempts, 500 ms base, 10 s cap), without real sleeps. */
    public Retrying retrying() {
        return new Retrying(3, Duration.ofMillis(500), Duration.ofSeconds(10), this);
    }
}
