package com.busos.campaign.followup;

import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * What a calendly-noshow call asks for. Two forms are accepted:
 * <ul>
 *   <li>the flat request the website posts (§2.3), never signed by Calendly;</li>
 *   <li>Calendly's own webhook envelope {@code {"event", "created_at", "payload"}}: when the Calendly
 *       signing key is configured its {@code Calendly-Webhook-Signature} must be valid (else 401); an
 *       {@code invitee_no_show.created} event is mapped onto the flat request; an event that ends
 *       sequences ({@code ended_by} in sequences.json: {@code invitee.created},
 *       {@code invitee_no_show.deleted}) is read as a {@link SequenceEndingEvent}; any other event is
 *       answered {@code ignored}.</li>
 * </ul>
 * A body is the envelope when it has both {@code event} and {@code payload} at its top level.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class NoShowWebhook {
    public static final String NO_SHOW_EVENT = "invitee_no_show.created";
    public static final String FORM_FLAT = "flat";
    public static final String FORM_CALENDLY = "calendly";

    private final NoShow noShow;
    private final SequenceEndingEvent ending;
    private final JsonNode ignoredEvent;
    /** {@value #FORM_FLAT} or {@value #FORM_CALENDLY}. */
    @Getter
    private final String form;

    private NoShowWebhook(NoShow noShow, JsonNode ignoredEvent, String form) {
        this(noShow, null, ignoredEvent, form);
    }

    /**
     * Reads and validates the call; throws InvalidSignatureException (401) or InvalidRequestException
     * (422). Nothing outside this process is touched.
     *
     * @param signature the verifier when a Calendly signing key is configured
     */
    public static NoShowWebhook read(
            String rawBody, Map<String, String> headers, Optional<CalendlySignature> signature) {
        RequestFields body = RequestFields.parse(rawBody);
        ObjectNode json = body.body();
        if (!isCalendlyEnvelope(json)) return new NoShowWebhook(NoShow.from(body), null, FORM_FLAT);
        if (signature.isPresent()) signature.get().verify(CalendlySignature.headerIn(headers), rawBody);
        JsonNode event = json.get("event");
        if (event.isTextual() && SequenceEndingEvent.endsSequences(event.asText())) {
            return new NoShowWebhook(
                    null, SequenceEndingEvent.fromCalendly(event.asText(), json.get("payload")), null, FORM_CALENDLY);
        }
        if (!event.isTextual() || !NO_SHOW_EVENT.equals(event.asText())) {
            return new NoShowWebhook(null, event, FORM_CALENDLY);
        }
        return new NoShowWebhook(NoShow.fromCalendly(json.get("payload")), null, FORM_CALENDLY);
    }

    /** The Calendly events this function acts on: the no-show, then those that end sequences. */
    public static List<String> processedEvents() {
        Set<String> events = new LinkedHashSet<>();
        events.add(NO_SHOW_EVENT);
        for (Sequence sequence : Sequences.all()) events.addAll(sequence.endedBy());
        return List.copyOf(events);
    }

    /** Calendly's own envelope ({@code event} and {@code payload}); anything else is the website's flat form. */
    public static boolean isCalendlyEnvelope(ObjectNode body) {
        return body.has("event") && body.has("payload");
    }

    /** True for a Calendly event this function does nothing for. */
    public boolean ignored() {
        return noShow == null && ending == null;
    }

    /** True for a Calendly event that ends sequences ({@link #ending()}). */
    public boolean endsSequences() {
        return ending != null;
    }

    /** The event that ends sequences, with its invitee's address. */
    public SequenceEndingEvent ending() {
        if (ending == null) throw new IllegalStateException("not an event that ends sequences");
        return ending;
    }

    /** The request to start the no-show sequence with (absent for an ignored event). */
    public NoShow noShow() {
        if (noShow == null) throw new IllegalStateException("an ignored event has no request");
        return noShow;
    }

    /** The event of an ignored Calendly call ({@link #ignored()}): its {@code event} field as sent. */
    public JsonNode ignoredEvent() {
        if (ignoredEvent == null) throw new IllegalStateException("not an ignored event");
        return ignoredEvent;
    }
}
