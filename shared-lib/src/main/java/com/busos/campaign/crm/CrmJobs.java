package com.busos.campaign.crm;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.DataSourceConfigurationException;
import com.busos.campaign.schedule.Backoff;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.Analytics;
import com.busos.campaign.tracker.Contacts;
import com.busos.campaign.tracker.TrackerRecord;
import com.busos.campaign.tracker.Trackers;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lombok.RequiredArgsConstructor;

/**
 * Schedules the CRM writes that follow an email and runs one claimed job: one Notion request each, then
 * acknowledged. A failure that may pass is retried later with backoff (Notion's Retry-After honoured);
 * one that cannot is dead-lettered with its reason, listed and requeued through campaign-admin like a
 * send. Without the analytics database, analytics jobs are neither scheduled nor run.
 */
@RequiredArgsConstructor
public final class CrmJobs {
    /** How soon a job held for a Notion configuration error is tried again. */
    static final Duration CONFIGURATION_RETRY = Duration.ofMinutes(5);

    private final Schedule schedule;
    private final Trackers trackers;
    private final Contacts contacts;
    private final Optional<Analytics> analytics;
    private final Clock clock;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Log log;

    /** Whether the analytics database is set, so each email has an analytics job. */
    public boolean analyticsOn() {
        return analytics.isPresent();
    }

    /** Schedules the mirror of a delivered email: {@code Email N Sent}, and its analytics page. */
    public void delivered(
            String sendId,
            String email,
            String sequenceId,
            int emailNumber,
            String template,
            String resendId,
            Instant sentAt) {
        add(CrmJob.markSent(sendId, email, sequenceId, emailNumber, sentAt));
        if (analyticsOn()) add(CrmJob.analyticsSent(sendId, email, template, emailNumber, resendId, sentAt));
    }

    /** Schedules the analytics page of a dead-lettered email. */
    public void failed(String sendId, String email, String template, int emailNumber, String reason) {
        if (analyticsOn()) add(CrmJob.analyticsFailed(sendId, email, template, emailNumber, reason, clock.instant()));
    }

    private void add(CrmJob job) {
        schedule.addJob(job.id(), clock.instant(), job.toJson(), job.email());
    }

    /** Runs one claimed job to its outcome: done, retried later, or dead-lettered. */
    public ObjectNode run(ClaimedSend claim) {
        Instant started = clock.instant();
        CrmJob job;
        try {
            job = CrmJob.fromJson(claim.payload());
        } catch (IllegalArgumentException unreadable) {
            return deadLetter(claim, null, unreadable.getMessage(), started);
        }
        try {
            String outcome = write(job);
            // Its state is done (or skipped): finished, so what waits for it goes ahead.
            schedule.ack(claim, "skipped".equals(outcome) ? "skipped" : "done");
            line(log.info("crm." + outcome), claim, job, started).write();
            return result(outcome, claim, job);
        } catch (ProviderException failure) {
            if (!failure.retryable()) return deadLetter(claim, job, failure.getMessage(), started);
            Duration wait = backoff.delay(claim.attempt(), failure.retryAfter());
            return retryLater(claim, job, failure.getMessage(), wait, started);
        } catch (DataSourceConfigurationException misconfigured) {
            return hold(claim, job, misconfigured.getMessage(), started);
        } catch (NoTrackerRecord missing) {
            return deadLetter(claim, job, missing.getMessage(), started);
        } catch (ScheduleUnavailableException unavailable) {
            throw unavailable; // nothing more can be recorded; the lease brings the job back
        } catch (RuntimeException unexpected) {
            String reason = unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage();
            return retryLater(claim, job, reason, backoff.delay(claim.attempt()), started);
        }
    }

    /** The job's one Notion request; its outcome: {@code done}, or {@code skipped} when it has nothing to write. */
    private String write(CrmJob job) {
        switch (job.type) {
            case ENROL:
                return enrol(job);
            case MARK_SENT:
                trackers.markSent(trackerOf(job), job.emailNumber, job.at);
                return "done";
            case ANALYTICS_SENT:
                if (analytics.isEmpty()) return "skipped";
                analytics.get().recordSent(job.email, job.template, job.emailNumber, job.resendId, job.at);
                return "done";
            case ANALYTICS_FAILED:
                if (analytics.isEmpty()) return "skipped";
                analytics.get().recordFailed(job.email, job.template, job.emailNumber, job.reason, job.at);
                return "done";
            default:
                throw new IllegalStateException("unknown CRM job " + job.type);
        }
    }

    /**
     * The enrolment's tracker record: the one the website (or an earlier run) made for the address and
     * sequence, reused, or a new one. A record that shows the lead had the sequence before
     * ({@link #hadTheSequence}) stops it: its new emails are cancelled, as the webhook once answered
     * "already in sequence" or "duplicate". Otherwise the signup's assessment goes on the BusinessX
     * contact (when there is one).
     */
    private String enrol(CrmJob job) {
        Sequence sequence = Sequences.get(job.sequence);
        Optional<TrackerRecord> found = trackers.findFor(job.email, sequence);
        TrackerRecord record = found.orElseGet(() -> trackers.create((ObjectNode) job.trackerProperties.deepCopy()));
        if (found.isPresent() && hadTheSequence(sequence, record)) {
            List<String> cancelled = schedule.cancelSendsOf(
                    job.email,
                    List.of(sequence.key()),
                    "already_in_sequence: tracker " + record.id() + " shows " + record.sentEmailNumbers());
            log.info("crm.already_in_sequence")
                    .with("email", job.email)
                    .with("sequence", sequence.key())
                    .with("tracker", record.id())
                    .with("cancelled_sends", cancelled.size())
                    .write();
            schedule.recordSentElsewhere(job.sequenceId, record.sentEmailNumbers());
            schedule.recordTracker(job.sequenceId, record.id());
            return "already_in_sequence"; // the contact is left as it is
        }
        schedule.recordTracker(job.sequenceId, record.id());
        Optional<String> contact = contacts.findId(job.email);
        if (contact.isPresent() && job.assessmentScore != null) {
            contacts.updateAssessment(contact.get(), job.assessmentScore, job.segment);
        } else if (contact.isEmpty()) {
            log.warn("contact.not_found")
                    .with("email", job.email)
                    .with("sequence", sequence.key())
                    .with("detail", "no BusinessX contact; the sequence goes on without one")
                    .write();
        }
        return "done";
    }

    /**
     * Whether an existing tracker record means the lead had this sequence before: for the 5-day
     * sequence, once this system's E2 or later shows sent (the website makes the record and sends E1);
     * for a follow-up, any record of it (the webhook's answer used to be "duplicate").
     */
    private static boolean hadTheSequence(Sequence sequence, TrackerRecord record) {
        if (!sequence.emails().get(0).sentByWebsite()) return true;
        return record.sentEmailNumbers().stream().anyMatch(number -> number >= 2);
    }

    /**
     * The tracker record of a mirror job's sequence: recorded by its enrolment job; a sequence taken in
     * before intake moved to Redis is known by its tracker record's id itself.
     */
    private String trackerOf(CrmJob job) {
        Optional<String> tracker = schedule.trackerOf(job.sequenceId);
        if (tracker.isPresent()) return tracker.get();
        if (schedule.hasSequenceRecord(job.sequenceId)) {
            throw new NoTrackerRecord("no tracker record for sequence " + job.sequenceId + ": its CRM job "
                    + CrmJob.enrolIdOf(job.sequenceId) + " did not write one (requeue it, then this job)");
        }
        return job.sequenceId;
    }

    /** The sequence's tracker record is not known: its enrolment job was dead-lettered. */
    static final class NoTrackerRecord extends RuntimeException {
        NoTrackerRecord(String message) {
            super(message);
        }
    }

    /**
     * Which Notion data source to use is not configured: the operator's fix, not this job's fault. It goes
     * back on the schedule, due again in {@link #CONFIGURATION_RETRY}, its attempt not counted, so it is
     * never dead-lettered for it (and the emails that wait for it wait too).
     */
    private ObjectNode hold(ClaimedSend claim, CrmJob job, String reason, Instant started) {
        boolean held = schedule.releaseUntil(claim, clock.instant().plus(CONFIGURATION_RETRY), reason);
        String status = held ? "held" : "stale";
        line(log.error("crm." + status), claim, job, started)
                .with("error", reason)
                .with("retry_in_s", CONFIGURATION_RETRY.getSeconds())
                .write();
        return result(status, claim, job).put("error", reason);
    }

    private ObjectNode retryLater(ClaimedSend claim, CrmJob job, String reason, Duration wait, Instant started) {
        Schedule.RetryOutcome outcome = schedule.retryLater(claim, wait, reason, maxAttempts);
        if (outcome == Schedule.RetryOutcome.DEAD) {
            line(log.error("crm.dead_lettered"), claim, job, started)
                    .with("error", reason)
                    .with("detail", "gave up after " + claim.attempt() + " attempts")
                    .write();
            return result("dead_lettered", claim, job).put("error", reason);
        }
        String status = outcome == Schedule.RetryOutcome.RETRY ? "retry_scheduled" : "stale";
        line(log.warn("crm." + status), claim, job, started)
                .with("error", reason)
                .with("retry_in_s", wait.getSeconds())
                .write();
        return result(status, claim, job).put("error", reason);
    }

    private ObjectNode deadLetter(ClaimedSend claim, CrmJob job, String reason, Instant started) {
        boolean held = schedule.deadLetter(claim, reason);
        String status = held ? "dead_lettered" : "stale";
        line(log.error("crm." + status), claim, job, started)
                .with("error", reason)
                .write();
        return result(status, claim, job).put("error", reason);
    }

    private Log.Line line(Log.Line line, ClaimedSend claim, CrmJob job, Instant started) {
        line.with("job_id", claim.id()).with("attempt", claim.attempt());
        if (job != null) {
            line.with("job", job.type.key()).with("email", job.email);
            if (job.sendId != null) line.with("send_id", job.sendId);
            if (job.sequenceId != null) line.with("sequence_id", job.sequenceId);
        }
        return line.with(
                "duration_ms", Duration.between(started, clock.instant()).toMillis());
    }

    private static ObjectNode result(String status, ClaimedSend claim, CrmJob job) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", status);
        node.put("job_id", claim.id());
        if (job != null) {
            node.put("job", job.type.key());
            if (job.sendId != null) node.put("send_id", job.sendId);
            if (job.sequenceId != null) node.put("sequence_id", job.sequenceId);
            node.put("email", job.email);
        }
        return node;
    }
}
