package com.busos.campaign.resend;

/** Delivers one email at most once per idempotency key and answers the provider's email id. */
public interface Mailer {
    String send(OutgoingEmail email, String idempotencyKey);
}
