package com.busos.campaign.crm;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Backoff;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.tracker.Analytics;
import com.busos.campaign.tracker.Trackers;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Schedules the CRM writes that follow an email and runs one claimed job: one Notion request each, then
 * acknowledged. A failure that may pass is retried later with backoff (Notion's Retry-After honoured);
 * one that cannot is dead-lettered with its reason, listed and requeued through campaign-admin like a
 * send. Without the analytics database, analytics jobs are neither scheduled nor run.
 */
public final class CrmJobs {
    private final Schedule schedule;
    private final Trackers trackers;
    private final Optional<Analytics> analytics;
    private final Clock clock;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Log log;

    public CrmJobs(
            Schedule schedule,
            Trackers trackers,
            Optional<Analytics> analytics,
            Clock clock,
            Backoff backoff,
            int maxAttempts,
            Log log) {
        this.schedule = schedule;
        this.trackers = trackers;
        this.analytics = analytics;
        this.clock = clock;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.log = log;
    }

    /** Whether the analytics database is set, so each email has an analytics job. */
    public boolean analyticsOn() {
        return analytics.isPresent();
    }

    /** Schedules the mirror of a delivered email: {@code Email N Sent}, and its analytics page. */
    public void delivered(
            String sendId,
            String email,
            String trackerId,
            int emailNumber,
            String template,
            String resendId,
            Instant sentAt) {
        add(CrmJob.markSent(sendId, email, trackerId, emailNumber, sentAt));
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
            schedule.ack(claim, outcome);
            line(log.info("crm." + outcome), claim, job, started).write();
            return result(outcome, claim, job);
        } catch (ProviderException failure) {
            if (!failure.retryable()) return deadLetter(claim, job, failure.getMessage(), started);
            Duration wait = failure.retryAfter()
                    .filter(after -> after.compareTo(backoff.delay(claim.attempt())) > 0)
                    .orElse(backoff.delay(claim.attempt()));
            return retryLater(claim, job, failure.getMessage(), wait, started);
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
            case MARK_SENT:
                trackers.markSent(job.trackerId, job.emailNumber, job.at);
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
        if (job != null)
            line.with("job", job.type.key()).with("email", job.email).with("send_id", job.sendId);
        return line.with(
                "duration_ms", Duration.between(started, clock.instant()).toMillis());
    }

    private static ObjectNode result(String status, ClaimedSend claim, CrmJob job) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", status);
        node.put("job_id", claim.id());
        if (job != null) {
            node.put("job", job.type.key());
            node.put("send_id", job.sendId);
            node.put("email", job.email);
        }
        return node;
    }
}
