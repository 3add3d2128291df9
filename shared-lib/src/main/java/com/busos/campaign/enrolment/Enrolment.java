package com.busos.campaign.enrolment;

import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.tracker.Contacts;
import com.busos.campaign.tracker.Trackers;
import java.time.Clock;

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

    public Enrolment(Trackers trackers, Contacts contacts, Schedule schedule, SequenceScheduler scheduler,
                     Suppressions suppressions, Clock clock, String campaignName, Log log) {
        this.trackers = trackers;
        this.contacts = contacts;
        this.schedule = schedule;
        this.scheduler = scheduler;
        this.suppressions = suppressions;
        this.clock = clock;
        this.campaignName = campaignName;
        this.log = log;
    }
}
