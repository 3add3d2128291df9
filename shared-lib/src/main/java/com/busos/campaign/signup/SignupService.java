package com.busos.campaign.signup;

import com.busos.campaign.config.Setting;
import com.busos.campaign.enrolment.Enrolment;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Segment;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.TrackerRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A lead signed up: record the assessment on the contact, find or create the 5-day tracker record,
 * and schedule emails 2–5 (the website sends email 1). The answer says what was done, after it was
 * done, so a caller may retry a failure safely: every step is idempotent.
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
        enrolment.schedule.checkAvailable();
        if (enrolment.suppressions.isSuppressed(signup.email())) {
            enrolment
                    .log
                    .info("signup.skipped")
                    .with("email", signup.email())
                    .with("sequence", fiveDay.key())
                    .with("outcome", "suppressed")
                    .write();
            ObjectNode answer = base("skipped", signup.email());
            answer.put("reason", "suppressed");
            return answer;
        }

        enrolment.admit(signup.email(), fiveDay);
        Optional<TrackerRecord> existing = enrolment.existingRecord(signup.email(), fiveDay);
        List<Integer> sent = existing.map(TrackerRecord::sentEmailNumbers).orElse(List.of());
        List<Integer> sentBySystem = sent.stream().filter(n -> n >= 2).collect(Collectors.toList());
        if (!sentBySystem.isEmpty()) {
            enrolment
                    .log
                    .info("signup.skipped")
                    .with("email", signup.email())
                    .with("sequence", fiveDay.key())
                    .with("sequence_id", existing.get().id())
                    .with("outcome", "already_in_sequence")
                    .write();
            ObjectNode answer = base("skipped", signup.email());
            answer.put("reason", "already_in_sequence");
            answer.put("sequence_id", existing.get().id());
            ArrayNode emailsSent = answer.putArray("emails_sent");
            sent.forEach(emailsSent::add);
            return answer;
        }

        String segment =
                Segment.classify(signup.redSystems(), signup.orangeSystems()).name();
        Optional<String> contactId = enrolment.contacts.findId(signup.email());
        if (contactId.isPresent()) {
            enrolment.contacts.updateAssessment(contactId.get(), signup.assessmentScore(), segment);
        } else {
            enrolment
                    .log
                    .warn("contact.not_found")
                    .with("email", signup.email())
                    .with("detail", "no BusinessX contact; the sequence goes on without one")
                    .write();
        }

        TrackerRecord record = existing.orElseGet(() -> enrolment.trackers.create(trackerProperties(signup, segment)));
        enrolment.remember(signup.email(), fiveDay, record);
        List<SequenceScheduler.Entry> scheduled =
                enrolment.scheduler.schedule(fiveDay, record.id(), signup.email(), signup.fields(segment), sent);

        enrolment
                .log
                .info("signup.accepted")
                .with("email", signup.email())
                .with("sequence", fiveDay.key())
                .with("sequence_id", record.id())
                .with("segment", segment)
                .with("tracker", existing.isPresent() ? "reused" : "created")
                .with(
                        "scheduled",
                        scheduled.stream().filter(e -> !e.alreadyScheduled()).count())
                .write();
        ObjectNode answer = base("accepted", signup.email());
        answer.put("message", "Christmas signup received and email sequence scheduled");
        answer.put("sequence_id", record.id());
        if (contactId.isPresent()) answer.put("contact_id", contactId.get());
        else answer.putNull("contact_id");
        answer.put("segment", segment);
        answer.set("scheduled_emails", SequenceScheduler.Entry.toJson(scheduled));
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
