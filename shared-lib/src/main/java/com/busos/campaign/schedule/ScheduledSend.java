package com.busos.campaign.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import lombok.Getter;

/**
 * One email waiting to be sent: which sequence and email, to whom, in which enrolment (its sequence
 * id), and the contact's fields its template variables are built from. Its id is deterministic, so
 * scheduling the same email twice is a no-op, and it doubles as the Resend idempotency key.
 */
@Getter
public final class ScheduledSend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sequence;
    private final int emailNumber;
    private final String template;
    private final String email;
    /**
     * The enrolment's sequence id (taken in before intake moved to Redis: the id of its tracker record,
     * which the sequence was known by then).
     */
    private final String sequenceId;

    private final Map<String, String> fields;

    public ScheduledSend(
            String sequence,
            int emailNumber,
            String template,
            String email,
            String sequenceId,
            Map<String, String> fields) {
        this.sequence = Objects.requireNonNull(sequence);
        this.emailNumber = emailNumber;
        this.template = Objects.requireNonNull(template);
        this.email = Objects.requireNonNull(email);
        this.sequenceId = Objects.requireNonNull(sequenceId);
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** {@code <sequence>:<sequence id>:<email number>}: one send per email of an enrolment. */
    public String id() {
        return idOf(sequence, sequenceId, emailNumber);
    }

    public static String idOf(String sequence, String sequenceId, int emailNumber) {
        return sequence + ":" + sequenceId + ":" + emailNumber;
    }

    /** The Resend Idempotency-Key of this send (at most 256 characters). */
    public String idempotencyKey() {
        return "campaign-send/" + id();
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("sequence", sequence);
        node.put("email_number", emailNumber);
        node.put("template", template);
        node.put("email", email);
        node.put("sequence_id", sequenceId);
        ObjectNode fieldNode = node.putObject("fields");
        fields.forEach(fieldNode::put);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ScheduledSend fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, String> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = node.path("fields").fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                fields.put(
                        entry.getKey(),
                        entry.getValue().isNull() ? null : entry.getValue().asText());
            }
            return new ScheduledSend(
                    node.path("sequence").asText(),
                    node.path("email_number").asInt(),
                    node.path("template").asText(),
                    node.path("email").asText(),
                    node.hasNonNull("sequence_id")
                            ? node.path("sequence_id").asText()
                            : node.path("tracker_id").asText(),
                    fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a scheduled send: " + e.getOriginalMessage(), e);
        }
    }
}
