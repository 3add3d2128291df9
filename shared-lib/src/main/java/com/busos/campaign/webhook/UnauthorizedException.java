package com.busos.campaign.webhook;

import lombok.Getter;

/** The request's signature is missing, wrong or stale: answered 401, nothing is done. */
@Getter
public final class UnauthorizedException extends RuntimeException {
    /** What the log says beside the answer (never a secret's value), or null. */
    private final String operatorDetail;

    public UnauthorizedException(String message) {
        this(message, null);
    }

    /**
     * @param message        the caller's answer
     * @param operatorDetail what only the operator's log says (e.g. which secret is missing), or null
     */
    public UnauthorizedException(String message, String operatorDetail) {
        super(message);
        this.operatorDetail = operatorDetail;
    }
}
