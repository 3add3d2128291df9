package com.busos.campaign.webhook;

import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * What every webhook checks before its work: the body's size (413), and, when a webhook secret is
 * configured, the Standard Webhooks signature (401) and a repeated {@code webhook-id} (answered from
 * the first result once there is one). Without a secret the gate either accepts unsigned calls ({@link #unsigned()}) or
 * refuses every call with 401 ({@link #refusing}), as {@link WebhookAuth} decides. A call whose sender
 * is not verified (a wrong or missing signature, or any call where none is checked) also counts against
 * its client's intake limit (429, {@link ClientRateLimit}); a call signed with the secret does not: the
 * website posts every lead from one address, and a burst of them (a newsletter) must all be taken in,
 * bounded by the day's enrolment cap instead. Nothing is written before these checks pass.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class WebhookGate {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final StandardWebhookSignature signature;
    private final WebhookReplays replays;
    private final String refusal;
    private final ClientRateLimit clientLimit;

    /** {@code signature} and {@code replays} are null when no webhook secret is configured (then unsigned calls pass). */
    public WebhookGate(StandardWebhookSignature signature, WebhookReplays replays) {
        this(signature, replays, null, ClientRateLimit.off());
    }

    /** Accepts calls without checking a signature (sandbox mode, or WEBHOOK_AUTH=none). */
    public static WebhookGate unsigned() {
        return new WebhookGate(null, null, null, ClientRateLimit.off());
    }

    /**
     * Refuses every call with 401 {@value WebhookAuth#REFUSED}; {@code reason} (the missing secret) goes to
     * the log only.
     */
    public static WebhookGate refusing(String reason) {
        return new WebhookGate(null, null, reason, ClientRateLimit.off());
    }

    /** This gate, counting every call whose sender it cannot verify against its client's intake limit. */
    public WebhookGate limitedBy(ClientRateLimit limit) {
        return new WebhookGate(signature, replays, refusal, limit);
    }

    /**
     * The check of every call, whoever it is from: the body's size. {@link #pass} makes it; a webhook that
     * takes a second kind of call (Calendly's envelope) makes it itself.
     */
    public void admit(IRequest request) {
        checkSize(request.getBody());
    }

    /** Counts a call whose sender is not verified here against its client's intake limit (429 past it). */
    public void limitUnverified(IRequest request) {
        clientLimit.check(request.getHeaders());
    }

    public static void checkSize(String body) {
        if (body != null
                && body.length() > MAX_BODY_BYTES / 4
                && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** Runs {@code work} on the body once the request has passed the checks. */
    public IResponse pass(IRequest request, Function<String, IResponse> work) {
        admit(request);
        return passAdmitted(request, work);
    }

    /** {@link #pass} of a call that has been {@link #admit admitted} already: the signature checks only. */
    public IResponse passAdmitted(IRequest request, Function<String, IResponse> work) {
        String body = request.getBody() == null ? "" : request.getBody();
        if (refusal != null) {
            limitUnverified(request);
            throw new UnauthorizedException(WebhookAuth.REFUSED, refusal);
        }
        if (signature == null) {
            limitUnverified(request);
            return work.apply(body);
        }
        String webhookId;
        try {
            webhookId = signature.verify(request.getHeaders(), body);
        } catch (UnauthorizedException unverified) {
            limitUnverified(request); // past the limit a stranger's calls get 429 instead of 401
            throw unverified;
        }
        Optional<WebhookReplays.Stored> first = replays.answered(webhookId);
        if (first.isPresent()) {
            Response replayed = new Response();
            replayed.setStatusCode(first.get().status);
            replayed.setContentType("application/json");
            replayed.setBody(first.get().body);
            replayed.setHeader("Webhook-Replayed", "true");
            return replayed;
        }
        IResponse response = work.apply(body);
        if (response.getStatusCode() < 500) replays.finish(webhookId, response.getStatusCode(), response.getBody());
        return response;
    }
}
