package com.busos.campaign.suppression;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.redis.RedisSuppressionStore;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** A campaign against the stand-ins, with unsubscribe links on, and helpers to seed tracker records and sends. */
final class Fixture implements AutoCloseable {
    static final String SECRET = "test-unsubscribe-secret";
    static final String PUBLIC_URL = "https://faas.example.com";

    final TestCampaign env = new TestCampaign();
    final UnifiedJedis redis = TestRedis.client();
    final Schedule schedule = new Schedule(redis, env.redisPrefix);
    final Suppressions suppressions = new Suppressions(new RedisSuppressionStore(redis, env.redisPrefix));
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final Log log = Log.to("test", new PrintStream(logs, true, StandardCharsets.UTF_8));
    final UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET);

    Map<Setting, String> settings() {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.putAll(env.settings());
        settings.put(Setting.UNSUBSCRIBE_SECRET, SECRET);
        settings.put(Setting.PUBLIC_GATEWAY_URL, PUBLIC_URL);
        return settings;
    }

    Campaign campaign() {
        return campaign(settings());
    }

    Campaign campaign(Map<Setting, String> settings) {
        return new Campaign(CampaignConfig.of(settings), Clock.systemUTC());
    }

    /** A tracker record of {@code email} (the 5-day sequence's: no Template Type). */
    String tracker(String email) {
        return env.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", email)
                        .richText("First Name", "Jane")
                        .checkbox("Sequence Completed", false)
                        .build());
    }

    /** Schedules emails {@code numbers} of {@code sequence} for the record, due at {@code due}. */
    List<String> schedule(String sequence, String trackerId, String email, Instant due, int... numbers) {
        List<String> ids = new ArrayList<>();
        for (int number : numbers) {
            ScheduledSend send = new ScheduledSend(
                    sequence,
                    number,
                    templateOf(sequence, number),
                    email,
                    trackerId,
                    Map.of("first_name", "Jane", "business_name", "Jane's Salon"));
            schedule.add(send, due);
            ids.add(send.id());
        }
        return ids;
    }

    static String templateOf(String sequence, int number) {
        switch (sequence) {
            case "5day":
                return "5-Day E" + number;
            case "noshow":
                return "noshow_recovery_email_" + number;
            case "postcall":
                return "postcall_maybe_email_" + number;
            default:
                return "onboarding_phase1_email_" + number;
        }
    }

    static Instant later() {
        return Instant.now().plus(Duration.ofDays(1));
    }

    String state(String sendId) {
        return schedule.inspect(sendId).get("state");
    }

    boolean pending(String sendId) {
        String key = "{" + env.redisPrefix + "}:";
        return redis.zscore(key + "scheduled", sendId) != null
                || redis.zscore(key + "scheduled-jobs", sendId) != null
                || redis.zscore(key + "claimed", sendId) != null;
    }

    String logText() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        redis.close();
        env.close();
    }
}
