package com.busos.campaign.followup;

import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * What a calendly-noshow call asks for. Two forms are accepted:
 * <ul>
 *   <li>the flat request the website posts (§2.3), never signed by Calendly;</li>
 *   <li>Calendly's own webhook envelope {@code {"event", "created_at", "payload"}}: when the Calendly
 *       signing key is configured its {@code Calendly-Webhook-Signature} must be valid (else 401); an
 *       {@code invitee_no_show.created} event is mapped onto the flat request, any other event is
 *       answered {@code ignored}.</li>
 * </ul>
 * A body is the envelope when it has both {@code event} and {@code payload} at its top level.
 */
public final class NoShowWebhook {
    public static final String NO_SHOW_EVENT = "invitee_no_show.created";
    public static final String FORM_FLAT = "flat";
    public static final String FORM_CALENDLY = "calendly";

    private final NoShow noShow;
    private final JsonNode ignoredEvent;
    private final String form;

    private NoShowWebhook(NoShow noShow, JsonNode ignoredEvent, String form) {
        this.noShow = noShow;
        this.ignoredEvent = ignoredEvent;
        this.form = form;
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
        if (!event.isTextual() || !NO_SHOW_EVENT.equals(event.asText())) {
            return new NoShowWebhook(null, event, FORM_CALENDLY);
        }
        return new NoShowWebhook(NoShow.fromCalendly(json.get("payload")), null, FORM_CALENDLY);
    }

    /** Calendly's own envelope ({@code event} and {@code payload}); anything else is the website's flat form. */
    public static boolean isCalendlyEnvelope(ObjectNode body) {
        return body.has("event") && body.has("payload");
    }

    /** True for a Calendly event other than {@code invitee_no_show.created}: nothing is to be done. */
    public boolean ignored() {
        return noShow == null;
    }

    /** The request to start the no-show sequence with (absent for an ignored event). */
    public NoShow noShow() {
        if (noShow == null) throw new IllegalStateException("an ignored event has no request");
        return noShow;
    }

    /** {@value #FORM_FLAT} or {@value #FORM_CALENDLY}. */
    public String form() {
        return form;
    }

    /** The event of an ignored Calendly call ({@link #ignored()}): its {@code event} field as sent. */
    public JsonNode ignoredEvent() {
        if (ignoredEvent == null) throw new IllegalStateException("not an ignored event");
        return ignoredEvent;
    }
}
