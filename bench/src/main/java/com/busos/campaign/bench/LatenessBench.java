package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.FakeResend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 8: how late an email goes out, from its due time to its arrival at Resend, with the
 * dispatcher ticked as the cron-connector ticks it (once a minute, ticks free to overlap) and emails
 * falling due over a few minutes, with the providers failing and without.
 */
final class LatenessBench {
    static final Duration LATENCY = Duration.ofMillis(200);

    private LatenessBench() {}

    record Lateness(
            boolean faults,
            int sends,
            long delivered,
            long dead,
            long duplicates,
            int resendInjected,
            int notionInjected,
            int resendRequests,
            int notionRequests,
            double p50,
            double p95,
            double max) {}

    static Section run(Size size) {
        Section section = new Section("8. Lateness: from due to delivered, ticked once a minute");
        List<Lateness> runs = List.of(measure(size, false), measure(size, true));
        section.text(String.format(
                Locale.ROOT,
                """
                %d emails (`5-Day E2` of as many leads) fall due evenly over %d s. The real `Dispatcher` (this JVM,
                the defaults `Campaign` gives it) is ticked every %d s, as the cron-connector calls it (a tick may
                overlap the next), and hands the emails and their CRM jobs to send-email (child JVM). Resend is
                limited to %d requests a second and Notion to %d, every request taking %d ms, as in benchmark 7.
                With **faults**, all through the run: Resend answers 20 %% of requests `500 internal_server_error`
                and loses the answer of 5 %% more (it sent the email; the connection is cut before the answer), and
                Notion answers 30 %% of requests `429 rate_limited` on top of its limit: the fault-injection
                suite's load. **Lateness** is from an email's due time to the moment Resend first accepted it
                (its Idempotency-Key); its due time is when it could first go out, so a tick's wait is part of it.
                """,
                size.latenessSends(),
                size.latenessSpread().getSeconds(),
                size.latenessCadence().getSeconds(),
                DeliveryDrainBench.RESEND_LIMIT,
                DeliveryDrainBench.NOTION_LIMIT,
                LATENCY.toMillis()));
        Table table = new Table(
                "faults",
                "emails",
                "delivered",
                "dead-lettered",
                "duplicates",
                "Resend faults injected",
                "Notion faults injected",
                "Resend requests",
                "Notion requests",
                "lateness p50 (s)",
                "p95 (s)",
                "max (s)");
        for (Lateness run : runs) {
            table.row(
                    run.faults() ? "on" : "off",
                    run.sends(),
                    run.delivered(),
                    run.dead(),
                    run.duplicates(),
                    run.resendInjected(),
                    run.notionInjected(),
                    run.resendRequests(),
                    run.notionRequests(),
                    Table.num(run.p50()),
                    Table.num(run.p95()),
                    Table.num(run.max()));
        }
        section.table(table);
        Lateness calm = runs.get(0);
        Lateness faulty = runs.get(1);
        section.text(String.format(
                Locale.ROOT,
                """
                Without faults an email waits for the next tick (at most %d s, %s s on average) and its place in
                the tick; with faults, the retries add their backoff: a Resend 5xx is retried in the call, then
                after 1, 2, 4 … minutes. The Prefect system's figures at the fault-injection load were a median of
                7 min and a p95 of 20 min (issue #13); here: a median of %s s and a p95 of %s s with faults.
                """,
                size.latenessCadence().getSeconds(),
                Table.num(size.latenessCadence().getSeconds() / 2.0),
                Table.num(faulty.p50()),
                Table.num(faulty.p95())));
        section.figure("delivered", faulty.delivered() + calm.delivered())
                .figure("sends", faulty.sends() + calm.sends())
                .figure("duplicates", faulty.duplicates() + calm.duplicates())
                .figure("faulty_p50", faulty.p50())
                .figure("faulty_p95", faulty.p95());
        section.headline(String.format(
                Locale.ROOT,
                "Lateness, ticked once every %d s: p50 %s s / p95 %s s (with the fault-injection suite's faults:"
                        + " p50 %s s / p95 %s s, %d dead-lettered, %d duplicates; the original: 7 min / 20 min)",
                size.latenessCadence().getSeconds(),
                Table.num(calm.p50()),
                Table.num(calm.p95()),
                Table.num(faulty.p50()),
                Table.num(faulty.p95()),
                faulty.dead(),
                faulty.duplicates()));
        return section;
    }

    private static Lateness measure(Size size, boolean faults) {
        int sends = size.latenessSends();
        try (DeliveryRig rig =
                new DeliveryRig(DeliveryDrainBench.NOTION_LIMIT, DeliveryDrainBench.RESEND_LIMIT, LATENCY, false)) {
            rig.startSendEmail(faults ? "lateness-faults" : "lateness");
            Campaign campaign = rig.campaign();
            Schedule schedule = campaign.schedule();
            Instant first = Instant.now().plusSeconds(5);
            long spreadMs = size.latenessSpread().toMillis();
            Map<String, Instant> due = new HashMap<>();
            for (int i = 0; i < sends; i++) {
                Instant at = first.plusMillis(spreadMs * i / Math.max(1, sends - 1));
                ScheduledSend send =
                        DeliveryRig.dueE2(rig.stands.notion, schedule, "late-" + i + "@example.com", i, at);
                due.put(send.idempotencyKey(), at);
            }
            if (faults) {
                rig.resend.inject(new LimitedProvider.Faults(
                        0.20,
                        500,
                        FakeResend.errorBody(500, "internal_server_error", "An unexpected error occurred."),
                        0.05));
                rig.notion.inject(new LimitedProvider.Faults(
                        0.30,
                        429,
                        FakeNotion.errorBody(
                                429, "rate_limited", "You have been rate limited. Please try again in a few minutes."),
                        0));
            }
            Dispatcher dispatcher = campaign.dispatcher(DeliveryRig.quiet("email-dispatcher"));
            // The cron-connector: a call every cadence, whether or not the last one has answered.
            ScheduledExecutorService cron = Executors.newSingleThreadScheduledExecutor();
            ExecutorService ticks = Executors.newCachedThreadPool();
            long cadence = size.latenessCadence().toMillis();
            cron.scheduleAtFixedRate(
                    () -> ticks.submit(() -> {
                        try {
                            dispatcher.tick();
                        } catch (RuntimeException e) {
                            System.out.println("[bench 8] tick failed: " + e);
                        }
                    }),
                    cadence - System.currentTimeMillis() % cadence, // on the minute, as cron
                    cadence,
                    TimeUnit.MILLISECONDS);
            long until =
                    System.nanoTime() + size.latenessSpread().plusMinutes(15).toNanos();
            while (schedule.countScheduled() + schedule.countClaimed() > 0 && System.nanoTime() < until) {
                ChildJvm.sleep(200);
            }
            cron.shutdownNow();
            ticks.shutdownNow();
            Map<String, Long> accepted = rig.resend.accepted();
            long nanoOffset = System.nanoTime() - Instant.now().toEpochMilli() * 1_000_000L;
            List<Double> late = new ArrayList<>();
            for (Map.Entry<String, Long> at : accepted.entrySet()) {
                Instant dueAt = due.get(at.getKey());
                if (dueAt == null) continue;
                late.add((at.getValue() - nanoOffset - dueAt.toEpochMilli() * 1_000_000L) / 1e9);
            }
            Collections.sort(late);
            long duplicates = DeliveryRig.duplicates(rig.stands.resend);
            Lateness result = new Lateness(
                    faults,
                    sends,
                    late.size(),
                    schedule.countDead(),
                    duplicates,
                    rig.resend.injected(),
                    rig.notion.injected(),
                    rig.resend.received(),
                    rig.notion.received(),
                    DeliveryDrainBench.percentile(late, 0.50),
                    DeliveryDrainBench.percentile(late, 0.95),
                    late.isEmpty() ? Double.NaN : late.get(late.size() - 1));
            System.out.printf(
                    Locale.ROOT,
                    "[bench 8] faults %s: %d of %d delivered, %d dead, %d duplicates, lateness p50 %.1f s, p95 %.1f s%n",
                    faults ? "on" : "off",
                    result.delivered(),
                    sends,
                    result.dead(),
                    duplicates,
                    result.p50(),
                    result.p95());
            campaign.close();
            return result;
        }
    }
}
