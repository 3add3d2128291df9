package com.busos.campaign.followup;

/** A webhook's signature is missing, malformed, too old or wrong: answered 401, nothing is done. */
public final class InvalidSignatureException extends RuntimeException {
    private final String reason;

    public InvalidSignatureException(String reason) {
        super("Invalid " + CalendlySignature.HEADER + ": " + reason);
        this.reason = reason;
    }

    /** missing, malformed, expired or mismatch. */
    public String reason() {
        return reason;
    }
}
