package com.busos.campaign.entrypoint;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How long a call may run: exec_timeout minus a margin. of-watchdog answers 504 at exec_timeout but
 * leaves the handler running (openfaas.md §8); cutting the call a little earlier here means the
 * handler is interrupted, and our 504 sent, before the watchdog gives up on it.
 */
public final class Deadline {

    /**
     * The request header that carries the deadline to the handler, as milliseconds since the epoch.
     * Set by the entrypoint on every call when a deadline is configured and removed otherwise, so a
     * client cannot supply its own.
     */
    public static final String HEADER = "X-Deadline-Epoch-Ms";

    /** One daemon thread for every deadline of the JVM: firing one is a flag, an interrupt and a tiny 504. */
    private static final ScheduledExecutorService TIMER = timer();

    private final Duration execTimeout;
    private final Duration budget;

    public Deadline(Duration execTimeout, Duration margin) {
        if (execTimeout == null || execTimeout.isZero() || execTimeout.isNegative()) {
            throw new IllegalArgumentException("exec_timeout must be positive: " + execTimeout);
        }
        this.execTimeout = execTimeout;
        Duration left = execTimeout.minus(margin == null ? Duration.ZERO : margin);
        this.budget = left.isNegative() || left.isZero() ? execTimeout : left;
    }

    public Duration execTimeout() {
        return execTimeout;
    }

    /** How long the handler gets: exec_timeout minus the margin. */
    public Duration budget() {
        return budget;
    }

    ScheduledFuture<?> schedule(Runnable onExpiry) {
        return TIMER.schedule(onExpiry, budget.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "entrypoint-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // most calls finish in time: do not keep their tasks queued
        return timer;
    }
}
