package com.busos.campaign.enrolment;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.intake.IntakeLimitException;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.tracker.Contacts;
import com.busos.campaign.tracker.TrackerRecord;
import com.busos.campaign.tracker.Trackers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What putting a contact on a sequence needs, shared by the signup and the follow-ups: the tracker
 * records and BusinessX contacts in Notion, the schedule and its scheduler, the suppression list (a
 * suppressed address is skipped: nothing is written), the day's cap on new enrolments, the clock, the
 * campaign's name and the log.
 */
public final class Enrolment {
    public final Trackers trackers;
    public final Contacts contacts;
    public final Schedule schedule;
    public final SequenceScheduler scheduler;
    public final Suppressions suppressions;
    /** New enrolments a UTC day (0: no cap), over the sequences that count toward it. */
    public final int dailyCap;

    public final Clock clock;
    public final String campaignName;
    public final Log log;

    public Enrolment(
            Trackers trackers,
            Contacts contacts,
            Schedule schedule,
            SequenceScheduler scheduler,
            Suppressions suppressions,
            int dailyCap,
            Clock clock,
            String campaignName,
            Log log) {
        this.trackers = trackers;
        this.contacts = contacts;
        this.schedule = schedule;
        this.scheduler = scheduler;
        this.suppressions = suppressions;
        this.dailyCap = dailyCap;
        this.clock = clock;
        this.campaignName = campaignName;
        this.log = log;
    }

    /**
     * The address's tracker record for {@code sequence}: first by the normalised address in Redis (so
     * {@code Lead@Example.com} and {@code lead@example.com} are one enrolment, which Notion's exact
     * email filter would not see), then by the address as typed in Notion.
     */
    public Optional<TrackerRecord> existingRecord(String email, Sequence sequence) {
        Optional<String> known = schedule.enrolledRecord(campaignName, sequence.key(), email);
        if (known.isPresent()) {
            try {
                return Optional.of(trackers.get(known.get()));
            } catch (ProviderException gone) {
                if (gone.status() != 404) throw gone;
                // the record was deleted in Notion: look the address up again
            }
        }
        return trackers.findFor(email, sequence);
    }

    /** Remembers {@code record} as the address's enrolment in {@code sequence} (by its normalised form). */
    public void remember(String email, Sequence sequence, TrackerRecord record) {
        schedule.recordEnrolment(campaignName, sequence.key(), email, record.id());
    }

    /**
     * Lets the address's enrolment in {@code sequence} go ahead under the day's cap (UTC days): refused with
     * {@link IntakeLimitException} (until the next day) once {@link #dailyCap} new ones were let in today.
     * An address already enrolled, or already let in today (a repeated webhook), always goes ahead, and
     * a sequence that does not count toward the cap (onboarding: a paying customer) is never refused.
     * Asked before anything is written or looked up in Notion.
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
