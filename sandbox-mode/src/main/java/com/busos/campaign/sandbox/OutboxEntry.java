package com.busos.campaign.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** One email of the outbox: when, to whom, what, and its two files. */
public final class OutboxEntry {
    private final String id;
    private final Instant sentAt;
    private final String from;
    private final String to;
    private final String subject;
    private final String sequence;
    private final Integer emailNumber;
    private final String idempotencyKey;
    private final String eml;
    private final String html;

    OutboxEntry(
            String id,
            Instant sentAt,
            String from,
            String to,
            String subject,
            String sequence,
            Integer emailNumber,
            String idempotencyKey,
            String eml,
            String html) {
        this.id = id;
        this.sentAt = sentAt;
        this.from = from;
        this.to = to;
        this.subject = subject;
        this.sequence = sequence;
        this.emailNumber = emailNumber;
        this.idempotencyKey = idempotencyKey;
        this.eml = eml;
        this.html = html;
    }

    static OutboxEntry fromJson(JsonNode node) {
        return new OutboxEntry(
                node.path("id").asText(),
                Instant.parse(node.path("sent_at").asText()),
                node.path("from").asText(""),
                node.path("to").asText(""),
                node.path("subject").asText(""),
                node.path("sequence").asText(null),
                node.path("email_number").isInt() ? node.path("email_number").asInt() : null,
                node.path("idempotency_key").asText(""),
                node.path("eml").asText(),
                node.path("html").asText());
    }

    /** The id answered to the campaign (as Resend's email id). */
    public String id() {
        return id;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public String subject() {
        return subject;
    }

    public Optional<String> sequence() {
        return Optional.ofNullable(sequence);
    }

    public Optional<Integer> emailNumber() {
        return Optional.ofNullable(emailNumber);
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The .eml file's name in the outbox folder. */
    public String eml() {
        return eml;
    }

    /** The rendered HTML file's name in the outbox folder. */
    public String html() {
        return html;
    }
}
