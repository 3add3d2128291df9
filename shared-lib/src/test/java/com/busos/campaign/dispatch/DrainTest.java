package com.busos.campaign.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.log.Log;
import com.busos.campaign.ratelimit.RedisRateLimiter;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.RateLimitedHandoff;
import com.busos.campaign.testing.SendLimitStub;
import com.busos.campaign.testing.TestRedis;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A backlog of 10,000 due sends drains at the configured rate without one request refused by the
 * provider: two dispatchers tick at once (as a second replica would), each hand-off takes the shared
 * Resend limiter in Redis and posts to a stand-in that enforces a per-second limit the way a provider
 * does (429 with Retry-After once a second's quota is used), then acknowledges the send.
 */
class DrainTest {
    private static final int SENDS = 10_000;
    /** What the stand-in lets through per calendar second. */
    private static final int PROVIDER_LIMIT = 400;

    @Test
    void tenThousandDueSendsDrainAtTheConfiguredRateWithoutA429() throws Exception {
        SendLimitStub provider = new SendLimitStub(PROVIDER_LIMIT);
        WireMockServer resend = provider.startResend();
        String prefix = TestRedis.uniquePrefix();
        ExecutorService dispatchers = Executors.newFixedThreadPool(2);
        try (UnifiedJedis redis = TestRedis.client()) {
            Schedule schedule = new Schedule(redis, prefix);
            RateLimitedHandoff.scheduleBacklog(schedule, SENDS);
            assertEquals(SENDS, schedule.countScheduled());

            // The campaign's own settings and sizing rule.
            Map<Setting, String> settings = new EnumMap<>(Setting.class);
            settings.put(Setting.REDIS_URL, TestRedis.url());
            settings.put(Setting.REDIS_KEY_PREFIX, prefix);
            settings.put(Setting.RESEND_RATE_LIMIT, Double.toString(PROVIDER_LIMIT));
            settings.put(Setting.NOTION_RATE_LIMIT, "100000");
            settings.put(Setting.DISPATCH_BATCH_SIZE, "1000");
            Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.systemUTC());
            int perTick = campaign.sendsPerTick();
            double rate = campaign.resendRate();
            int burst = Campaign.RATE_LIMIT_BURST;
            RedisRateLimiter limiter = new RedisRateLimiter(
                    redis, prefix, "resend", rate, burst, Duration.ofSeconds(10), Retrying.REAL_SLEEP);

            RateLimitedHandoff handoff =
                    new RateLimitedHandoff(resend.baseUrl(), limiter, schedule, campaign.maxAttempts());
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Dispatcher dispatcher = new Dispatcher(
                    schedule,
                    handoff,
                    perTick,
                    campaign.maxAttempts(),
                    Campaign.DISPATCH_BUDGET,
                    Clock.systemUTC(),
                    Log.to("email-dispatcher", new PrintStream(logs, true, StandardCharsets.UTF_8)));

            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(3).toNanos();
            List<Future<Integer>> loops = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                loops.add(dispatchers.submit(() -> {
                    int ticks = 0;
                    while (schedule.countScheduled() + schedule.countClaimed() > 0 && System.nanoTime() < deadline) {
                        int claimed = dispatcher.tick().path("claimed").asInt();
                        ticks++;
                        if (claimed == 0) Thread.sleep(20);
                    }
                    return ticks;
                }));
            }
            int ticks = 0;
            for (Future<Integer> loop : loops) ticks += loop.get(4, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;

            System.out.printf(
                    "drain: %d sends in %.1f s = %.0f/s achieved of %.0f/s configured (%.0f%%; limiter burst %d,"
                            + " provider limit %d/s, %d per tick, %d ticks by 2 dispatchers); busiest second %d requests;"
                            + " 429s %d; hand-off failures %d%n",
                    SENDS,
                    seconds,
                    SENDS / seconds,
                    rate,
                    100 * SENDS / seconds / rate,
                    burst,
                    PROVIDER_LIMIT,
                    perTick,
                    ticks,
                    provider.busiestSecond(),
                    provider.refused.get(),
                    handoff.failed.get());

            assertEquals(0, provider.refused.get(), "no request was refused with a 429");
            assertEquals(0, schedule.countScheduled() + schedule.countClaimed(), "the backlog is drained");
            assertEquals(0, schedule.countDead(), "no dead letters");
            assertEquals(SENDS, handoff.acked.get(), "every send acknowledged");
            assertEquals(SENDS, provider.keys.size(), "every send reached the provider");
            assertTrue(provider.keys.values().stream().allMatch(count -> count.get() == 1), "none twice");
            assertEquals(
                    "delivered",
                    schedule.inspect(ScheduledSend.idOf("5day", "tracker-0", 2)).get("state"));
            assertEquals(
                    "delivered",
                    schedule.inspect(ScheduledSend.idOf("5day", "tracker-" + (SENDS - 1), 2))
                            .get("state"));
        } finally {
            dispatchers.shutdownNow();
            resend.stop();
        }
    }
}
