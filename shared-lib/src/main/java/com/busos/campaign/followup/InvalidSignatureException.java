package com.busos.campaign.followup;

import lombok.Getter;

/** A webhook's signature is missing, malformed, too old or wrong: answered 401, nothing is done. */
@Getter
public final class InvalidSignatureException extends RuntimeException {
    /** missing, malformed, expired or mismatch. */
    private final String reason;

    public InvalidSignatureException(String reason) {
        super("Invalid " + CalendlySignature.HEADER + ": " + reason);
        this.reason = reason;
    }
}
