package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.openfaas.GatewaySendHandoff;
import com.busos.campaign.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark 7: a backlog of due emails delivered the whole way (dispatcher, send-email, Resend, the CRM
 * jobs that mirror each email in Notion) against both providers at their limits with realistic latency.
 */
final class DeliveryDrainBench {
    static final int RESEND_LIMIT = 2;
    static final int NOTION_LIMIT = 3;
    static final Duration LATENCY = Duration.ofMillis(200);
    /** A database's data-source lookup: once per client and database, no email's cost. */
    static final String LOOKUP = "Notion find data source";

    private DeliveryDrainBench() {}

    /** One drain and what came of it. */
    record Drain(
            String dispatcher,
            boolean analytics,
            int sends,
            int inFlight,
            long delivered,
            double seconds,
            double doneSeconds,
            double binding,
            int resend429,
            int notion429,
            long duplicates,
            long left,
            Map<String, Integer> notionKinds,
            double lateP50,
            double lateP95,
            double lateMax) {
        double rate() {
            return (delivered - 1) / seconds;
        }

        /** Emails a second counting each one's mirror too: to the drain's last request. */
        double doneRate() {
            return (delivered - 1) / doneSeconds;
        }

        double notionPerEmail() {
            return notionKinds.entrySet().stream()
                            .filter(kind -> !kind.getKey().equals(LOOKUP))
                            .mapToInt(Map.Entry::getValue)
                            .sum()
                    / (double) delivered;
        }

        String breakdown() {
            return notionKinds.entrySet().stream()
                    .filter(kind -> !kind.getKey().equals(LOOKUP))
                    .map(kind -> kind.getKey() + " " + Table.num(kind.getValue() / (double) delivered))
                    .collect(Collectors.joining(", "));
        }
    }

    static Section run(Size size) {
        Section section = new Section("7. Delivery drain: the whole path at both providers' limits");
        List<Drain> drains = new ArrayList<>();
        drains.add(drain(size.deliverySends(), false, true));
        drains.add(drain(size.deliverySends() / 2, true, true));
        drains.add(drain(size.deliverySends() / 4, true, false));
        section.text(String.format(Locale.ROOT, """
                A backlog of due emails (`5-Day E2`, each lead with its tracker record) is delivered the whole way:
                the real `Dispatcher` in this JVM, ticking back to back with the defaults `Campaign` gives it for
                these rates, hands each email and each CRM job to send-email (child JVM, the template's entrypoint),
                which sends through Resend and mirrors `Email N Sent` (and, with the analytics database set, the
                analytics page) as CRM jobs. Resend is the stand-in behind a limit of %d requests per calendar
                second, Notion behind %d, each answering its own 429 past it; every request to either takes %d ms.
                The binding limit is min(Resend's rate, Notion's rate ÷ Notion requests per email). **Time** runs
                from the first email's arrival at Resend to the last one's; **all done** to the drain's last request
                at either provider (the last emails' mirrors in Notion, claimed by the tick after them). **Lateness** is from
                the moment the whole backlog fell due to the email's arrival at Resend. "One at a time" is the same
                with a single hand-off in flight, as the dispatcher worked before #13 (it then also made 3 Notion
                requests per email on the send's own path; that is not reproduced here), with analytics on, where
                each email is three hand-offs (the email, its `Email N Sent`, its analytics page).
                """, RESEND_LIMIT, NOTION_LIMIT, LATENCY.toMillis()));
        Table table = new Table(
                "dispatcher",
                "analytics",
                "backlog",
                "in flight",
                "time (s)",
                "all done (s)",
                "emails/s",
                "binding limit",
                "÷ the limit",
                "Resend 429s",
                "Notion 429s",
                "duplicates",
                "left",
                "Notion per email",
                "lateness p50 (s)",
                "p95 (s)",
                "max (s)");
        for (Drain d : drains) {
            table.row(
                    d.dispatcher(),
                    d.analytics() ? "on" : "off",
                    d.sends(),
                    d.inFlight(),
                    Table.num(d.seconds()),
                    Table.num(d.doneSeconds()),
                    Table.num(d.rate()),
                    Table.num(d.binding()),
                    Table.ratio(d.rate() / d.binding()),
                    d.resend429(),
                    d.notion429(),
                    d.duplicates(),
                    d.left(),
                    Table.num(d.notionPerEmail()),
                    Table.num(d.lateP50()),
                    Table.num(d.lateP95()),
                    Table.num(d.lateMax()));
        }
        section.table(table);
        StringBuilder kinds =
                new StringBuilder("Notion requests per email, by kind (each instance's data-source lookups,"
                        + " once per database, are left out):\n\n");
        for (Drain d : drains) {
            kinds.append("- ")
                    .append(d.dispatcher())
                    .append(", analytics ")
                    .append(d.analytics() ? "on" : "off")
                    .append(": ")
                    .append(d.breakdown())
                    .append('\n');
        }
        section.text(kinds.toString());
        Drain main = drains.get(0);
        Drain analytics = drains.get(1);
        Drain serial = drains.get(2);
        section.text(String.format(
                Locale.ROOT,
                """
                Goal: emails/s ≥ 0.95 × the binding limit with 0 × 429: %s with analytics off (%s), %s with it on
                (%s). Counting each email's mirror too (all done), the drain reached %s and %s: the claim looks at
                the oldest due entries first, and while a backlog of emails older than their mirrors fills that
                window, the mirrors wait and Notion idles; they catch up once the backlog is shorter. One hand-off
                at a time, analytics on: %s of the limit by its emails, %s all done. The figures are the limiter's,
                ticks back to back; in production the cron-connector's one tick a minute hands over for %d s of it
                (benchmark 4).
                """,
                main.rate() >= 0.95 * main.binding() && main.resend429() + main.notion429() == 0 ? "met" : "missed",
                Table.ratio(main.rate() / main.binding()),
                analytics.rate() >= 0.95 * analytics.binding() && analytics.resend429() + analytics.notion429() == 0
                        ? "met"
                        : "missed",
                Table.ratio(analytics.rate() / analytics.binding()),
                Table.ratio(main.doneRate() / main.binding()),
                Table.ratio(analytics.doneRate() / analytics.binding()),
                Table.ratio(serial.rate() / serial.binding()),
                Table.ratio(serial.doneRate() / serial.binding()),
                Dispatcher.BUDGET.getSeconds()));
        section.figure("ratio", main.rate() / main.binding())
                .figure("analytics_ratio", analytics.rate() / analytics.binding())
                .figure("serial_ratio", serial.rate() / serial.binding())
                .figure("notion_per_email", main.notionPerEmail())
                .figure("notion_per_email_analytics", analytics.notionPerEmail())
                .figure("duplicates", main.duplicates() + analytics.duplicates() + serial.duplicates())
                .figure("left", main.left() + analytics.left() + serial.left());
        section.headline(String.format(
                Locale.ROOT,
                "Delivery drain: %,d due emails, Resend %d/s and Notion %d/s with %d ms latency: %s emails/s (%s of the"
                        + " binding limit; %s counting their mirrors), %s Notion requests per email (%s with analytics),"
                        + " lateness p50 %s s / p95 %s s, %d × 429, %d duplicates",
                main.sends(),
                RESEND_LIMIT,
                NOTION_LIMIT,
                LATENCY.toMillis(),
                Table.num(main.rate()),
                Table.ratio(main.rate() / main.binding()),
                Table.ratio(main.doneRate() / main.binding()),
                Table.num(main.notionPerEmail()),
                Table.num(analytics.notionPerEmail()),
                Table.num(main.lateP50()),
                Table.num(main.lateP95()),
                main.resend429() + main.notion429(),
                main.duplicates()));
        return section;
    }

    private static Drain drain(int sends, boolean analytics, boolean pooled) {
        try (DeliveryRig rig = new DeliveryRig(NOTION_LIMIT, RESEND_LIMIT, LATENCY, analytics)) {
            rig.startSendEmail("drain");
            Campaign campaign = rig.campaign();
            Schedule schedule = campaign.schedule();
            Instant due = Instant.now();
            for (int i = 0; i < sends; i++) {
                DeliveryRig.dueE2(rig.stands.notion, schedule, "drain-" + i + "@example.com", i, due);
            }
            int inFlight = pooled ? Dispatcher.inFlight(campaign.resendRate(), campaign.notionRate()) : 1;
            Dispatcher dispatcher = new Dispatcher(
                    schedule,
                    new GatewaySendHandoff(
                            HttpClients.shared(), campaign.config().gatewayUrl()),
                    campaign.sendsPerTick(),
                    Dispatcher.jobsPerTick(
                            campaign.notionRate(), campaign.notionRequestsPerSend(), Campaign.DEFAULT_BATCH_SIZE),
                    inFlight,
                    campaign.maxAttempts(),
                    Dispatcher.BUDGET,
                    Clock.systemUTC(),
                    DeliveryRig.quiet("email-dispatcher"));
            long started = System.nanoTime();
            long dueNanos = started - Duration.between(due, Instant.now()).toNanos();
            DeliveryRig.tickUntil(
                    dispatcher,
                    () -> DeliveryRig.idle(schedule),
                    started
                            + Duration.ofSeconds(30L + 4L * sends / RESEND_LIMIT)
                                    .toNanos());
            List<Long> arrivals = rig.resend.arrivals();
            long duplicates = DeliveryRig.duplicates(rig.stands.resend);
            List<Double> late = new ArrayList<>();
            for (long at : arrivals) late.add((at - dueNanos) / 1e9);
            Collections.sort(late);
            // The drain ends with the last email's mirror: its last request at either provider.
            List<Long> notionArrivals = rig.notion.arrivals();
            long last = Math.max(
                    arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1),
                    notionArrivals.isEmpty() ? 0 : notionArrivals.get(notionArrivals.size() - 1));
            double seconds =
                    arrivals.size() < 2 ? Double.NaN : (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
            double doneSeconds = arrivals.isEmpty() ? Double.NaN : (last - arrivals.get(0)) / 1e9;
            if (!arrivals.isEmpty() && !notionArrivals.isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "[bench 7] from the start: Resend %.1f..%.1f s (%d), Notion %.1f..%.1f s (%d)%n",
                        (arrivals.get(0) - started) / 1e9,
                        (arrivals.get(arrivals.size() - 1) - started) / 1e9,
                        arrivals.size(),
                        (notionArrivals.get(0) - started) / 1e9,
                        (notionArrivals.get(notionArrivals.size() - 1) - started) / 1e9,
                        notionArrivals.size());
            }
            double binding = Math.min(RESEND_LIMIT, NOTION_LIMIT / (double) campaign.notionRequestsPerSend());
            Drain result = new Drain(
                    pooled ? "in-flight pool" : "one at a time",
                    analytics,
                    sends,
                    inFlight,
                    arrivals.size(),
                    seconds,
                    doneSeconds,
                    binding,
                    rig.resend.refused(),
                    rig.notion.refused(),
                    duplicates,
                    schedule.countScheduled() + schedule.countClaimed(),
                    rig.notion.kinds(),
                    percentile(late, 0.50),
                    percentile(late, 0.95),
                    late.isEmpty() ? Double.NaN : late.get(late.size() - 1));
            System.out.printf(
                    Locale.ROOT,
                    "[bench 7] %s, analytics %s: %d emails at %.2f/s (%.3f of %.2f), Notion %.2f per email, 429s %d/%d,"
                            + " duplicates %d, left %d%n",
                    result.dispatcher(),
                    analytics ? "on" : "off",
                    result.delivered(),
                    result.rate(),
                    result.rate() / binding,
                    binding,
                    result.notionPerEmail(),
                    result.resend429(),
                    result.notion429(),
                    duplicates,
                    result.left());
            campaign.close();
            return result;
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return Double.NaN;
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
