package com.busos.campaign.entrypoint;

import java.time.Duration;

/** Counts the exchanges being served, so that a stop can wait for them. */
public final class InFlight {

    private int count;

    public synchronized void enter() {
        count++;
    }

    public synchronized void leave() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    public synchronized int count() {
        return count;
    }

    /** Waits until nothing is in flight. @return false when {@code timeout} passed first */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
