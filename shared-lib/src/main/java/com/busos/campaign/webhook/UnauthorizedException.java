package com.busos.campaign.webhook;

/** The request's signature is missing, wrong or stale: answered 401, nothing is done. */
public final class UnauthorizedException extends RuntimeException {
    public UnauthorizedException(String message) {
        super(message);
    }
}
