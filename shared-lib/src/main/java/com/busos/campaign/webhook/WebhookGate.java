package com.busos.campaign.webhook;

import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every webhook checks before its work: the client's intake limit (429, {@link ClientRateLimit}),
 * the body's size (413), and, when a webhook secret is
 * configured, the Standard Webhooks signature (401) and a repeated {@code webhook-id} (answered from
 * the first result once there is one). Without a secret the gate either accepts unsigned calls ({@link #unsigned()}) or
 * refuses every call with 401 ({@link #refusing}), as {@link WebhookAuth} decides. Nothing is written
 * before these checks pass.
 */
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

    private WebhookGate(
            StandardWebhookSignature signature, WebhookReplays replays, String refusal, ClientRateLimit clientLimit) {
        this.signature = signature;
        this.replays = replays;
        this.refusal = refusal;
        this.clientLimit = clientLimit;
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

    /** This gate, counting every call against its client's intake limit first. */
    public WebhookGate limitedBy(ClientRateLimit limit) {
        return new WebhookGate(signature, replays, refusal, limit);
    }

    /**
     * The checks of every call, whoever it is from: the client's limit, then the body's size. {@link #pass}
     * makes them; a webhook that takes a second kind of call (Calendly's envelope) makes them itself.
     */
    public void admit(IRequest request) {
        clientLimit.check(request.getHeaders());
        checkSize(request.getBody());
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
        if (refusal != null) throw new UnauthorizedException(WebhookAuth.REFUSED, refusal);
        if (signature == null) return work.apply(body);
        String webhookId = signature.verify(request.getHeaders(), body);
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
