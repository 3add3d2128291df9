package com.busos.campaign.schedule;

import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Plans a sequence's emails for one enrolment, each at start + its delay and each after the one before
 * it, so they go out in order; and reads them back as they stand.
 */
@RequiredArgsConstructor
public final class SequenceScheduler {
    private final Schedule schedule;
    private final Clock clock;
    private final boolean testingMode;

    /** One scheduled email, as answered to the webhook's caller. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    public static final class Entry {
        @Getter
        private final int emailNumber;

        private final String template;

        @Getter
        private final String sendId;

        @Getter
        private final Instant dueAt;

        @Getter
        private final boolean alreadyScheduled;

        private final String state;

        Entry(int emailNumber, String template, String sendId, Instant dueAt, boolean alreadyScheduled) {
            this(emailNumber, template, sendId, dueAt, alreadyScheduled, null);
        }

        /** Whether the schedule records this email as delivered (for entries read back). */
        public boolean delivered() {
            return "delivered".equals(state);
        }

        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("email_number", emailNumber);
            node.put("template", template);
            node.put("send_id", sendId);
            if (dueAt != null) node.put("scheduled_time", dueAt.toString());
            node.put("already_scheduled", alreadyScheduled);
            return node;
        }

        public static ArrayNode toJson(List<Entry> entries) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            entries.forEach(entry -> array.add(entry.toJson()));
            return array;
        }
    }

    /** The emails of a sequence about to be taken in: what to write, and what to answer. */
    public static final class Plan {
        public final List<Intake.Entry> entries;
        public final List<Entry> answer;

        Plan(List<Intake.Entry> entries, List<Entry> answer) {
            this.entries = List.copyOf(entries);
            this.answer = List.copyOf(answer);
        }
    }

    /**
     * Every email of {@code sequence} that this system sends, for the sequence {@code sequenceId}, each
     * due at now + its delay and waiting for the one before it; the first waits for {@code firstAfter}
     * (the sequence's CRM job), so no email goes out before the tracker record is settled.
     */
    public Plan plan(
            Sequence sequence, String sequenceId, String email, Map<String, String> fields, String firstAfter) {
        Instant start = clock.instant();
        List<Intake.Entry> entries = new ArrayList<>();
        List<Entry> answer = new ArrayList<>();
        String previous = firstAfter;
        for (SequenceEmail step : sequence.scheduledEmails()) {
            ScheduledSend send =
                    new ScheduledSend(sequence.key(), step.number(), step.template(), email, sequenceId, fields);
            Instant due = start.plus(step.delay(testingMode));
            entries.add(new Intake.Entry(send.id(), due, send.toJson(), false, previous));
            answer.add(new Entry(step.number(), step.template(), send.id(), due, false));
            previous = send.id();
        }
        return new Plan(entries, answer);
    }

    /** The sequence's emails as they stand in the schedule, for answering a repeated call. */
    public List<Entry> scheduled(Sequence sequence, String sequenceId) {
        List<Entry> entries = new ArrayList<>();
        for (SequenceEmail step : sequence.scheduledEmails()) {
            String id = ScheduledSend.idOf(sequence.key(), sequenceId, step.number());
            // The send's own due time (kept in its hash by every step that moves it), one read per email.
            Map<String, String> hash = schedule.inspect(id);
            Instant due = Optional.ofNullable(hash.get("due"))
                    .map(ms -> Instant.ofEpochMilli(Long.parseLong(ms)))
                    .orElse(null);
            entries.add(new Entry(step.number(), step.template(), id, due, true, hash.get("state")));
        }
        return entries;
    }
}
