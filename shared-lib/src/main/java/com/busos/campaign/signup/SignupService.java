package com.busos.campaign.signup;

import com.busos.campaign.config.Setting;
import com.busos.campaign.enrolment.Enrolment;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Segment;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A lead signed up: taken in, in one atomic Redis write, with emails 2–5 scheduled (the website sends
 * email 1) and a CRM job that records the assessment on the contact and finds or creates the 5-day
 * tracker record in Notion later, behind the schedule. No Notion request is made here, so the website
 * gets its answer in milliseconds; a repeated signup changes nothing and is answered from Redis.
 */
public final class SignupService {
    /** The settings christmas-signup cannot work without. */
    public static final List<Setting> SETTINGS =
            List.of(Setting.NOTION_TOKEN, Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.NOTION_BUSINESSX_DB_ID);

    private final Enrolment enrolment;

    /** A suppressed address (in the enrolment's suppression list) is skipped: nothing is written. */
    public SignupService(Enrolment enrolment) {
        this.enrolment = enrolment;
    }

    public ObjectNode signup(Signup signup) {
        Sequence fiveDay = Sequences.get(Sequences.FIVE_DAY);
        // Redis first: if it is down, answer 503 before anything is written to Notion.
        if (enrolment.suppressed(signup.email(), fiveDay, "signup.skipped")) {
            ObjectNode answer = base("skipped", signup.email());
            answer.put("reason", "suppressed");
            return answer;
        }

        String segment =
                Segment.classify(signup.redSystems(), signup.orangeSystems()).name();
        Enrolment.Taken taken = enrolment.enrol(
                fiveDay,
                signup.email(),
                signup.fields(segment),
                () -> trackerProperties(signup, segment),
                signup.assessmentScore(),
                segment);
        if (!taken.enrolledNow) return repeated(signup, fiveDay, segment, taken.sequenceId);

        enrolment
                .line("signup.accepted", signup.email(), fiveDay)
                .with("sequence_id", taken.sequenceId)
                .with("segment", segment)
                .with("scheduled", taken.emails.size())
                .write();
        return accepted(signup, segment, taken.sequenceId, taken.emails);
    }

    /**
     * The answer to a signup of an address already in the 5-day sequence, from Redis: skipped once E2 or
     * later was sent (by this system, or as its tracker record showed), otherwise what the first call
     * answered (the same sequence id and emails, each {@code already_scheduled}).
     */
    private ObjectNode repeated(Signup signup, Sequence fiveDay, String segment, String sequenceId) {
        List<SequenceScheduler.Entry> emails = enrolment.emailsOf(fiveDay, sequenceId);
        List<Integer> sent = enrolment.sent(sequenceId, emails);
        if (sent.stream().anyMatch(number -> number >= 2)) {
            enrolment
                    .line("signup.skipped", signup.email(), fiveDay)
                    .with("sequence_id", sequenceId)
                    .with("outcome", "already_in_sequence")
                    .write();
            ObjectNode answer = base("skipped", signup.email());
            answer.put("reason", "already_in_sequence");
            answer.put("sequence_id", sequenceId);
            ArrayNode emailsSent = answer.putArray("emails_sent");
            sent.forEach(emailsSent::add);
            return answer;
        }
        return accepted(signup, segment, sequenceId, emails);
    }

    private ObjectNode accepted(
            Signup signup, String segment, String sequenceId, List<SequenceScheduler.Entry> emails) {
        ObjectNode answer = base("accepted", signup.email());
        answer.put("message", "Christmas signup received and email sequence scheduled");
        answer.put("sequence_id", sequenceId);
        answer.put("segment", segment);
        answer.set("scheduled_emails", SequenceScheduler.Entry.toJson(emails));
        return answer;
    }

    private ObjectNode base(String status, String email) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", status);
        answer.put("email", email);
        answer.put("campaign", enrolment.campaignName);
        answer.put("timestamp", enrolment.clock.instant().toString());
        return answer;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode trackerProperties(Signup signup, String segment) {
        return new PropertyValues()
                .email("Email", signup.email())
                .richText("First Name", signup.firstName())
                .richText("Business Name", signup.businessName())
                .number("Assessment Score", signup.assessmentScore())
                .number("Red Systems", signup.redSystems())
                .number("Orange Systems", signup.orangeSystems())
                .number("Yellow Systems", signup.yellowSystems())
                .number("Green Systems", signup.greenSystems())
                .select("Campaign", enrolment.campaignName)
                .date("Signup Date", enrolment.clock.instant())
                .checkbox("Sequence Completed", false)
                .checkbox("Assessment Completed", true)
                .select("Segment", segment)
                .build();
    }
}
