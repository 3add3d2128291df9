package com.busos.campaign.testing;

import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.redis.RedisSuppressionStore;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.suppression.Suppressions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one harness of every function's handler test: a whole campaign's surroundings ({@link TestCampaign})
 * and a configuration of the handler's own, given to its constructor as {@code new Handler(harness.config())}.
 * Nothing is put in system properties, so handler tests can run in parallel; a setting changed
 * between two calls ({@link #set}, {@link #clear}) is seen by the next call, as a rotated secret would be.
 * A test class holds one per test: {@code @RegisterExtension final HandlerHarness harness = new HandlerHarness();}
 * (closed after each test).
 */
public final class HandlerHarness implements AutoCloseable, AfterEachCallback {
    public final TestCampaign campaign = new TestCampaign();
    private final Properties settings = new Properties();
    private volatile Path secretsDir = Paths.get("target", "no-secrets");
    private UnifiedJedis redis;

    /** Every setting of a fully configured campaign against the stand-ins. */
    public HandlerHarness() {
        campaign.settings().forEach((setting, value) -> settings.setProperty(setting.envName(), value));
    }

    /** The configuration the handler reads: these settings, and secret files only from {@link #secretsIn}. */
    public Supplier<ConfigSource> config() {
        return () -> new ConfigSource(secretsDir, settings, Map.of());
    }

    public HandlerHarness set(Setting setting, String value) {
        return set(setting.envName(), value);
    }

    /** A setting by its environment name (e.g. "NOTION_RATE_LIMIT"). */
    public HandlerHarness set(String envName, String value) {
        settings.setProperty(envName, value);
        return this;
    }

    public HandlerHarness clear(Setting setting) {
        return clear(setting.envName());
    }

    public HandlerHarness clear(String envName) {
        settings.remove(envName);
        return this;
    }

    /** No setting at all (then {@link #set} only what a test needs). */
    public HandlerHarness clearAll() {
        settings.clear();
        return this;
    }

    /** Secret files are read from {@code dir} (one file per secret, as OpenFaaS mounts them). */
    public HandlerHarness secretsIn(Path dir) {
        secretsDir = dir;
        return this;
    }

    /**
     * {@code headers} with a Standard Webhooks signature of {@code body} by the webhook-secret set now
     * (as the website signs); the headers as they are when no secret is set.
     */
    public Map<String, String> signed(String body, Map<String, String> headers) {
        String secret = settings.getProperty(Setting.WEBHOOK_SECRET.envName());
        if (secret == null || secret.trim().isEmpty()) return headers;
        return TestCampaign.signed(secret, body, headers);
    }

    public String redisPrefix() {
        return campaign.redisPrefix;
    }

    /** Runs the due CRM jobs (tracker records, contacts, the Notion mirror), as the dispatcher would. */
    public java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> runCrmJobs() {
        return CrmWork.runDue(new com.busos.campaign.Campaign(
                com.busos.campaign.config.CampaignConfig.from(config().get()), java.time.Clock.systemUTC()));
    }

    /** This campaign's schedule, on the test's own Redis connection (closed after the test). */
    public synchronized Schedule schedule() {
        return new Schedule(redis(), campaign.redisPrefix);
    }

    /**
     * Puts {@code send} in the dead-letter set with {@code error}, as the sender leaves one it gave up on:
     * scheduled as due long ago, claimed (the oldest due send), dead-lettered. Returns its id.
     */
    public String deadLetter(ScheduledSend send, String error) {
        Schedule schedule = schedule();
        schedule.add(send, Instant.parse("2020-01-01T00:00:00Z"));
        schedule.deadLetter(schedule.claimDue(10, Duration.ofMinutes(5), 8).get(0), error);
        return send.id();
    }

    /** This campaign's suppression list, likewise. */
    public synchronized Suppressions suppressions() {
        return new Suppressions(new RedisSuppressionStore(redis(), campaign.redisPrefix));
    }

    private UnifiedJedis redis() {
        if (redis == null) redis = TestRedis.client();
        return redis;
    }

    /** The sends pending in this campaign's schedule. */
    public long scheduledCount() {
        try (UnifiedJedis redis = TestRedis.client()) {
            return new Schedule(redis, campaign.redisPrefix).countScheduled();
        }
    }

    /** Every Redis key under this campaign's prefix but the per-client call counters ({@link TestRedis#campaignKeys}). */
    public long redisKeyCount() {
        try (UnifiedJedis redis = TestRedis.client()) {
            return TestRedis.campaignKeys(redis, campaign.redisPrefix).size();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public synchronized void close() {
        if (redis != null) redis.close();
        redis = null;
        campaign.close();
    }
}
