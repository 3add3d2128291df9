package com.busos.campaign.openfaas;

import com.busos.campaign.followup.InvalidSignatureException;
import com.busos.campaign.followup.NoShowWebhook;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;

/** calendly-noshow's own answers to a Calendly call ({@link NoShowWebhook}). */
public final class CalendlyAnswers {
    private CalendlyAnswers() {}

    /** 200 {@code {"status":"ignored","event":...,"message":...}}, logged. */
    public static IResponse ignored(Log log, NoShowWebhook webhook) {
        JsonNode event = webhook.ignoredEvent();
        log.info("calendly.ignored")
                .with("calendly_event", event.isTextual() ? event.asText() : event.toString())
                .write();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", "ignored");
        answer.set("event", event);
        answer.put("message", "Only " + String.join(", ", NoShowWebhook.processedEvents()) + " events are processed");
        return Responses.ok(answer);
    }

    /** 401 {@code {"detail": "Invalid Calendly-Webhook-Signature: <reason>"}}, logged. */
    public static IResponse unauthorized(Log log, InvalidSignatureException invalid) {
        log.warn("calendly.signature_invalid")
                .with("status", 401)
                .with("reason", invalid.reason())
                .write();
        return Responses.detail(401, invalid.getMessage());
    }
}
