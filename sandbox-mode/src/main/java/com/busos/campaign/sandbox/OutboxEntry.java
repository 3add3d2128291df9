package com.busos.campaign.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** One email of the outbox: when, to whom, what, and its two files. */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class OutboxEntry {
    /** The id answered to the campaign (as Resend's email id). */
    @Getter
    private final String id;

    @Getter
    private final Instant sentAt;

    @Getter
    private final String from;

    @Getter
    private final String to;

    @Getter
    private final String subject;

    private final String sequence;
    private final Integer emailNumber;

    @Getter
    private final String idempotencyKey;
    /** The .eml file's name in the outbox folder. */
    @Getter
    private final String eml;
    /** The rendered HTML file's name in the outbox folder. */
    @Getter
    private final String html;

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

    public Optional<String> sequence() {
        return Optional.ofNullable(sequence);
    }

    public Optional<Integer> emailNumber() {
        return Optional.ofNullable(emailNumber);
    }
}
