package com.busos.campaign.followup;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.TrackerRecord;
import com.busos.campaign.tracker.Trackers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;

/**
 * Ends the sequences a Calendly event ends for its invitee ({@link SequenceEndingEvent}): the unsent
 * emails of those sequences are cancelled in Redis first (what stops the email), then each of the
 * address's tracker records of those sequences gets {@code Sequence Completed}, {@code Exit Reason} (the
 * event) and {@code Exited At}. Idempotent, so Calendly's retries are safe: a Notion that is down
 * answers 503 and the retry finishes the marking; a database without the two exit properties gets
 * {@code Sequence Completed} only, and a warning naming them.
 */
@RequiredArgsConstructor
public final class SequenceExits {
    public static final String SEQUENCE_COMPLETED = "Sequence Completed";
    public static final String EXIT_REASON = "Exit Reason";
    public static final String EXITED_AT = "Exited At";

    private final Schedule schedule;
    private final Trackers trackers;
    private final NotionApi notion;
    private final Clock clock;
    private final Log log;

    /**
     * {@code {"status":"ended"|"not_enrolled","event","email","sequences":[…],"cancelled_sends":[…],
     * "trackers_marked":n}}; {@code not_enrolled} when the address has neither sends nor records of them.
     */
    public ObjectNode end(SequenceEndingEvent event) {
        // Redis first: down, it answers 503 before anything is written to Notion
        schedule.checkAvailable();
        List<String> cancelled =
                schedule.cancelSendsOf(event.email(), event.sequences(), "ended by Calendly " + event.event());
        List<TrackerRecord> records = new ArrayList<>();
        for (TrackerRecord record : trackers.findByEmail(event.email())) {
            for (String key : event.sequences()) {
                Sequence sequence = Sequences.get(key);
                if (record.tracks(sequence)) records.add(record);
            }
        }
        int marked = 0;
        for (TrackerRecord record : records) {
            if (mark(record, event)) marked++;
        }
        boolean enrolled = !cancelled.isEmpty() || !records.isEmpty();
        log.info("calendly.sequences_ended")
                .with("calendly_event", event.event())
                .with("email", event.email())
                .with("sequences", String.join(",", event.sequences()))
                .with("cancelled_sends", cancelled.size())
                .with("trackers_marked", marked)
                .with("outcome", enrolled ? "ended" : "not_enrolled")
                .write();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", enrolled ? "ended" : "not_enrolled");
        answer.put("event", event.event());
        answer.put("email", event.email());
        ArrayNode sequences = answer.putArray("sequences");
        event.sequences().forEach(sequences::add);
        ArrayNode list = answer.putArray("cancelled_sends");
        cancelled.forEach(list::add);
        answer.put("trackers_marked", marked);
        answer.put("timestamp", clock.instant().toString());
        return answer;
    }

    /** Marks one record; false when it was completed already (a retry, an unsubscribe, an earlier exit). */
    private boolean mark(TrackerRecord record, SequenceEndingEvent event) {
        if (record.sequenceCompleted()) return false;
        try {
            notion.updatePage(
                    record.id(),
                    new PropertyValues()
                            .checkbox(SEQUENCE_COMPLETED, true)
                            .richText(EXIT_REASON, "Calendly " + event.event())
                            .date(EXITED_AT, clock.instant())
                            .build());
        } catch (ProviderException rejected) {
            if (rejected.retryable()) throw rejected;
            // Most likely the database lacks the exit properties: mark what exists.
            log.warn("calendly.tracker_property_missing")
                    .with("email", event.email())
                    .with("sequence_id", record.id())
                    .with(
                            "detail",
                            "add '" + EXIT_REASON + "' (text) and '" + EXITED_AT
                                    + "' (date) properties to the Email Sequence database")
                    .error(rejected)
                    .write();
            notion.updatePage(
                    record.id(),
                    new PropertyValues().checkbox(SEQUENCE_COMPLETED, true).build());
        }
        return true;
    }
}
