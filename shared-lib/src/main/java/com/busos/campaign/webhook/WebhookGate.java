package com.busos.campaign.webhook;

import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * What every webhook checks before its work: the body's size (413), and, when a webhook secret is
 * configured, the Standard Webhooks signature (401) and a repeated {@code webhook-id} (answered from
 * the first result). Without a secret the gate either accepts unsigned calls ({@link #unsigned()}) or
 * refuses every call with 401 ({@link #refusing}), as {@link WebhookAuth} decides. Nothing is written
 * before these checks pass.
 */
public final class WebhookGate {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final StandardWebhookSignature signature;
    private final WebhookReplays replays;
    private final String refusal;

    /** {@code signature} and {@code replays} are null when no webhook secret is configured (then unsigned calls pass). */
    public WebhookGate(StandardWebhookSignature signature, WebhookReplays replays) {
        this(signature, replays, null);
    }

    private WebhookGate(StandardWebhookSignature signature, WebhookReplays replays, String refusal) {
        this.signature = signature;
        this.replays = replays;
        this.refusal = refusal;
    }

    /** Accepts calls without checking a signature (sandbox mode, or WEBHOOK_AUTH=none). */
    public static WebhookGate unsigned() {
        return new WebhookGate(null, null, null);
    }

    /**
     * Refuses every call with 401 {@value WebhookAuth#REFUSED}; {@code reason} (the missing secret) goes to
     * the log only.
     */
    public static WebhookGate refusing(String reason) {
        return new WebhookGate(null, null, reason);
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
        String body = request.getBody() == null ? "" : request.getBody();
        checkSize(body);
        if (refusal != null) throw new UnauthorizedException(WebhookAuth.REFUSED, refusal);
        if (signature == null) return work.apply(body);
        String webhookId = signature.verify(request.getHeaders(), body);
        WebhookReplays.Start start = replays.begin(webhookId);
        if (start.inProgress) {
            return Responses.detail(409, "webhook " + webhookId + " is being processed: retry later");
        }
        if (start.status != null) {
            Response replayed = new Response();
            replayed.setStatusCode(start.status);
            replayed.setContentType("application/json");
            replayed.setBody(start.body);
            replayed.setHeader("Webhook-Replayed", "true");
            return replayed;
        }
        IResponse response;
        try {
            response = work.apply(body);
        } catch (RuntimeException failure) {
            replays.forget(webhookId);
            throw failure;
        }
        if (response.getStatusCode() < 500) replays.finish(webhookId, response.getStatusCode(), response.getBody());
        else replays.forget(webhookId);
        return response;
    }
}
