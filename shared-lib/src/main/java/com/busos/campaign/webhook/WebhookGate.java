package com.busos.campaign.webhook;

import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * What every webhook checks before its work: the body's size (413), and, when a webhook secret is
 * configured, the Standard Webhooks signature (401) and a repeated {@code webhook-id} (answered from
 * the first result). Nothing is written before these checks pass.
 */
public final class WebhookGate {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final StandardWebhookSignature signature;
    private final WebhookReplays replays;

    /** {@code signature} and {@code replays} are null when no webhook secret is configured. */
    public WebhookGate(StandardWebhookSignature signature, WebhookReplays replays) {
        this.signature = signature;
        this.replays = replays;
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
