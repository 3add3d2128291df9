package com.busos.campaign.entrypoint;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one request may cost: its body's size, how long its headers and body may take to arrive, and
 * how much heap the bodies being read at the same time may hold together. Shared by every exchange of
 * a server (the body budget is one counter for all of them). Settings: {@link Settings}.
 */
public final class Limits {

    /** {@code MAX_BODY_BYTES} default: 1 MiB (the webhook gate answers 413 itself above 64 KiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_BODY_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    /**
     * Heap held per body byte while a request is read and handed over: the bytes read and the decoded
     * String (1 byte a character for Latin-1 text, 2 otherwise).
     */
    static final int HEAP_PER_BODY_BYTE = 3;

    final int maxBodyBytes;
    final long headerTimeoutNanos;
    final long bodyTimeoutNanos;
    final int retryAfterSeconds;
    final long bodyMemoryBytes;
    private final AtomicLong bodyMemoryLeft;

    public Limits(
            int maxBodyBytes,
            Duration headerTimeout,
            Duration bodyTimeout,
            int retryAfterSeconds,
            long bodyMemoryBytes) {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes < 0");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
        this.retryAfterSeconds = retryAfterSeconds;
        this.bodyMemoryBytes = bodyMemoryBytes;
        this.bodyMemoryLeft = new AtomicLong(bodyMemoryBytes);
    }

    /** The defaults, with the body budget a quarter of this JVM's maximum heap. */
    public static Limits defaults() {
        return new Limits(
                DEFAULT_MAX_BODY_BYTES,
                Duration.ofSeconds(DEFAULT_HEADER_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_BODY_TIMEOUT_SECONDS),
                DEFAULT_RETRY_AFTER_SECONDS,
                defaultBodyMemory(Runtime.getRuntime().maxMemory()));
    }

    /** {@code BODY_MEMORY_BYTES} default: a quarter of the maximum heap. */
    static long defaultBodyMemory(long maxHeap) {
        return Math.max(HEAP_PER_BODY_BYTE * (long) DEFAULT_MAX_BODY_BYTES, maxHeap / 4);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Reserves heap for {@code bytes} of body. @return false when the bodies being read hold too much already */
    boolean reserve(long bytes) {
        long cost = bytes * HEAP_PER_BODY_BYTE;
        while (true) {
            long left = bodyMemoryLeft.get();
            if (left < cost) {
                return false;
            }
            if (bodyMemoryLeft.compareAndSet(left, left - cost)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        bodyMemoryLeft.addAndGet(bytes * HEAP_PER_BODY_BYTE);
    }

    /** For tests. */
    long bodyMemoryLeft() {
        return bodyMemoryLeft.get();
    }
}
