package com.busos.campaign.webhook;

/** The request body is larger than a webhook accepts: answered 413, nothing is done. */
public final class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
