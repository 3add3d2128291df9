package com.busos.campaign.testing;

import com.busos.campaign.followup.CalendlySignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** The follow-up webhooks' bodies as the tests send them: one lead, and what each webhook adds to it. */
public final class FollowUpBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The calendly-signing-key the tests sign Calendly's envelopes with. */
    public static final String CALENDLY_KEY = "calendly-test-signing-key";

    private FollowUpBodies() {}

    /** ada@example.com, Ada of Ada's Salon. */
    public static ObjectNode lead() {
        return JSON.createObjectNode()
                .put("email", "ada@example.com")
                .put("first_name", "Ada")
                .put("business_name", "Ada's Salon");
    }

    /** calendly-noshow's flat form, as the website sends it. */
    public static ObjectNode noShow() {
        return lead().put("calendly_event_uri", "https://api.calendly.com/scheduled_events/EV1")
                .put("scheduled_time", "2025-11-28T14:00:00Z");
    }

    /** postcall-maybe's minimal payload. */
    public static ObjectNode postCall() {
        return lead().put("call_date", "2025-11-27T16:00:00Z");
    }

    /** Calendly's webhook envelope of {@code event} for {@code email} (Ada Lovelace, no first_name), unsigned. */
    public static ObjectNode calendlyEnvelope(String event, String email) {
        ObjectNode envelope =
                JSON.createObjectNode().put("event", event).put("created_at", "2025-11-28T14:40:00.000000Z");
        ObjectNode payload = envelope.putObject("payload");
        payload.put("email", email)
                .put("name", "Ada Lovelace")
                .putNull("first_name")
                .put("event", "https://api.calendly.com/scheduled_events/EV1")
                .put("reschedule_url", "https://calendly.com/reschedulings/INV1");
        payload.putObject("scheduled_event")
                .put("uri", "https://api.calendly.com/scheduled_events/EV1")
                .put("name", "Discovery Call")
                .put("start_time", "2025-11-28T14:00:00.000000Z");
        return envelope;
    }

    /** The headers of a body Calendly signed, at that time, with {@link #CALENDLY_KEY}. */
    public static Map<String, String> signedByCalendly(String body, Instant at) {
        return Map.of(
                "Content-Type",
                "application/json",
                "Calendly-Webhook-Signature",
                CalendlySignature.sign(CALENDLY_KEY, at, body));
    }
}
