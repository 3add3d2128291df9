package com.busos.campaign.followup;

import com.busos.campaign.config.Setting;
import com.busos.campaign.enrolment.Enrolment;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Starts a follow-up sequence (no-show, post-call or onboarding) for a validated request: one
 * enrolment per address and sequence, taken in with one atomic Redis write (its three emails, and the
 * CRM job that finds or creates its tracker record in Notion later, behind the schedule). No Notion
 * request is made here. A repeated call is answered {@code skipped} from Redis and changes nothing.
 *
 * <p>A suppressed address (unsubscribed, bounced, complained) is answered {@code skipped} with the reason
 * {@code suppressed} and nothing is written. Starting onboarding is a conversion: the address's pending
 * sales sends (5-day, no-show, post-call) are cancelled and listed as {@code cancelled_sends}.
 */
public final class FollowUpService {
    /** calendly-noshow, postcall-maybe, onboarding-start (CALENDLY_SIGNING_KEY is optional). */
    public static final List<Setting> SETTINGS =
            List.of(Setting.NOTION_TOKEN, Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.NOTION_BUSINESSX_DB_ID);

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
        if (enrolment.suppressed(request.email(), sequence, "followup.skipped")) {
            ObjectNode answer = base("skipped", request);
            answer.put("reason", "suppressed");
            answer.put("timestamp", enrolment.clock.instant().toString());
            return answer;
        }

        Enrolment.Taken taken = enrolment.enrol(
                sequence, request.email(), request.fields(), () -> trackerProperties(request, sequence), null, null);
        if (!taken.enrolledNow) return repeated(request, sequence, taken.sequenceId);

        enrolment
                .line("followup.accepted", request.email(), sequence)
                .with("sequence_id", taken.sequenceId)
                .with("scheduled", taken.emails.size())
                .write();
        ObjectNode answer = base("accepted", request);
        answer.put("message", request.acceptedMessage());
        request.addAnswerFields(answer);
        answer.put("sequence_id", taken.sequenceId);
        answer.set("scheduled_emails", SequenceScheduler.Entry.toJson(taken.emails));
        exitOtherSequences(request, sequence, answer);
        answer.put("timestamp", enrolment.clock.instant().toString());
        return answer;
    }

    /**
     * A follow-up for an address already in the sequence: {@code skipped}, from Redis, with the
     * sequence's emails as they stand; the exit of the sequences it ends is made again (idempotent), so a
     * retry after a call cut off in between finishes it.
     */
    private ObjectNode repeated(FollowUp request, Sequence sequence, String sequenceId) {
        enrolment
                .line("followup.skipped", request.email(), sequence)
                .with("existing_sequence_id", sequenceId)
                .with("outcome", request.duplicateReason())
                .write();
        ObjectNode answer = base("skipped", request);
        answer.put("reason", request.duplicateReason());
        answer.put("existing_sequence_id", sequenceId);
        answer.set("scheduled_emails", SequenceScheduler.Entry.toJson(enrolment.emailsOf(sequence, sequenceId)));
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
                    .line("followup.exit_sequences", request.email(), sequence)
                    .with("ended", String.join(",", ended))
                    .with("cancelled_sends", cancelled.size())
                    .write();
        }
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
