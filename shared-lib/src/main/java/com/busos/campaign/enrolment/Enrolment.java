package com.busos.campaign.enrolment;

import com.busos.campaign.crm.CrmJob;
import com.busos.campaign.intake.IntakeLimitException;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Intake;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.suppression.Suppressions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;

/**
 * Putting a contact on a sequence, shared by the signup and the follow-ups, in Redis only: the
 * suppression list (a suppressed address is skipped: nothing is written), the day's cap on new
 * enrolments, and the intake itself: one atomic write of the enrolment, its CRM job (the tracker
 * record and contact in Notion, done later by the dispatcher) and its emails. No Notion or Resend
 * request is made on the way.
 */
@RequiredArgsConstructor
public final class Enrolment {
    public final Schedule schedule;
    public final SequenceScheduler scheduler;
    public final Suppressions suppressions;
    /** New enrolments a UTC day (0: no cap), over the sequences that count toward it. */
    public final int dailyCap;

    public final Clock clock;
    public final String campaignName;
    public final Log log;

    /** What an intake did: the sequence id, whether it enrolled now, and its emails as answered. */
    public static final class Taken {
        public final String sequenceId;
        public final boolean enrolledNow;
        public final List<SequenceScheduler.Entry> emails;

        Taken(String sequenceId, boolean enrolledNow, List<SequenceScheduler.Entry> emails) {
            this.sequenceId = sequenceId;
            this.enrolledNow = enrolledNow;
            this.emails = List.copyOf(emails);
        }
    }

    /**
     * Asked first by every intake: Redis is up (else the 503 {@link Schedule#checkAvailable} throws, before
     * anything is written), and the address is not suppressed. A suppressed one answers true, logged as
     * {@code event} with the outcome {@code suppressed}: the caller skips it and writes nothing.
     */
    public boolean suppressed(String email, Sequence sequence, String event) {
        schedule.checkAvailable();
        if (!suppressions.isSuppressed(email)) return false;
        line(event, email, sequence).with("outcome", "suppressed").write();
        return true;
    }

    /** An intake's log line: the event, the address and the sequence. */
    public Log.Line line(String event, String email, Sequence sequence) {
        return log.info(event).with("email", email).with("sequence", sequence.key());
    }

    /**
     * The address's place in {@code sequence}: the enrolment it has ({@code enrolledNow} false, no emails
     * read), or a new one let in under the day's cap ({@link #admit}) and taken ({@link #take}); the
     * tracker properties are built only for a new one.
     */
    public Taken enrol(
            Sequence sequence,
            String email,
            Map<String, String> fields,
            Supplier<ObjectNode> trackerProperties,
            Integer assessmentScore,
            String segment) {
        Optional<String> known = enrolled(email, sequence);
        if (known.isPresent()) return new Taken(known.get(), false, List.of());
        admit(email, sequence);
        return take(sequence, email, fields, trackerProperties.get(), assessmentScore, segment);
    }

    /** The sequence id the address (normalised) is enrolled with in {@code sequence}, if it is. */
    public Optional<String> enrolled(String email, Sequence sequence) {
        return schedule.enrolledRecord(campaignName, sequence.key(), email);
    }

    /**
     * Enrols the address in {@code sequence}, in one atomic step: its CRM job (tracker record from
     * {@code trackerProperties}; the contact's assessment when {@code assessmentScore} is set) due now,
     * and its emails, the first waiting for that job. An address enrolled meanwhile is left as it is.
     */
    public Taken take(
            Sequence sequence,
            String email,
            Map<String, String> fields,
            ObjectNode trackerProperties,
            Integer assessmentScore,
            String segment) {
        String sequenceId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        CrmJob job = CrmJob.enrol(sequenceId, sequence.key(), email, trackerProperties, assessmentScore, segment, now);
        SequenceScheduler.Plan plan = scheduler.plan(sequence, sequenceId, email, fields, job.id());
        List<Intake.Entry> entries = new ArrayList<>();
        entries.add(new Intake.Entry(job.id(), now, job.toJson(), true, null));
        entries.addAll(plan.entries);
        Schedule.IntakeResult result =
                schedule.intake(new Intake(campaignName, sequence.key(), email, sequenceId, entries));
        if (result.enrolledNow) return new Taken(sequenceId, true, plan.answer);
        return new Taken(result.sequenceId, false, scheduler.scheduled(sequence, result.sequenceId));
    }

    /** The emails of an enrolled sequence as they stand, for answering a repeated call. */
    public List<SequenceScheduler.Entry> emailsOf(Sequence sequence, String sequenceId) {
        return scheduler.scheduled(sequence, sequenceId);
    }

    /**
     * The numbers of the sequence's emails sent: delivered by this system ({@code emails}, as read by
     * {@link #emailsOf}), or shown sent on the tracker record its CRM job found (the website's E1, an
     * earlier run's emails).
     */
    public List<Integer> sent(String sequenceId, List<SequenceScheduler.Entry> emails) {
        java.util.SortedSet<Integer> numbers = new java.util.TreeSet<>(schedule.sentElsewhere(sequenceId));
        for (SequenceScheduler.Entry email : emails) {
            if (email.delivered()) numbers.add(email.emailNumber());
        }
        return new ArrayList<>(numbers);
    }

    /**
     * Lets the address's enrolment in {@code sequence} go ahead under the day's cap (UTC days): refused with
     * {@link IntakeLimitException} (until the next day) once {@link #dailyCap} new ones were let in today.
     * An address already enrolled, or already let in today (a repeated webhook), always goes ahead, and
     * a sequence that does not count toward the cap (onboarding: a paying customer) is never refused.
     * Asked before anything is written.
     */
    public void admit(String email, Sequence sequence) {
        if (dailyCap == 0 || !sequence.countsTowardDailyCap()) return;
        Instant now = clock.instant();
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        if (schedule.admitEnrolment(campaignName, sequence.key(), email, today, dailyCap)) return;
        Instant tomorrow = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        throw new IntakeLimitException(
                "the campaign takes at most " + dailyCap + " new enrolments a day and today's are taken",
                Duration.between(now, tomorrow));
    }
}
