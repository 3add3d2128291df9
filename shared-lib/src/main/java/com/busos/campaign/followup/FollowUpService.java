package com.busos.campaign.followup;

import com.busos.campaign.config.Setting;
import com.busos.campaign.enrolment.Enrolment;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.TrackerRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a follow-up sequence (no-show, post-call or onboarding) for a validated request: one tracker
 * record per address and sequence, and its three emails on the schedule.
 *
 * <p>Steps: Redis must be reachable (else 503 before anything is written); every tracker record of the
 * address is looked at, and if one already tracks this sequence the answer is {@code skipped}; the
 * BusinessX contact is looked up, and a missing one only gives a warning ({@code contact_id: null});
 * the tracker record is created and the emails scheduled.
 *
 * <p>A repeated call for an existing record is answered {@code skipped} and schedules nothing, with one
 * exception: a record created less than {@link #RESUME_WINDOW} ago, with no email sent and none of
 * its sends known to the schedule, is the trace of a call that failed halfway (Notion written, then
 * Redis lost), so the retry schedules its emails and answers {@code accepted}. Older records are left alone: one of the Prefect
 * system whose emails never went out must not start weeks late.
 *
 * <p>A suppressed address (unsubscribed, bounced, complained) is answered {@code skipped} with the reason
 * {@code suppressed} and nothing is written. Starting onboarding is a conversion: the address's pending
 * sales sends (5-day, no-show, post-call) are cancelled and listed as {@code cancelled_sends}.
 */
public final class FollowUpService {
    /** calendly-noshow, postcall-maybe, onboarding-start (CALENDLY_SIGNING_KEY is optional). */
    public static final List<Setting> SETTINGS =
            List.of(Setting.NOTION_TOKEN, Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.NOTION_BUSINESSX_DB_ID);

    /** How long after its creation a record with nothing sent counts as an unfinished call to complete. */
    public static final Duration RESUME_WINDOW = Duration.ofHours(24);
    /** Sequences whose start ends others: a paying customer gets no more sales emails. */
    public static final Map<String, List<String>> EXITS =
            Map.of(Sequences.ONBOARDING, List.of(Sequences.FIVE_DAY, Sequences.NOSHOW, Sequences.POSTCALL));

    private final Enrolment enrolment;

    /** A suppressed address (in the enrolment's suppression list) is skipped: nothing is written. */
    public FollowUpService(Enrolment enrolment) {
        this.enrolment = enrolment;
    }

    public ObjectNode start(FollowUp request) {
        Sequence sequence = request.sequence();
        request.logWarnings(enrolment.log);
        // Redis first: if it is down, answer 503 before anything is written to Notion.
        enrolment.schedule.checkAvailable();
        if (enrolment.suppressions.isSuppressed(request.email())) {
            enrolment
                    .log
                    .info("followup.skipped")
                    .with("email", request.email())
                    .with("sequence", sequence.key())
                    .with("outcome", "suppressed")
                    .write();
            ObjectNode answer = base("skipped", request);
            answer.put("reason", "suppressed");
            answer.put("timestamp", enrolment.clock.instant().toString());
            return answer;
        }

        enrolment.admit(request.email(), sequence);
        Optional<TrackerRecord> existing = enrolment.existingRecord(request.email(), sequence);
        if (existing.isPresent() && !unfinished(existing.get(), sequence)) {
            ObjectNode answer = skipped(request, sequence, existing.get());
            // a retry after a call that failed between scheduling and cancelling finishes the exit
            exitOtherSequences(request, sequence, answer);
            return answer;
        }

        Optional<String> contactId = enrolment.contacts.findId(request.email());
        if (contactId.isEmpty()) {
            enrolment
                    .log
                    .warn("contact.not_found")
                    .with("email", request.email())
                    .with("sequence", sequence.key())
                    .with("detail", "no BusinessX contact; the sequence goes on without one")
                    .write();
        }

        TrackerRecord record =
                existing.orElseGet(() -> enrolment.trackers.create(trackerProperties(request, sequence)));
        enrolment.remember(request.email(), sequence, record);
        List<SequenceScheduler.Entry> scheduled =
                enrolment.scheduler.schedule(sequence, record.id(), request.email(), request.fields(), List.of());

        enrolment
                .log
                .info("followup.accepted")
                .with("email", request.email())
                .with("sequence", sequence.key())
                .with("sequence_id", record.id())
                .with("contact_id", contactId.orElse(null))
                .with(
                        "scheduled",
                        scheduled.stream().filter(e -> !e.alreadyScheduled()).count())
                .write();
        ObjectNode answer = base("accepted", request);
        answer.put("message", request.acceptedMessage());
        request.addAnswerFields(answer);
        answer.put("sequence_id", record.id());
        if (contactId.isPresent()) answer.put("contact_id", contactId.get());
        else answer.putNull("contact_id");
        answer.set("scheduled_emails", SequenceScheduler.Entry.toJson(scheduled));
        exitOtherSequences(request, sequence, answer);
        answer.put("timestamp", enrolment.clock.instant().toString());
        return answer;
    }

    /** Cancels the address's pending sends of the sequences this one ends ({@link #EXITS}). */
    private void exitOtherSequences(FollowUp request, Sequence sequence, ObjectNode answer) {
        List<String> ended = EXITS.get(sequence.key());
        if (ended == null) return;
        List<String> cancelled =
                enrolment.schedule.cancelSendsOf(request.email(), ended, "converted: " + sequence.key() + " started");
        ArrayNode list = answer.putArray("cancelled_sends");
        cancelled.forEach(list::add);
        if (!cancelled.isEmpty()) {
            enrolment
                    .log
                    .info("followup.exit_sequences")
                    .with("email", request.email())
                    .with("sequence", sequence.key())
                    .with("ended", String.join(",", ended))
                    .with("cancelled_sends", cancelled.size())
                    .write();
        }
    }

    /** A record of a call that stopped before its emails were scheduled (see the class comment). */
    private boolean unfinished(TrackerRecord record, Sequence sequence) {
        if (!record.sentEmailNumbers().isEmpty()) return false;
        for (SequenceEmail email : sequence.scheduledEmails()) {
            if (!enrolment
                    .schedule
                    .inspect(ScheduledSend.idOf(sequence.key(), record.id(), email.number()))
                    .isEmpty()) return false;
        }
        Optional<String> created = record.page().dateStart("Sequence Created");
        if (created.isEmpty()) return false;
        try {
            Instant at = OffsetDateTime.parse(created.get()).toInstant();
            return at.isAfter(enrolment.clock.instant().minus(RESUME_WINDOW));
        } catch (DateTimeParseException notAnInstant) {
            return false;
        }
    }

    private ObjectNode skipped(FollowUp request, Sequence sequence, TrackerRecord record) {
        enrolment
                .log
                .info("followup.skipped")
                .with("email", request.email())
                .with("sequence", sequence.key())
                .with("existing_sequence_id", record.id())
                .with("outcome", request.duplicateReason())
                .write();
        ObjectNode answer = base("skipped", request);
        answer.put("reason", request.duplicateReason());
        answer.put("existing_sequence_id", record.id());
        answer.put("timestamp", enrolment.clock.instant().toString());
        return answer;
    }

    private ObjectNode base(String status, FollowUp request) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", status);
        answer.put("email", request.email());
        answer.put("campaign", FollowUp.ANSWER_CAMPAIGN);
        return answer;
    }

    private ObjectNode trackerProperties(FollowUp request, Sequence sequence) {
        PropertyValues properties = new PropertyValues()
                .email("Email", request.email())
                .richText("First Name", request.firstName())
                .richText("Business Name", request.businessName())
                .select(
                        "Template Type",
                        sequence.templateType()
                                .orElseThrow(() -> new IllegalStateException(
                                        "sequence " + sequence.key() + " has no Template Type")))
                .select("Campaign", enrolment.campaignName)
                .date("Sequence Created", enrolment.clock.instant())
                .checkbox("Sequence Completed", false);
        request.addTrackerProperties(properties);
        return properties.build();
    }
}
