package com.busos.campaign.deadline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key, so that work on one key (a lookup to fill a cache) runs one at a time while other
 * keys go on. The wait for a lock is interruptible: a handler cut by its deadline stops waiting.
 */
public final class KeyedLocks {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code work} holding {@code key}'s lock; {@code what} names the wait in a deadline's message. */
    public <T> T underLock(String key, String what, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException cut) {
            throw Deadline.interrupted("waiting for " + what);
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
