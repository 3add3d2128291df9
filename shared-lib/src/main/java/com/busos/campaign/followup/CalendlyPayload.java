package com.busos.campaign.followup;

import com.busos.campaign.webhook.FieldError;
import com.busos.campaign.webhook.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the readers of Calendly's envelopes share: its {@code payload} must be an object, and errors point into it. */
final class CalendlyPayload {
    private CalendlyPayload() {}

    /** Throws InvalidRequestException (at {@code payload}) unless the payload is a JSON object. */
    static void requireObject(JsonNode payload) {
        if (payload != null && payload.isObject()) return;
        throw new InvalidRequestException(List.of(new FieldError(
                "model_attributes_type",
                "payload",
                "Input should be a valid dictionary or object to extract fields from",
                payload == null ? JsonNodeFactory.instance.nullNode() : payload,
                null)));
    }

    /**
     * The errors of the flat request read from the payload, located where Calendly put each value:
     * {@code sources} names a flat field's place, else {@code payload.<field>}. A missing field's input
     * is the object it is missing from: the payload.
     */
    static InvalidRequestException relocated(
            InvalidRequestException invalid, JsonNode payload, Map<String, String> sources) {
        List<FieldError> errors = new ArrayList<>();
        for (FieldError error : invalid.errors()) {
            ObjectNode json = error.toJson();
            String source = sources.getOrDefault(error.field(), "payload." + error.field());
            JsonNode input = "missing".equals(error.type()) ? payload : json.get("input");
            JsonNode ctx = json.get("ctx");
            errors.add(new FieldError(
                    error.type(), source, error.message(), input, ctx instanceof ObjectNode ? (ObjectNode) ctx : null));
        }
        return new InvalidRequestException(errors);
    }
}
