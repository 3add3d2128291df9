package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.log.Log;
import com.busos.campaign.ratelimit.RedisRateLimiter;
import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.testing.RateLimitedHandoff;
import com.busos.campaign.testing.SendLimitStub;
import com.busos.campaign.testing.TestRedis;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;

/**
 * Benchmark 4: a backlog of due sends drained by the real Dispatcher, each hand-off taking the shared
 * token bucket (RedisRateLimiter, as Campaign builds it) and posting to a stand-in that enforces a
 * per-second send limit the way a provider does, then acknowledging.
 */
final class DrainBench {
    private static final int DISPATCHERS = 2;
    /** A short second drain at Resend's default limit (full size only). */
    private static final int PRODUCTION_SENDS = 60;

    private DrainBench() {}

    /** One drain: the backlog, the limit, and what came of it. */
    /** {@code seconds}: from the first acknowledgement to the last, so {@code delivered - 1} intervals. */
    record Drain(
            int sends,
            int limit,
            int perTick,
            long delivered,
            double seconds,
            int busiestSecond,
            int refused,
            long retried,
            long dead,
            long left,
            long duplicates,
            int ticks) {
        double rate() {
            return (delivered - 1) / seconds;
        }
    }

    static Section run(Size size) {
        Section section = new Section("4. Drain rate under a provider's send limit");
        List<Drain> drains = new ArrayList<>();
        drains.add(drain(size.drainSends(), size.drainLimit()));
        if (size.full()) drains.add(drain(PRODUCTION_SENDS, (int) Campaign.DEFAULT_RESEND_RATE));
        Drain main = drains.get(0);
        section.text(String.format(
                Locale.ROOT, """
                A backlog of due sends is drained by the real `Dispatcher` (`Campaign.sendsPerTick()` sends per tick,
                with `RESEND_RATE_LIMIT` set to the stand-in's limit and the default `DISPATCH_BATCH_SIZE`, a %d s
                budget per tick), %d dispatchers ticking back to back at once (as two replicas, or a tick overrunning
                into the next, would). Each hand-off takes a token from the shared bucket in Redis (`RedisRateLimiter`,
                burst %d, exactly as `Campaign` builds it), POSTs the email to a WireMock stand-in that lets `limit`
                requests through per calendar second and answers the rest `429` with `Retry-After: 1` (as Resend
                does), then acknowledges the send (`ack`), or after a 429 reschedules it (`retryLater`, 1 s).
                "Sends failed" are those not delivered at the end (dead letters and any left in the schedule);
                "duplicates" are idempotency keys the stand-in accepted more than once.
                """, Campaign.DISPATCH_BUDGET.getSeconds(), DISPATCHERS, Campaign.RATE_LIMIT_BURST));
        Table table = new Table(
                "backlog",
                "limit (sends/s)",
                "per tick",
                "time (s)",
                "achieved (sends/s)",
                "achieved ÷ limit",
                "busiest second",
                "429s seen",
                "retried after a 429",
                "sends failed",
                "duplicates",
                "ticks that claimed");
        for (Drain d : drains) {
            table.row(
                    String.format(Locale.ROOT, "%,d", d.sends()),
                    d.limit(),
                    d.perTick(),
                    Table.num(d.seconds()),
                    Table.num(d.rate()),
                    Table.ratio(d.rate() / d.limit()),
                    d.busiestSecond(),
                    d.refused(),
                    d.retried(),
                    d.dead() + d.left(),
                    d.duplicates(),
                    d.ticks());
        }
        section.table(table);
        StringBuilder why =
                new StringBuilder(String.format(Locale.ROOT, """
                The achieved rate is measured from the first acknowledgement to the last. It stays a little under the
                limit by design: the bucket holds one token (`Campaign.RATE_LIMIT_BURST`), so no calendar second can
                carry more than the limit and no request is refused, but a token that comes due while both senders are
                busy (posting, acknowledging, claiming the next tick) is not saved up, and each wait is rounded up to
                whole milliseconds. Both costs are fixed per request, so they weigh less as the limit falls: at %d/s a
                token comes every %s ms""", main.limit(), Table.num(1000.0 / main.limit())));
        if (drains.size() > 1) {
            Drain slow = drains.get(1);
            why.append(String.format(
                    Locale.ROOT,
                    "; at Resend's default %d/s (second row) the drain reached %s of the limit",
                    slow.limit(),
                    Table.ratio(slow.rate() / slow.limit())));
        }
        section.text(why.append('.').toString());
        section.text(cadence(main.perTick(), main.limit()));
        section.figure("rate", main.rate())
                .figure("ratio", main.rate() / main.limit())
                .figure("refused", main.refused())
                .figure("failed", main.dead() + main.left())
                .figure("duplicates", main.duplicates())
                .figure("delivered", main.delivered());
        section.headline(String.format(
                Locale.ROOT,
                "Drain: %,d due sends at a %d/s provider limit went out at %s"
                        + " sends/s (%s of the limit), %d × 429, %d failed, %d duplicates",
                main.delivered(),
                main.limit(),
                Table.num(main.rate()),
                Table.ratio(main.rate() / main.limit()),
                main.refused(),
                main.dead() + main.left(),
                main.duplicates()));
        return section;
    }

    private static Drain drain(int sends, int limit) {
        SendLimitStub stub = new SendLimitStub(limit);
        WireMockServer provider = stub.startResend();
        String prefix = TestRedis.uniquePrefix();
        ExecutorService loops = Executors.newFixedThreadPool(DISPATCHERS);
        try (UnifiedJedis redis = RedisConnections.open(TestRedis.url(), null)) {
            Schedule schedule = new Schedule(redis, prefix);
            RateLimitedHandoff.scheduleBacklog(schedule, sends);
            Map<Setting, String> settings = new EnumMap<>(Setting.class);
            settings.put(Setting.REDIS_URL, TestRedis.url());
            settings.put(Setting.REDIS_KEY_PREFIX, prefix);
            settings.put(Setting.RESEND_RATE_LIMIT, Integer.toString(limit));
            settings.put(Setting.NOTION_RATE_LIMIT, "1000000"); // the stand-in limits sends only
            Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.systemUTC());
            int perTick = campaign.sendsPerTick();
            RedisRateLimiter limiter = new RedisRateLimiter(
                    redis,
                    prefix,
                    "resend",
                    campaign.resendRate(),
                    Campaign.RATE_LIMIT_BURST,
                    Duration.ofSeconds(10),
                    Retrying.REAL_SLEEP);
            RateLimitedHandoff handoff =
                    new RateLimitedHandoff(provider.baseUrl(), limiter, schedule, campaign.maxAttempts());
            Dispatcher dispatcher = new Dispatcher(
                    schedule,
                    handoff,
                    perTick,
                    campaign.maxAttempts(),
                    Campaign.DISPATCH_BUDGET,
                    Clock.systemUTC(),
                    Log.to("email-dispatcher", new PrintStream(OutputStream.nullOutputStream())));

            long started = System.nanoTime();
            long deadline = started
                    + Duration.ofSeconds(Math.max(60, 4L * sends / limit)).toNanos();
            AtomicInteger ticks = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int d = 0; d < DISPATCHERS; d++) {
                running.add(loops.submit(() -> {
                    while (schedule.countScheduled() + schedule.countClaimed() > 0 && System.nanoTime() < deadline) {
                        int claimed = dispatcher.tick().path("claimed").asInt();
                        if (claimed > 0) ticks.incrementAndGet();
                        else
                            Thread.sleep(
                                    20); // nothing due: retries waiting for their backoff, or the other dispatcher has
                        // the rest
                    }
                    return null;
                }));
            }
            for (Future<?> loop : running)
                loop.get(Duration.ofSeconds(Math.max(120, 6L * sends / limit)).toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (handoff.lastAck.get() - handoff.firstAck.get()) / 1e9;
            long duplicates =
                    stub.keys.values().stream().filter(count -> count.get() > 1).count();
            Drain result = new Drain(
                    sends,
                    limit,
                    perTick,
                    handoff.acked.get(),
                    seconds,
                    stub.busiestSecond(),
                    stub.refused.get(),
                    handoff.failed.get(),
                    schedule.countDead(),
                    schedule.countScheduled() + schedule.countClaimed(),
                    duplicates,
                    ticks.get());
            System.out.printf(
                    "[bench 4] %d sends at limit %d/s: %.2f/s (%.3f of the limit), 429s %d, failed %d, duplicates %d%n",
                    result.delivered(),
                    limit,
                    result.rate(),
                    result.rate() / limit,
                    result.refused(),
                    result.dead() + result.left(),
                    duplicates);
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("drain benchmark failed: " + e, e);
        } finally {
            loops.shutdownNow();
            provider.stop();
            try (UnifiedJedis redis = RedisConnections.open(TestRedis.url(), null)) {
                ScheduleBench.delete(redis, "{" + prefix + "}:*");
            }
        }
    }

    /** What the cron-connector's one tick per minute makes of the tick size, at this limit and the defaults. */
    private static String cadence(int perTick, int limit) {
        Campaign defaults = new Campaign(CampaignConfig.of(Map.of()), Clock.systemUTC());
        int defaultPerTick = defaults.sendsPerTick();
        double bindingDefault =
                Math.min(defaults.resendRate(), defaults.notionRate() / defaults.notionRequestsPerSend());
        return String.format(
                Locale.ROOT,
                """
                The ticks above run back to back, so the figure is the limiter's: how close a backlog gets to the
                provider's limit without a refusal. In production the cron-connector calls the dispatcher once a
                minute, so a backlog drains at most `sendsPerTick()` sends per minute: %d per minute here (%s of
                this stand-in's limit; `DISPATCH_BATCH_SIZE`, default %d, caps the tick); with the defaults
                (Resend %s/s, Notion %s/s, %d Notion requests per email) a tick is %d sends, %s sends/s, %s of
                the %s sends/s the providers would allow, because a tick hands sends over for at most %d s of
                its minute (the budget leaves room for the last send inside the dispatcher's 55 s `exec_timeout`).
                A 10,000-send backlog then takes %s h instead of %s h at the providers' full rate; with the analytics
                database set, an email costs 2 Notion requests (its CRM jobs) and a tick is %d sends. This is the schedule's
                cadence, a design choice (one tick a minute, as the cron-connector calls it), not a limiter loss:
                at the default rates the tick is sized by the rate, not by `DISPATCH_BATCH_SIZE`, so only a more
                frequent call would get closer.
                """,
                perTick,
                Table.percent(perTick / 60.0 / limit),
                Campaign.DEFAULT_BATCH_SIZE,
                Table.num(defaults.resendRate()),
                Table.num(defaults.notionRate()),
                defaults.notionRequestsPerSend(),
                defaultPerTick,
                Table.num(defaultPerTick / 60.0),
                Table.percent(defaultPerTick / 60.0 / bindingDefault),
                Table.num(bindingDefault),
                Campaign.DISPATCH_BUDGET.getSeconds(),
                Table.num(10_000.0 / defaultPerTick / 60.0),
                Table.num(10_000.0 / bindingDefault / 3600.0),
                new Campaign(
                                CampaignConfig.of(Map.of(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, "analytics")),
                                Clock.systemUTC())
                        .sendsPerTick());
    }
}
