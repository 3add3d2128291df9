package com.busos.campaign.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import lombok.Getter;

/**
 * A new enrolment as one atomic write ({@link Schedule#intake}): the address's sequence id and the
 * entries that follow from it (its CRM job, its emails), each with what it waits for.
 */
public final class Intake {
    /** One entry of the schedule the intake adds. */
    public static final class Entry {
        @Getter
        final String id;

        @Getter
        final Instant due;

        final String payload;
        final boolean job;
        final String after;

        public Entry(String id, Instant due, String payload, boolean job, String after) {
            this.id = Objects.requireNonNull(id);
            this.due = Objects.requireNonNull(due);
            this.payload = Objects.requireNonNull(payload);
            this.job = job;
            this.after = after;
        }
    }

    final String campaign;
    final String sequence;
    final String email;

    @Getter
    final String sequenceId;

    @Getter
    final List<Entry> entries;

    public Intake(String campaign, String sequence, String email, String sequenceId, List<Entry> entries) {
        this.campaign = Objects.requireNonNull(campaign);
        this.sequence = Objects.requireNonNull(sequence);
        this.email = Objects.requireNonNull(email);
        this.sequenceId = Objects.requireNonNull(sequenceId);
        this.entries = List.copyOf(entries);
    }
}
