package com.busos.campaign.entrypoint;

import java.time.Duration;
import java.util.Map;

/**
 * The entrypoint's settings, read from the environment once at start-up. A value that cannot be used
 * is an {@link IllegalArgumentException} naming the variable, so the process stops with that message.
 *
 * <ul>
 *   <li>{@code UPSTREAM_PORT}: default 8082 (the template's {@code upstream_url}); 0 picks a free one</li>
 *   <li>{@code HANDLER_CLASS}: default {@code com.openfaas.function.Handler}</li>
 *   <li>{@code HANDLER_THREADS}: requests served at the same time, default 16</li>
 *   <li>{@code SHUTDOWN_GRACE_SECONDS}: after SIGTERM, how long until the process must be gone,
 *       default 30 (Kubernetes' default terminationGracePeriodSeconds)</li>
 *   <li>{@code DRAIN_SECONDS}: after SIGTERM, how long new requests are still accepted and answered,
 *       default 10, at most half the grace period so that what was accepted last can still finish</li>
 *   <li>{@code exec_timeout}: of-watchdog's own variable (Go duration or integer seconds); unset or 0:
 *       no deadline</li>
 *   <li>{@code DEADLINE_MARGIN_MS}: the entrypoint cuts a call this long before exec_timeout, default
 *       500, because the watchdog's clock started when the request reached it, a little earlier</li>
 * </ul>
 */
public final class Settings {

    public static final int DEFAULT_PORT = 8082;
    public static final String DEFAULT_HANDLER_CLASS = "com.openfaas.function.Handler";
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_GRACE_SECONDS = 30;
    public static final int DEFAULT_DRAIN_SECONDS = 10;
    public static final int DEFAULT_DEADLINE_MARGIN_MS = 500;

    final int port;
    final String handlerClass;
    final int threads;
    final Duration grace;
    /** The drain actually used: DRAIN_SECONDS, bounded by half the grace period. */
    final Duration drain;
    /** True when DRAIN_SECONDS was more than half the grace period and was lowered. */
    final boolean drainLowered;
    /** Null: no deadline. */
    final Duration execTimeout;
    final Duration deadlineMargin;

    private Settings(Map<String, String> env) {
        port = intSetting(env, "UPSTREAM_PORT", DEFAULT_PORT, 0);
        String className = env.get("HANDLER_CLASS");
        handlerClass = className == null || className.isBlank() ? DEFAULT_HANDLER_CLASS : className.trim();
        threads = intSetting(env, "HANDLER_THREADS", DEFAULT_THREADS, 1);
        grace = Duration.ofSeconds(intSetting(env, "SHUTDOWN_GRACE_SECONDS", DEFAULT_GRACE_SECONDS, 0));
        Duration wanted = Duration.ofSeconds(intSetting(env, "DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS, 0));
        Duration bound = grace.dividedBy(2);
        drainLowered = wanted.compareTo(bound) > 0;
        drain = drainLowered ? bound : wanted;
        String exec = env.get("exec_timeout");
        Duration timeout = exec == null || exec.isBlank() ? Duration.ZERO : GoDuration.parse("exec_timeout", exec);
        execTimeout = timeout.isZero() ? null : timeout;
        deadlineMargin = Duration.ofMillis(intSetting(env, "DEADLINE_MARGIN_MS", DEFAULT_DEADLINE_MARGIN_MS, 0));
        if (execTimeout != null && deadlineMargin.compareTo(execTimeout) >= 0) {
            throw new IllegalArgumentException("DEADLINE_MARGIN_MS (" + deadlineMargin.toMillis()
                    + ") must be less than exec_timeout (" + exec.trim() + ")");
        }
    }

    /** @throws IllegalArgumentException naming the variable that cannot be used */
    public static Settings from(Map<String, String> env) {
        return new Settings(env);
    }

    /** The deadline of each call, or null when exec_timeout is not set. */
    Deadline deadline() {
        return execTimeout == null ? null : new Deadline(execTimeout, deadlineMargin);
    }

    static int intSetting(Map<String, String> env, String name, int defaultValue, int min) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + raw + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + raw);
        }
        return value;
    }
}
