package com.busos.campaign.schedule;

import java.util.Objects;
import java.util.Optional;
import lombok.Getter;

/**
 * An entry of the schedule taken under a lease by the holder of {@link #token()}: an email to send
 * ({@link #send()}), or a CRM job ({@link #isJob()}, its {@link #payload()} read by the job's runner).
 */
public final class ClaimedSend {
    @Getter
    private final String id;

    private final ScheduledSend send;
    private final String jobPayload;

    @Getter
    private final String token;
    /** 1 for the first attempt, 2 for the first retry, and so on. */
    @Getter
    private final int attempt;

    private final String resendId;

    public ClaimedSend(ScheduledSend send, String token, int attempt, String resendId) {
        this(send.id(), send, null, token, attempt, resendId);
    }

    private ClaimedSend(String id, ScheduledSend send, String jobPayload, String token, int attempt, String resendId) {
        this.id = Objects.requireNonNull(id);
        this.send = send;
        this.jobPayload = jobPayload;
        this.token = token;
        this.attempt = attempt;
        this.resendId = resendId == null || resendId.isEmpty() ? null : resendId;
    }

    /** A claimed CRM job: {@code payload} is its {@code CrmJob} as JSON. */
    public static ClaimedSend job(String id, String payload, String token, int attempt) {
        return new ClaimedSend(id, null, Objects.requireNonNull(payload), token, attempt, null);
    }

    public boolean isJob() {
        return send == null;
    }

    /** The email to send; a CRM job has none. */
    public ScheduledSend send() {
        if (send == null) throw new IllegalStateException(id + " is a CRM job, not an email");
        return send;
    }

    /** A CRM job's payload (JSON); an email's is {@link #send()}. */
    public String payload() {
        return send == null ? jobPayload : send.toJson();
    }

    /** Resend's email id when an earlier attempt already got Resend to accept this email. */
    public Optional<String> resendId() {
        return Optional.ofNullable(resendId);
    }
}
