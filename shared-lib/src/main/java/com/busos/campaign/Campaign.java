package com.busos.campaign;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.delivery.EmailDelivery;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.dispatch.GatewaySendHandoff;
import com.busos.campaign.followup.CalendlySignature;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionClient;
import com.busos.campaign.resend.Mailer;
import com.busos.campaign.resend.ResendClient;
import com.busos.campaign.schedule.Backoff;
import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.signup.SignupService;
import com.busos.campaign.tracker.Analytics;
import com.busos.campaign.tracker.Contacts;
import com.busos.campaign.tracker.Templates;
import com.busos.campaign.tracker.Trackers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the campaign is put together from its configuration: the one place that chooses and builds
 * the clients. Functions ask it for a service; it checks that service's settings first and names any
 * that are missing. Built once per configuration and shared by the calls of a function instance.
 */
public final class Campaign {
    public static final List<Setting> SIGNUP_SETTINGS = List.of(Setting.NOTION_TOKEN,
            Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.NOTION_BUSINESSX_DB_ID);
    public static final List<Setting> SEND_SETTINGS = List.of(Setting.NOTION_TOKEN,
            Setting.NOTION_EMAIL_TEMPLATES_DB_ID, Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.RESEND_API_KEY);
    public static final List<Setting> DISPATCH_SETTINGS = List.of();
    /** calendly-noshow, postcall-maybe, onboarding-start (CALENDLY_SIGNING_KEY is optional). */
    public static final List<Setting> FOLLOW_UP_SETTINGS = List.of(Setting.NOTION_TOKEN,
            Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.NOTION_BUSINESSX_DB_ID);

    /** Attempts a send gets before it is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    /** Sends one dispatcher tick claims (it runs every minute; send-email takes about a second each). */
    public static final int DEFAULT_BATCH_SIZE = 20;

    private static final AtomicReference<Campaign> CURRENT = new AtomicReference<>();

    private final CampaignConfig config;
    private final Clock clock;
    private volatile UnifiedJedis redis;

    public Campaign(CampaignConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The campaign for the current configuration (re-read on every call: secrets can be rotated). */
    public static Campaign current() {
        CampaignConfig config = CampaignConfig.load();
        Campaign campaign = CURRENT.get();
        if (campaign == null || !campaign.config.equals(config)) {
            campaign = new Campaign(config, Clock.systemUTC());
            CURRENT.set(campaign);
        }
        return campaign;
    }

    public CampaignConfig config() {
        return config;
    }

    /** Logs, at a function's start, every setting it needs that is missing (by name, never a value). */
    public static void reportMissingAtStart(Log log, List<Setting> required) {
        try {
            current().config.requireAll(required);
        } catch (RuntimeException missing) {
            log.error("config.missing").error(missing).write();
        }
    }

    public Schedule schedule() {
        return new Schedule(redis(), config.redisKeyPrefix());
    }

    public SignupService signupService(Log log) {
        config.requireAll(SIGNUP_SETTINGS);
        NotionApi notion = notion();
        Schedule schedule = schedule();
        return new SignupService(new Trackers(notion, config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID)),
                new Contacts(notion, config.require(Setting.NOTION_BUSINESSX_DB_ID)), schedule,
                sequenceScheduler(schedule), clock, config.campaignName(), log);
    }

    public FollowUpService followUpService(Log log) {
        config.requireAll(FOLLOW_UP_SETTINGS);
        NotionApi notion = notion();
        Schedule schedule = schedule();
        return new FollowUpService(new Trackers(notion, config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID)),
                new Contacts(notion, config.require(Setting.NOTION_BUSINESSX_DB_ID)), schedule,
                sequenceScheduler(schedule), clock, config.campaignName(), log);
    }

    /** The verifier of Calendly's webhook signature, when the calendly-signing-key secret is set. */
    public Optional<CalendlySignature> calendlySignature() {
        return config.get(Setting.CALENDLY_SIGNING_KEY).map(key -> new CalendlySignature(key, clock));
    }

    public SequenceScheduler sequenceScheduler(Schedule schedule) {
        return new SequenceScheduler(schedule, clock, config.testingMode());
    }

    public EmailDelivery emailDelivery(Log log) {
        config.requireAll(SEND_SETTINGS);
        NotionApi notion = notion();
        Optional<Analytics> analytics = config.get(Setting.NOTION_EMAIL_ANALYTICS_DB_ID)
                .map(databaseId -> new Analytics(notion, databaseId));
        return new EmailDelivery(schedule(),
                new Trackers(notion, config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID)),
                new Templates(notion, config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID)),
                mailer(), analytics, new TemplateVariables(config.campaignDeadline(), clock), config.emailFrom(),
                clock, Backoff.standard(), maxAttempts(), log);
    }

    public Dispatcher dispatcher(Log log) {
        config.requireAll(DISPATCH_SETTINGS);
        return new Dispatcher(schedule(), new GatewaySendHandoff(HttpClients.shared(), config.gatewayUrl()),
                config.intSetting(Setting.DISPATCH_BATCH_SIZE, DEFAULT_BATCH_SIZE), maxAttempts(),
                Duration.ofSeconds(40), clock, log);
    }

    public int maxAttempts() {
        return config.intSetting(Setting.SEND_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS);
    }

    private NotionApi notion() {
        return new NotionClient(HttpClients.shared(), config.notionBaseUrl(), config.require(Setting.NOTION_TOKEN),
                Retrying.standard());
    }

    private Mailer mailer() {
        return new ResendClient(HttpClients.shared(), config.resendBaseUrl(), config.require(Setting.RESEND_API_KEY),
                Retrying.standard());
    }

    private UnifiedJedis redis() {
        UnifiedJedis client = redis;
        if (client == null) {
            synchronized (this) {
                if (redis == null) {
                    redis = RedisConnections.open(config.redisUrl(), config.get(Setting.REDIS_PASSWORD).orElse(null));
                }
                client = redis;
            }
        }
        return client;
    }
}
