package com.busos.campaign.schedule;

/** Redis could not be reached or answered with an error; nothing was changed by the failed call. */
public final class ScheduleUnavailableException extends RuntimeException {
    public ScheduleUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
