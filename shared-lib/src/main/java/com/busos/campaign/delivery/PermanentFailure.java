package com.busos.campaign.delivery;

/** A send that no retry can make succeed (missing or empty template, unknown sequence …). */
final class PermanentFailure extends RuntimeException {
    PermanentFailure(String message) {
        super(message);
    }
}
