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

/**
 * Puts a sequence's emails on the schedule for one tracker record, each at start + its delay and each
 * after the one before it, so they go out in order.
 */
public final class SequenceScheduler {
    private final Schedule schedule;
    private final Clock clock;
    private final boolean testingMode;

    public SequenceScheduler(Schedule schedule, Clock clock, boolean testingMode) {
        this.schedule = schedule;
        this.clock = clock;
        this.testingMode = testingMode;
    }

    /** One scheduled email, as answered to the webhook's caller. */
    public static final class Entry {
        private final int emailNumber;
        private final String template;
        private final String sendId;
        private final Instant dueAt;
        private final boolean alreadyScheduled;

        Entry(int emailNumber, String template, String sendId, Instant dueAt, boolean alreadyScheduled) {
            this.emailNumber = emailNumber;
            this.template = template;
            this.sendId = sendId;
            this.dueAt = dueAt;
            this.alreadyScheduled = alreadyScheduled;
        }

        public int emailNumber() {
            return emailNumber;
        }

        public String sendId() {
            return sendId;
        }

        public Instant dueAt() {
            return dueAt;
        }

        public boolean alreadyScheduled() {
            return alreadyScheduled;
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

    /**
     * Schedules every email of {@code sequence} that this system sends and that is not yet recorded as
     * sent. A send scheduled before (same tracker record, same email) is left as it is.
     */
    public List<Entry> schedule(
            Sequence sequence, String trackerId, String email, Map<String, String> fields, List<Integer> alreadySent) {
        Instant start = clock.instant();
        List<Entry> entries = new ArrayList<>();
        String previous = null;
        for (SequenceEmail step : sequence.scheduledEmails()) {
            if (alreadySent.contains(step.number())) continue;
            ScheduledSend send =
                    new ScheduledSend(sequence.key(), step.number(), step.template(), email, trackerId, fields);
            Instant due = start.plus(step.delay(testingMode));
            // Each email waits for the one before it (claim-due): a retried E2 holds E3 back.
            boolean added = schedule.add(send, due, previous);
            previous = send.id();
            Instant answeredDue = added ? due : schedule.dueAt(send.id()).orElse(null);
            entries.add(new Entry(step.number(), step.template(), send.id(), answeredDue, !added));
        }
        return entries;
    }
}
