package com.busos.campaign.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import lombok.Getter;

/**
 * One piece of CRM (Notion) work, kept in the schedule beside the sends so it is never dropped: claimed,
 * rate-limited, retried and dead-lettered like them. An enrolment's ({@code crm:enrol:<sequence id>}:
 * find or create the tracker record, update the contact) comes before the sequence's first email; an
 * email's mirror ({@code crm:<type>:<send id>}) after it. Ids are deterministic, so scheduling a job
 * twice is a no-op.
 */
public final class CrmJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the job writes. */
    public enum Type {
        /** An enrolment's tracker record (the website's, or a new one) and BusinessX contact. */
        ENROL,
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

    @Getter
    final Type type;

    final String sendId;

    @Getter
    final String email;
    /** The sequence the job belongs to: its id and key (ENROL, MARK_SENT). */
    final String sequenceId;

    final String sequence;
    /** ENROL: the tracker record's properties, and the assessment for the contact (signup only). */
    final JsonNode trackerProperties;

    final Integer assessmentScore;
    final String segment;
    final int emailNumber;
    final String template;
    final String resendId;
    final String reason;
    final Instant at;

    private CrmJob(
            Type type,
            String sendId,
            String email,
            String sequenceId,
            String sequence,
            JsonNode trackerProperties,
            Integer assessmentScore,
            String segment,
            int emailNumber,
            String template,
            String resendId,
            String reason,
            Instant at) {
        this.type = Objects.requireNonNull(type);
        this.sendId = sendId;
        this.email = Objects.requireNonNull(email);
        this.sequenceId = sequenceId;
        this.sequence = sequence;
        this.trackerProperties = trackerProperties;
        this.assessmentScore = assessmentScore;
        this.segment = segment;
        this.emailNumber = emailNumber;
        this.template = template;
        this.resendId = resendId;
        this.reason = reason;
        this.at = Objects.requireNonNull(at);
    }

    /**
     * An enrolment's CRM work: the tracker record of {@code sequence} for {@code email} (found, or made
     * with {@code trackerProperties}), and, for a signup, the contact's assessment.
     */
    public static CrmJob enrol(
            String sequenceId,
            String sequence,
            String email,
            JsonNode trackerProperties,
            Integer assessmentScore,
            String segment,
            Instant at) {
        return new CrmJob(
                Type.ENROL,
                null,
                email,
                sequenceId,
                sequence,
                Objects.requireNonNull(trackerProperties),
                assessmentScore,
                segment,
                0,
                null,
                null,
                null,
                at);
    }

    /** {@code Email N Sent} of the send {@code sendId} on the tracker record of the sequence {@code sequenceId}. */
    public static CrmJob markSent(String sendId, String email, String sequenceId, int emailNumber, Instant at) {
        return new CrmJob(
                Type.MARK_SENT, sendId, email, sequenceId, null, null, null, null, emailNumber, null, null, null, at);
    }

    public static CrmJob analyticsSent(
            String sendId, String email, String template, int emailNumber, String resendId, Instant at) {
        return analytics(Type.ANALYTICS_SENT, sendId, email, template, emailNumber, resendId, null, at);
    }

    public static CrmJob analyticsFailed(
            String sendId, String email, String template, int emailNumber, String reason, Instant at) {
        return analytics(Type.ANALYTICS_FAILED, sendId, email, template, emailNumber, null, reason, at);
    }

    /** An analytics record's job: the send, its template and email number, Resend's id or the failure. */
    private static CrmJob analytics(
            Type type,
            String sendId,
            String email,
            String template,
            int emailNumber,
            String resendId,
            String reason,
            Instant at) {
        return new CrmJob(
                type, sendId, email, null, null, null, null, null, emailNumber, template, resendId, reason, at);
    }

    /** The id of the enrolment job of the sequence {@code sequenceId}. */
    public static String enrolIdOf(String sequenceId) {
        return "crm:" + Type.ENROL.key() + ":" + sequenceId;
    }

    /** {@code crm:enrol:<sequence id>}, or {@code crm:<type>:<send id>}. */
    public String id() {
        return type == Type.ENROL ? enrolIdOf(sequenceId) : "crm:" + type.key() + ":" + sendId;
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("job", type.key());
        if (sendId != null) node.put("send_id", sendId);
        node.put("email", email);
        if (sequenceId != null) node.put("sequence_id", sequenceId);
        if (sequence != null) node.put("sequence", sequence);
        if (trackerProperties != null) node.set("tracker_properties", trackerProperties);
        if (assessmentScore != null) node.put("assessment_score", assessmentScore);
        if (segment != null) node.put("segment", segment);
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
            JsonNode properties = node.get("tracker_properties");
            return new CrmJob(
                    Type.of(node.path("job").asText()),
                    text(node, "send_id"),
                    node.path("email").asText(),
                    text(node, "sequence_id") != null ? text(node, "sequence_id") : text(node, "tracker_id"),
                    text(node, "sequence"),
                    properties == null || properties.isNull() ? null : properties,
                    node.hasNonNull("assessment_score")
                            ? node.get("assessment_score").asInt()
                            : null,
                    text(node, "segment"),
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
