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
 *   <li>{@code HANDLER_THREADS}: most requests served at the same time (one thread each, started as
 *       requests come, {@value #CORE_THREADS} kept when idle, the others ending after 60 s idle); default
 *       from the memory: a quarter of the smaller of the maximum heap and the container's memory outside
 *       the heap (cgroup limit minus maximum heap), at {@value #THREAD_COST_KIB} KiB a thread, between
 *       {@value #MIN_DEFAULT_THREADS} and {@value #MAX_DEFAULT_THREADS} (a 256 MiB container with the
 *       template's MaxRAMPercentage=50: 128)</li>
 *   <li>{@code HANDLER_QUEUE}: requests that wait for a thread once all are busy, default
 *       {@value #DEFAULT_QUEUE}; beyond that {@code 503} {@code {"error":"overloaded"}} with
 *       {@code Retry-After} and {@code Connection: close}, at once</li>
 *   <li>{@code RETRY_AFTER_SECONDS}: the {@code Retry-After} of those 503s (and of "starting"), default 1</li>
 *   <li>{@code MAX_BODY_BYTES}: the largest request body, default 1048576 (1 MiB); above it {@code 413}
 *       {@code {"error":"payload_too_large"}} and the connection is closed, a Content-Length over it
 *       before any byte is read, a chunked body as soon as it passes it</li>
 *   <li>{@code BODY_MEMORY_BYTES}: heap that the bodies being read at the same time may hold together
 *       (3 bytes per body byte: bytes and text), default a quarter of the maximum heap; above it
 *       {@code 503} + {@code Retry-After}</li>
 *   <li>{@code HEADER_TIMEOUT_SECONDS}: from a request's first byte, how long its request line and
 *       headers may take, default 10; then the connection is closed (no answer)</li>
 *   <li>{@code BODY_TIMEOUT_SECONDS}: how long the body may go without a byte arriving, default 10;
 *       then the connection is closed. A connection idle between requests costs no thread: the JDK's
 *       {@code sun.net.httpserver.idleInterval} (default 30 s) closes it</li>
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
    /** Threads kept when idle (fewer when HANDLER_THREADS is lower). */
    public static final int CORE_THREADS = 16;

    public static final int DEFAULT_QUEUE = 64;
    /** What a thread is counted as costing, outside the heap, when the default HANDLER_THREADS is sized. */
    public static final int THREAD_COST_KIB = 256;

    public static final int MIN_DEFAULT_THREADS = 32;
    public static final int MAX_DEFAULT_THREADS = 1024;
    public static final int DEFAULT_GRACE_SECONDS = 30;
    public static final int DEFAULT_DRAIN_SECONDS = 10;
    public static final int DEFAULT_DEADLINE_MARGIN_MS = 500;

    final int port;
    final String handlerClass;
    final int threads;
    /** How {@link #threads} was chosen, for the "serving" line. */
    final String threadsFrom;

    final int queue;
    final int retryAfterSeconds;
    final int maxBodyBytes;
    final long bodyMemoryBytes;
    final Duration headerTimeout;
    final Duration bodyTimeout;
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
        String rawThreads = env.get("HANDLER_THREADS");
        threadsFrom = rawThreads == null || rawThreads.isBlank() ? "memory" : "HANDLER_THREADS";
        threads = intSetting(env, "HANDLER_THREADS", defaultThreads(), 1);
        queue = intSetting(env, "HANDLER_QUEUE", DEFAULT_QUEUE, 1);
        retryAfterSeconds = intSetting(env, "RETRY_AFTER_SECONDS", Limits.DEFAULT_RETRY_AFTER_SECONDS, 0);
        maxBodyBytes = intSetting(env, "MAX_BODY_BYTES", Limits.DEFAULT_MAX_BODY_BYTES, 0);
        String rawMemory = env.get("BODY_MEMORY_BYTES");
        long memory;
        try {
            memory = rawMemory == null || rawMemory.isBlank()
                    ? Limits.defaultBodyMemory(Runtime.getRuntime().maxMemory())
                    : Long.parseLong(rawMemory.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BODY_MEMORY_BYTES is not a number: '" + rawMemory + "'");
        }
        if (memory < (long) Limits.HEAP_PER_BODY_BYTE * maxBodyBytes) {
            throw new IllegalArgumentException("BODY_MEMORY_BYTES must be >= " + Limits.HEAP_PER_BODY_BYTE
                    + " x MAX_BODY_BYTES (" + (long) Limits.HEAP_PER_BODY_BYTE * maxBodyBytes + "), got " + memory);
        }
        bodyMemoryBytes = memory;
        headerTimeout =
                Duration.ofSeconds(intSetting(env, "HEADER_TIMEOUT_SECONDS", Limits.DEFAULT_HEADER_TIMEOUT_SECONDS, 1));
        bodyTimeout =
                Duration.ofSeconds(intSetting(env, "BODY_TIMEOUT_SECONDS", Limits.DEFAULT_BODY_TIMEOUT_SECONDS, 1));
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

    /** The limits of each request (a new body budget). */
    Limits limits() {
        return new Limits(maxBodyBytes, headerTimeout, bodyTimeout, retryAfterSeconds, bodyMemoryBytes);
    }

    /** The default HANDLER_THREADS in this JVM (its maximum heap, the container's memory limit). */
    public static int defaultThreads() {
        return defaultThreads(Runtime.getRuntime().maxMemory(), containerMemoryLimit());
    }

    /**
     * A quarter of the smaller of the maximum heap and the memory left outside it ({@code containerLimit
     * - maxHeap}, or the maximum heap again when there is no limit, {@code <= 0}), at
     * {@value #THREAD_COST_KIB} KiB a thread (stack pages a handler touches, the JVM's and the kernel's
     * per-thread structures), between {@value #MIN_DEFAULT_THREADS} and {@value #MAX_DEFAULT_THREADS}.
     */
    static int defaultThreads(long maxHeap, long containerLimit) {
        long outside = containerLimit > maxHeap ? containerLimit - maxHeap : maxHeap;
        long budget = Math.min(maxHeap, outside) / 4;
        long threads = budget / (THREAD_COST_KIB * 1024L);
        return (int) Math.max(MIN_DEFAULT_THREADS, Math.min(MAX_DEFAULT_THREADS, threads));
    }

    /** The cgroup (v2, then v1) memory limit in bytes, or -1 when there is none or it cannot be read. */
    static long containerMemoryLimit() {
        for (String file : new String[] {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
            try {
                String text = new String(
                                java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(file)),
                                java.nio.charset.StandardCharsets.US_ASCII)
                        .trim();
                if (text.equals("max")) {
                    return -1;
                }
                long limit = Long.parseLong(text);
                return limit <= 0 || limit >= (1L << 50) ? -1 : limit; // v1 says "no limit" with a huge number
            } catch (java.io.IOException | RuntimeException e) {
                // not this cgroup version
            }
        }
        return -1;
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
