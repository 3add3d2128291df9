package com.busos.campaign.deadline;

/**
 * The deadline guard: a handler's thread is interrupted when its function's exec_timeout passes, and
 * from then on nothing more is written to a provider or to Redis.
 */
public final class Deadline {
    private Deadline() {}

    /** Throws {@link DeadlineExceededException} when the current thread has been interrupted (the flag stays set). */
    public static void check(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new DeadlineExceededException(
                    "the function's deadline passed (thread interrupted): " + what + " not done");
        }
    }

    /** For a wait that was interrupted: restores the interrupt flag and answers the exception to throw. */
    public static DeadlineExceededException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new DeadlineExceededException("the function's deadline passed (interrupted while " + what + ")");
    }
}
