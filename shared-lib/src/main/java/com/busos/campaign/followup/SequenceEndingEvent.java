package com.busos.campaign.followup;

import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.FieldError;
import com.busos.campaign.webhook.InvalidRequestException;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Calendly event that ends sequences for its invitee ({@code ended_by} in sequences.json, e.g.
 * {@code invitee.created}, {@code invitee_no_show.deleted}): the event and the invitee's address,
 * {@code payload.email} of Calendly's Invitee payload.
 */
public final class SequenceEndingEvent {
    private final String event;
    private final String email;
    private final List<String> sequences;

    private SequenceEndingEvent(String event, String email, List<String> sequences) {
        this.event = event;
        this.email = email;
        this.sequences = sequences;
    }

    /** Whether {@code event} ends some sequence (sequences.json says which). */
    public static boolean endsSequences(String event) {
        return !Sequences.endedBy(event).isEmpty();
    }

    /**
     * Reads the invitee's address; throws InvalidRequestException located where Calendly put it
     * ({@code ["body", "payload.email"]}, or {@code payload} when that is not an object).
     */
    public static SequenceEndingEvent fromCalendly(String event, JsonNode payload) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (payload == null || !payload.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "model_attributes_type",
                    "payload",
                    "Input should be a valid dictionary or object to extract fields from",
                    payload == null ? nodes.nullNode() : payload,
                    null)));
        }
        ObjectNode flat = nodes.objectNode();
        if (payload.has("email")) flat.set("email", payload.get("email"));
        RequestFields fields = RequestFields.of(flat);
        String email = fields.requiredEmail("email");
        try {
            fields.validate();
        } catch (InvalidRequestException invalid) {
            List<FieldError> errors = new ArrayList<>();
            for (FieldError error : invalid.errors()) {
                ObjectNode json = error.toJson();
                JsonNode input = "missing".equals(error.type()) ? payload : json.get("input");
                JsonNode ctx = json.get("ctx");
                errors.add(new FieldError(
                        error.type(),
                        "payload." + error.field(),
                        error.message(),
                        input,
                        ctx instanceof ObjectNode ? (ObjectNode) ctx : null));
            }
            throw new InvalidRequestException(errors);
        }
        return new SequenceEndingEvent(event, email, Sequences.endedBy(event));
    }

    public String event() {
        return event;
    }

    public String email() {
        return email;
    }

    /** The keys of the sequences this event ends. */
    public List<String> sequences() {
        return sequences;
    }
}
