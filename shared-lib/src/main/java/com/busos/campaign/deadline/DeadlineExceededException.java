package com.busos.campaign.deadline;

/**
 * The function's time is up: the entrypoint interrupted the handler's thread when its exec_timeout
 * passed. Thrown instead of making a provider request or a Redis write, or instead of waiting on.
 * The thread's interrupt flag is left set.
 */
public class DeadlineExceededException extends RuntimeException {
    public DeadlineExceededException(String message) {
        super(message);
    }
}
