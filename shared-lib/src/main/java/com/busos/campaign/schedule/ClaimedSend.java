package com.busos.campaign.schedule;

import java.util.Optional;

/** A send taken from the schedule under a lease by the holder of {@link #token()}. */
public final class ClaimedSend {
    private final ScheduledSend send;
    private final String token;
    private final int attempt;
    private final String resendId;

    public ClaimedSend(ScheduledSend send, String token, int attempt, String resendId) {
        this.send = send;
        this.token = token;
        this.attempt = attempt;
        this.resendId = resendId == null || resendId.isEmpty() ? null : resendId;
    }

    public ScheduledSend send() {
        return send;
    }

    public String id() {
        return send.id();
    }

    public String token() {
        return token;
    }

    /** 1 for the first delivery attempt, 2 for the first retry, and so on. */
    public int attempt() {
        return attempt;
    }

    /** Resend's email id when an earlier attempt already got Resend to accept this email. */
    public Optional<String> resendId() {
        return Optional.ofNullable(resendId);
    }
}
