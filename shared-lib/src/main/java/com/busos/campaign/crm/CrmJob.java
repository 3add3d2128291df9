package com.busos.campaign.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One write to the CRM (Notion) that follows an email, kept in the schedule beside the sends so it is
 * never dropped: claimed, rate-limited, retried and dead-lettered like them. Its id is deterministic
 * ({@code crm:<type>:<send id>}), so scheduling it twice is a no-op.
 */
public final class CrmJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the job writes. */
    public enum Type {
        /** {@code Email N Sent} on the sequence's tracker record. */
        MARK_SENT,
        /** The email's "sent" page in Email Analytics. */
        ANALYTICS_SENT,
        /** A dead-lettered email's "failed" page in Email Analytics. */
        ANALYTICS_FAILED;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    final Type type;
    final String sendId;
    final String email;
    final String trackerId;
    final int emailNumber;
    final String template;
    final String resendId;
    final String reason;
    final Instant at;

    private CrmJob(
            Type type,
            String sendId,
            String email,
            String trackerId,
            int emailNumber,
            String template,
            String resendId,
            String reason,
            Instant at) {
        this.type = Objects.requireNonNull(type);
        this.sendId = Objects.requireNonNull(sendId);
        this.email = Objects.requireNonNull(email);
        this.trackerId = trackerId;
        this.emailNumber = emailNumber;
        this.template = template;
        this.resendId = resendId;
        this.reason = reason;
        this.at = Objects.requireNonNull(at);
    }

    public static CrmJob markSent(String sendId, String email, String trackerId, int emailNumber, Instant at) {
        return new CrmJob(Type.MARK_SENT, sendId, email, trackerId, emailNumber, null, null, null, at);
    }

    public static CrmJob analyticsSent(
            String sendId, String email, String template, int emailNumber, String resendId, Instant at) {
        return new CrmJob(Type.ANALYTICS_SENT, sendId, email, null, emailNumber, template, resendId, null, at);
    }

    public static CrmJob analyticsFailed(
            String sendId, String email, String template, int emailNumber, String reason, Instant at) {
        return new CrmJob(Type.ANALYTICS_FAILED, sendId, email, null, emailNumber, template, null, reason, at);
    }

    /** {@code crm:<type>:<send id>}. */
    public String id() {
        return "crm:" + type.key() + ":" + sendId;
    }

    public Type type() {
        return type;
    }

    public String email() {
        return email;
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("job", type.key());
        node.put("send_id", sendId);
        node.put("email", email);
        if (trackerId != null) node.put("tracker_id", trackerId);
        node.put("email_number", emailNumber);
        if (template != null) node.put("template", template);
        if (resendId != null) node.put("resend_id", resendId);
        if (reason != null) node.put("reason", reason);
        node.put("at", at.toString());
        return node.toString();
    }

    /** The job in {@code json}; IllegalArgumentException when it is not one. */
    public static CrmJob fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new CrmJob(
                    Type.of(node.path("job").asText()),
                    node.path("send_id").asText(),
                    node.path("email").asText(),
                    text(node, "tracker_id"),
                    node.path("email_number").asInt(),
                    text(node, "template"),
                    text(node, "resend_id"),
                    text(node, "reason"),
                    Instant.parse(node.path("at").asText()));
        } catch (JsonProcessingException | RuntimeException unreadable) {
            throw new IllegalArgumentException("not a CRM job: " + unreadable.getMessage(), unreadable);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
