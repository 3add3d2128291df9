package com.busos.campaign.followup;

import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.InvalidRequestException;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * A Calendly event that ends sequences for its invitee ({@code ended_by} in sequences.json, e.g.
 * {@code invitee.created}, {@code invitee_no_show.deleted}): the event and the invitee's address,
 * {@code payload.email} of Calendly's Invitee payload.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
@Getter
public final class SequenceEndingEvent {
    private final String event;
    private final String email;
    /** The keys of the sequences this event ends. */
    private final List<String> sequences;

    /** Whether {@code event} ends some sequence (sequences.json says which). */
    public static boolean endsSequences(String event) {
        return !Sequences.endedBy(event).isEmpty();
    }

    /**
     * Reads the invitee's address; throws InvalidRequestException located where Calendly put it
     * ({@code ["body", "payload.email"]}, or {@code payload} when that is not an object).
     */
    public static SequenceEndingEvent fromCalendly(String event, JsonNode payload) {
        CalendlyPayload.requireObject(payload);
        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        if (payload.has("email")) flat.set("email", payload.get("email"));
        RequestFields fields = RequestFields.of(flat);
        String email = fields.requiredEmail("email");
        try {
            fields.validate();
        } catch (InvalidRequestException invalid) {
            throw CalendlyPayload.relocated(invalid, payload, Map.of());
        }
        return new SequenceEndingEvent(event, email, Sequences.endedBy(event));
    }
}
