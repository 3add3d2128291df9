package com.busos.campaign.followup;

import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.InvalidRequestException;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.Getter;

/**
 * A validated calendly-noshow request (§2.3): the flat form the website posts, or Calendly's own
 * {@code invitee_no_show.created} payload mapped onto it ({@link #fromCalendly}).
 */
@Getter
public final class NoShow extends FollowUp {
    public static final String DEFAULT_EVENT_TYPE = "Discovery Call - $2997 Diagnostic";
    /** Calendly's invitee has no business name; the 5-day sequence uses the same fallback. */
    public static final String CALENDLY_BUSINESS_NAME = "your business";

    /** Where each flat field comes from in Calendly's envelope, for the locations of its errors. */
    private static final Map<String, String> CALENDLY_SOURCES = new LinkedHashMap<>();

    static {
        CALENDLY_SOURCES.put("email", "payload.email");
        CALENDLY_SOURCES.put("first_name", "payload.first_name");
        CALENDLY_SOURCES.put("calendly_event_uri", "payload.event");
        CALENDLY_SOURCES.put("scheduled_time", "payload.scheduled_event.start_time");
        CALENDLY_SOURCES.put("event_type", "payload.scheduled_event.name");
        CALENDLY_SOURCES.put("reschedule_url", "payload.reschedule_url");
    }

    private final String calendlyEventUri;
    private final String scheduledTime;
    private final String eventType;
    private final String rescheduleUrl;

    private NoShow(RequestFields body) {
        super(body, Sequences.NOSHOW, "No-show recovery sequence will begin shortly");
        calendlyEventUri = body.requiredString("calendly_event_uri");
        scheduledTime = body.requiredString("scheduled_time");
        eventType = body.optionalString("event_type", DEFAULT_EVENT_TYPE);
        rescheduleUrl = body.optionalString("reschedule_url", null);
        body.validate();
    }

    /** Reads and validates the flat request; throws InvalidRequestException listing every bad field. */
    public static NoShow from(RequestFields body) {
        return new NoShow(body);
    }

    /**
     * Reads Calendly's {@code invitee_no_show.created} payload (the Invitee object). Its errors are
     * located where Calendly put the value, e.g. {@code ["body", "payload.scheduled_event.start_time"]}.
     */
    public static NoShow fromCalendly(JsonNode payload) {
        CalendlyPayload.requireObject(payload);
        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        copy(payload, "email", flat, "email");
        JsonNode firstName = payload.get("first_name");
        JsonNode name = payload.get("name");
        if (firstName != null
                && firstName.isTextual()
                && !firstName.asText().trim().isEmpty()) {
            flat.set("first_name", firstName);
        } else if (name != null && name.isTextual()) {
            flat.put("first_name", firstWord(name.asText()));
        } else if (name != null && !name.isNull()) {
            flat.set("first_name", name);
        }
        flat.put("business_name", CALENDLY_BUSINESS_NAME);
        JsonNode scheduledEvent = payload.path("scheduled_event");
        JsonNode event = payload.get("event");
        if (event != null && !event.isNull()) flat.set("calendly_event_uri", event);
        else copy(scheduledEvent, "uri", flat, "calendly_event_uri");
        copy(scheduledEvent, "start_time", flat, "scheduled_time");
        JsonNode eventName = scheduledEvent.get("name");
        if (eventName != null && eventName.isTextual() && !eventName.asText().isEmpty()) {
            flat.set("event_type", eventName);
        }
        copy(payload, "reschedule_url", flat, "reschedule_url");
        try {
            return new NoShow(RequestFields.of(flat));
        } catch (InvalidRequestException invalid) {
            throw CalendlyPayload.relocated(invalid, payload, CALENDLY_SOURCES);
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null) to.set(as, value);
    }

    /** "Ada Lovelace" → "Ada"; an empty or blank name gives "". */
    static String firstWord(String name) {
        String trimmed = name.trim();
        if (trimmed.isEmpty()) return "";
        return trimmed.split("\\s+", 2)[0];
    }

    @Override
    void addTrackerProperties(PropertyValues properties) {
        properties
                .richText("Calendly Event URI", calendlyEventUri)
                .richText("Scheduled Time", scheduledTime)
                .richText("Event Type", eventType);
    }

    @Override
    void addFields(Map<String, String> fields) {
        fields.put("calendly_event_uri", calendlyEventUri);
        fields.put("scheduled_time", scheduledTime);
        fields.put("event_type", eventType);
        fields.put("reschedule_url", rescheduleUrl);
    }
}
