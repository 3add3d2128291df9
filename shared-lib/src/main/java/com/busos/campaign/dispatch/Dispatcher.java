package com.busos.campaign.dispatch;

import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One tick of the cron-connector: claim the sends that are due and hand each to send-email, in due
 * order. A send that could not be handed over stays claimed and comes back when its lease ends; the
 * ones the tick had no time left for are released at once, so the next tick takes them.
 */
public final class Dispatcher {
    /** email-dispatcher needs no secret: Redis and the gateway have defaults. */
    public static final List<Setting> SETTINGS = List.of();

    /** Upper bound of the sends one tick claims; the providers' rates usually bound it lower. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Notion requests send-email makes per email: read the tracker, find the template, mark it sent. */
    public static final int NOTION_REQUESTS_PER_SEND = 3;
    /** How long one tick hands sends over (the cron-connector calls it every minute). */
    public static final Duration BUDGET = Duration.ofSeconds(40);

    /**
     * How many sends one tick may claim: no more than the providers' limits let through in the tick's
     * {@link #BUDGET} (each send costs one Resend request and {@code notionRequestsPerSend} Notion
     * requests), and no more than {@code batchSize}. The rest stay due for the next tick.
     */
    public static int sendsPerTick(double resendRate, double notionRate, int notionRequestsPerSend, int batchSize) {
        double sendsPerSecond = Math.min(resendRate, notionRate / notionRequestsPerSend);
        int byRate = (int) Math.max(1, Math.floor(sendsPerSecond * BUDGET.getSeconds()));
        return Math.min(byRate, batchSize);
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
    private final int maxAttempts;
    private final Duration budget;
    private final Clock clock;
    private final Log log;

    public Dispatcher(
            Schedule schedule,
            SendHandoff handoff,
            int batchSize,
            int maxAttempts,
            Duration budget,
            Clock clock,
            Log log) {
        this.schedule = schedule;
        this.handoff = handoff;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.budget = budget;
        this.clock = clock;
        this.log = log;
    }

    public ObjectNode tick() {
        Instant started = clock.instant();
        // A spent sending quota: every claim would fail the same way until it resets.
        java.util.Optional<Schedule.Pause> paused = schedule.sendingPaused();
        if (paused.isPresent()) {
            log.info("dispatch.paused")
                    .with("paused_until", paused.get().until.toString())
                    .with("error", paused.get().reason)
                    .write();
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("status", "paused")
                    .put("claimed", 0)
                    .put("handed_off", 0)
                    .put("failed", 0)
                    .put("released", 0)
                    .put("paused_until", paused.get().until.toString())
                    .put("reason", paused.get().reason);
        }
        List<ClaimedSend> claims = schedule.claimDue(batchSize, LEASE, maxAttempts);
        int handed = 0;
        int failed = 0;
        int released = 0;
        for (ClaimedSend claim : claims) {
            if (Duration.between(started, clock.instant()).compareTo(budget) > 0) {
                if (schedule.release(claim)) released++;
                continue;
            }
            Instant sendStarted = clock.instant();
            try {
                handoff.handOff(claim);
                handed++;
            } catch (RuntimeException failure) {
                failed++;
                log.error("dispatch.handoff_failed")
                        .with("send_id", claim.id())
                        .with("email", claim.send().email())
                        .with("sequence", claim.send().sequence())
                        .with("email_number", claim.send().emailNumber())
                        .with("outcome", "retry_after_lease")
                        .with("lease_s", LEASE.getSeconds())
                        .with(
                                "duration_ms",
                                Duration.between(sendStarted, clock.instant()).toMillis())
                        .error(failure)
                        .write();
            }
        }
        long durationMs = Duration.between(started, clock.instant()).toMillis();
        log.info("dispatch.tick")
                .with("claimed", claims.size())
                .with("handed_off", handed)
                .with("failed", failed)
                .with("released", released)
                .with("duration_ms", durationMs)
                .write();
        return JsonNodeFactory.instance
                .objectNode()
                .put("status", "ok")
                .put("claimed", claims.size())
                .put("handed_off", handed)
                .put("failed", failed)
                .put("released", released)
                .put("duration_ms", durationMs);
    }
}
