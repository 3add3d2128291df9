package com.busos.campaign.enrolment;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.tracker.Contacts;
import com.busos.campaign.tracker.TrackerRecord;
import com.busos.campaign.tracker.Trackers;
import java.time.Clock;
import java.util.Optional;

/**
 * What putting a contact on a sequence needs, shared by the signup and the follow-ups: the tracker
 * records and BusinessX contacts in Notion, the schedule and its scheduler, the suppression list (a
 * suppressed address is skipped: nothing is written), the clock, the campaign's name and the log.
 */
public final class Enrolment {
    public final Trackers trackers;
    public final Contacts contacts;
    public final Schedule schedule;
    public final SequenceScheduler scheduler;
    public final Suppressions suppressions;
    public final Clock clock;
    public final String campaignName;
    public final Log log;

    public Enrolment(
            Trackers trackers,
            Contacts contacts,
            Schedule schedule,
            SequenceScheduler scheduler,
            Suppressions suppressions,
            Clock clock,
            String campaignName,
            Log log) {
        this.trackers = trackers;
        this.contacts = contacts;
        this.schedule = schedule;
        this.scheduler = scheduler;
        this.suppressions = suppressions;
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
}
