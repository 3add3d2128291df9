package com.busos.campaign.dispatch;

import com.busos.campaign.config.Setting;
import com.busos.campaign.deadline.Deadline;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tick of the cron-connector: claim what is due (emails, and the CRM jobs before and after them)
 * and hand each to send-email, several at once ({@link #inFlight}: the shared rate limits pace them),
 * oldest first, claiming more as hand-offs end: what one finishes can let the next entries of its
 * sequences go. The claim script keeps each sequence in order, so no two emails of one sequence are ever
 * in flight together. A claim that could not be handed over stays claimed and comes back when
 * its lease ends; the ones the tick had no time left for are released at once, keeping their place.
 * While Resend's quota is spent, no email is claimed, but the CRM jobs go on.
 */
public final class Dispatcher {
    /** email-dispatcher needs no secret: Redis and the gateway have defaults. */
    public static final List<Setting> SETTINGS = List.of();

    /** Upper bound of the sends one tick claims; the providers' rates usually bound it lower. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /**
     * Notion requests each email costs, all of them CRM jobs after it (none on the send's own path: the
     * template is cached, Redis is the record): {@code Email N Sent}.
     */
    public static final int NOTION_REQUESTS_PER_SEND = 1;
    /** How long one tick hands sends over (the cron-connector calls it every minute). */
    public static final Duration BUDGET = Duration.ofSeconds(40);
    /** Rounds one tick makes at most (a lead's chain of CRM job, emails and mirrors takes one a step). */
    static final int MAX_ROUNDS = 8;
    /** Hand-offs in flight at most, whatever the rates. */
    public static final int MAX_IN_FLIGHT = 16;

    /**
     * How many emails one tick may claim: no more than the providers' limits let through in the tick's
     * {@link #BUDGET} (each email costs one Resend request and {@code notionRequestsPerSend} Notion
     * requests in its CRM jobs), and no more than {@code batchSize}. The rest stay due for the next tick.
     */
    public static int sendsPerTick(double resendRate, double notionRate, int notionRequestsPerSend, int batchSize) {
        double sendsPerSecond = Math.min(resendRate, notionRate / notionRequestsPerSend);
        int byRate = (int) Math.max(1, Math.floor(sendsPerSecond * BUDGET.getSeconds()));
        return Math.min(byRate, batchSize);
    }

    /** How many CRM jobs one tick may claim: one Notion request each, at the Notion rate over the budget. */
    public static int jobsPerTick(double notionRate, int notionRequestsPerSend, int batchSize) {
        int byRate = (int) Math.max(1, Math.floor(notionRate * BUDGET.getSeconds()));
        return Math.min(byRate, batchSize * notionRequestsPerSend);
    }

    /**
     * Hand-offs in flight: enough to keep both providers busy at their rates when a request takes up to
     * two seconds, at least 1 and at most {@value #MAX_IN_FLIGHT}.
     */
    public static int inFlight(double resendRate, double notionRate) {
        int byRate = (int) Math.ceil((resendRate + notionRate) * 2);
        return Math.max(1, Math.min(MAX_IN_FLIGHT, byRate));
    }

    /** Notion requests per email: {@value #NOTION_REQUESTS_PER_SEND}, plus the analytics page when it is recorded. */
    public static int notionRequestsPerSend(boolean analytics) {
        return NOTION_REQUESTS_PER_SEND + (analytics ? 1 : 0);
    }

    /** Longer than send-email's own timeout, so a slow send is not claimed twice while it runs. */
    public static final Duration LEASE = Duration.ofMinutes(5);

    private final Schedule schedule;
    private final SendHandoff handoff;
    private final int batchSize;
    private final int jobBatchSize;
    private final int inFlight;
    private final int maxAttempts;
    private final Duration budget;
    private final Clock clock;
    private final Log log;

    /** One hand-off at a time, no CRM job claimed (as before CRM jobs existed). */
    public Dispatcher(
            Schedule schedule,
            SendHandoff handoff,
            int batchSize,
            int maxAttempts,
            Duration budget,
            Clock clock,
            Log log) {
        this(schedule, handoff, batchSize, 0, 1, maxAttempts, budget, clock, log);
    }

    /**
     * @param batchSize    emails a tick claims at most
     * @param jobBatchSize CRM jobs a tick claims at most
     * @param inFlight     hand-offs at once
     */
    public Dispatcher(
            Schedule schedule,
            SendHandoff handoff,
            int batchSize,
            int jobBatchSize,
            int inFlight,
            int maxAttempts,
            Duration budget,
            Clock clock,
            Log log) {
        this.schedule = schedule;
        this.handoff = handoff;
        this.batchSize = batchSize;
        this.jobBatchSize = jobBatchSize;
        this.inFlight = Math.max(1, inFlight);
        this.maxAttempts = maxAttempts;
        this.budget = budget;
        this.clock = clock;
        this.log = log;
    }

    public ObjectNode tick() {
        Instant started = clock.instant();
        // A spent sending quota: every email would fail the same way until it resets; CRM jobs go on.
        Optional<Schedule.Pause> paused = schedule.sendingPaused();
        if (paused.isPresent()) {
            log.info("dispatch.paused")
                    .with("paused_until", paused.get().until.toString())
                    .with("error", paused.get().reason)
                    .write();
        }
        Counts emails = new Counts();
        Counts jobs = new Counts();
        int emailLimit = paused.isPresent() ? 0 : batchSize;
        ExecutorService pool = Executors.newFixedThreadPool(inFlight, daemon());
        CompletionService<Void> handoffs = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            // The pool is refilled as hand-offs end (once half of it is free), so both providers stay busy;
            // what one hand-off finishes can let the next entries of its sequences go (a CRM job its first
            // email, an email its mirror). A round is a claim made with nothing in flight after one that found
            // less than it asked for: at most MAX_ROUNDS, so a tick of one lead's chain ends as it always did.
            int rounds = 1;
            boolean lastShort = false;
            boolean claiming = true;
            while (claiming || running > 0) {
                if (claiming && running <= inFlight / 2) {
                    int emailsLeft = Math.max(0, emailLimit - emails.claimed);
                    int jobsLeft = Math.max(0, jobBatchSize - jobs.claimed);
                    int free = inFlight - running;
                    boolean anyClaimed = emails.claimed + jobs.claimed > 0;
                    boolean overBudget =
                            Duration.between(started, clock.instant()).compareTo(budget) > 0;
                    // A failed hand-off: send-email is in trouble; the leases bring its claims back.
                    boolean failing = emails.failed.get() + jobs.failed.get() > 0;
                    boolean newRound = running == 0 && lastShort;
                    if ((emailsLeft == 0 && jobsLeft == 0)
                            || failing
                            || (overBudget && anyClaimed)
                            || (newRound && rounds == MAX_ROUNDS)) {
                        claiming = false;
                        continue;
                    }
                    if (newRound) rounds++;
                    int askEmails = Math.min(emailsLeft, free);
                    int askJobs = Math.min(jobsLeft, free);
                    List<ClaimedSend> claims = schedule.claimDue(askEmails, askJobs, LEASE, maxAttempts);
                    lastShort = claims.size() < askEmails + askJobs;
                    if (claims.isEmpty() && running == 0) {
                        claiming = false;
                        continue;
                    }
                    for (ClaimedSend claim : interleaved(claims)) {
                        Counts counts = claim.isJob() ? jobs : emails;
                        counts.claimed++;
                        handoffs.submit(() -> handOver(claim, started, counts), null);
                        running++;
                    }
                    if (!claims.isEmpty()) continue;
                }
                try {
                    handoffs.take().get();
                } catch (ExecutionException unexpected) {
                    log.error("dispatch.handoff_crashed")
                            .error(unexpected.getCause())
                            .write();
                }
                running--;
            }
        } catch (InterruptedException cut) {
            // The tick's own deadline: the hand-offs in flight stop, their claims come back after the lease.
            pool.shutdownNow();
            throw Deadline.interrupted("handing sends over");
        } finally {
            pool.shutdown();
        }
        long durationMs = Duration.between(started, clock.instant()).toMillis();
        if (emails.claimed + jobs.claimed > 0 || paused.isPresent()) {
            log.info("dispatch.tick")
                    .with("claimed", emails.claimed)
                    .with("handed_off", emails.handed.get())
                    .with("failed", emails.failed.get())
                    .with("released", emails.released.get())
                    .with("jobs_claimed", jobs.claimed)
                    .with("jobs_handed_off", jobs.handed.get())
                    .with("duration_ms", durationMs)
                    .write();
        }
        ObjectNode answer = JsonNodeFactory.instance
                .objectNode()
                .put("status", paused.isPresent() ? "paused" : "ok")
                .put("claimed", emails.claimed)
                .put("handed_off", emails.handed.get())
                .put("failed", emails.failed.get())
                .put("released", emails.released.get())
                .put("jobs_claimed", jobs.claimed)
                .put("jobs_handed_off", jobs.handed.get())
                .put("jobs_failed", jobs.failed.get())
                .put("jobs_released", jobs.released.get())
                .put("duration_ms", durationMs);
        if (paused.isPresent()) {
            answer.put("paused_until", paused.get().until.toString()).put("reason", paused.get().reason);
        }
        return answer;
    }

    private void handOver(ClaimedSend claim, Instant started, Counts counts) {
        if (Duration.between(started, clock.instant()).compareTo(budget) > 0) {
            if (schedule.release(claim)) counts.released.incrementAndGet();
            return;
        }
        Instant sendStarted = clock.instant();
        try {
            handoff.handOff(claim);
            counts.handed.incrementAndGet();
        } catch (RuntimeException failure) {
            counts.failed.incrementAndGet();
            Log.Line line = log.error("dispatch.handoff_failed").with("send_id", claim.id());
            if (!claim.isJob()) {
                line.with("email", claim.send().email())
                        .with("sequence", claim.send().sequence())
                        .with("email_number", claim.send().emailNumber());
            }
            line.with("outcome", "retry_after_lease")
                    .with("lease_s", LEASE.getSeconds())
                    .with(
                            "duration_ms",
                            Duration.between(sendStarted, clock.instant()).toMillis())
                    .error(failure)
                    .write();
        }
    }

    /**
     * The claims with emails and CRM jobs taking turns, each kind oldest first: an email waits for a
     * Resend token and a job for a Notion token, so with both kinds in flight together both providers
     * are kept busy, where all the emails first and then all the jobs would leave each idle by turns.
     * The order is free: nothing in one claim waits for another (the claim script holds those back).
     */
    static List<ClaimedSend> interleaved(List<ClaimedSend> claims) {
        List<ClaimedSend> emails = new ArrayList<>();
        List<ClaimedSend> jobs = new ArrayList<>();
        for (ClaimedSend claim : claims) (claim.isJob() ? jobs : emails).add(claim);
        List<ClaimedSend> turns = new ArrayList<>(claims.size());
        for (int i = 0; i < Math.max(emails.size(), jobs.size()); i++) {
            if (i < emails.size()) turns.add(emails.get(i));
            if (i < jobs.size()) turns.add(jobs.get(i));
        }
        return turns;
    }

    private static ThreadFactory daemon() {
        return work -> {
            Thread thread = new Thread(work, "dispatch-handoff");
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What happened to one kind of claim in a tick. */
    private static final class Counts {
        int claimed;
        final AtomicInteger handed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
    }
}
