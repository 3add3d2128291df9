package com.busos.campaign.entrypoint;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One exchange's race between its handler and its deadline: exactly one of them answers.
 *
 * <p>The worker thread reads the request, calls {@link #enterHandler()}, runs the handler, then calls
 * {@link #leaveHandler()}. The timer calls {@link #expire()}. The handler thread is interrupted only
 * while it is inside the handler: an interrupt at any other time would reach the exchange's socket
 * channel (an interrupted channel operation closes the channel) or the next request on that thread.
 */
final class GuardedCall {

    private enum State {
        READING,
        HANDLING,
        DONE,
        CUT
    }

    private State state = State.READING;
    private Thread handlerThread;
    private ScheduledFuture<?> timer;
    private final CountDownLatch answered = new CountDownLatch(1);

    synchronized void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    /** Worker, before the handler. @return false when the deadline has already passed: answer 504 instead */
    synchronized boolean enterHandler() {
        if (state == State.CUT) {
            return false;
        }
        state = State.HANDLING;
        handlerThread = Thread.currentThread();
        return true;
    }

    /**
     * Worker, once the handler returned (or threw).
     *
     * @return true when the worker still answers; false when the deadline cut the call (the timer
     *         answers, the handler's result is discarded)
     */
    boolean leaveHandler() {
        boolean stillOurs;
        synchronized (this) {
            stillOurs = state == State.HANDLING;
            if (stillOurs) {
                state = State.DONE;
            }
            handlerThread = null;
        }
        // After this point the timer can no longer interrupt this thread; clear an interrupt it sent so
        // that it does not close the connection or reach the next request served on this thread.
        Thread.interrupted();
        cancelTimer();
        return stillOurs;
    }

    /** Worker, when it is done with the exchange whatever happened (the timer is not needed any more). */
    void finish() {
        synchronized (this) {
            if (state == State.READING) {
                state = State.DONE;
            }
        }
        cancelTimer();
    }

    /**
     * Timer: the deadline passed.
     *
     * @return true when the handler was running: it has been interrupted and the caller must answer
     *         504 then call {@link #answered()}; false when the worker answers (or already did)
     */
    synchronized boolean expire() {
        if (state == State.READING) {
            state = State.CUT; // the worker sees it in enterHandler() and answers 504 without calling the handler
            return false;
        }
        if (state != State.HANDLING) {
            return false;
        }
        state = State.CUT;
        handlerThread.interrupt();
        return true;
    }

    /** Timer: the 504 was sent (or could not be). */
    void answered() {
        answered.countDown();
    }

    /** Worker of a cut call: waits for the timer's 504 before the exchange counts as finished. */
    void awaitAnswered() {
        try {
            answered.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t;
        synchronized (this) {
            t = timer;
        }
        if (t != null) {
            t.cancel(false);
        }
    }
}
