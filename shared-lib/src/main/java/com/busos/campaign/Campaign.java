package com.busos.campaign;

import com.busos.campaign.admin.CampaignAdmin;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.MissingConfigurationException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.delivery.EmailDelivery;
import com.busos.campaign.delivery.TemplateCache;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.enrolment.Enrolment;
import com.busos.campaign.followup.CalendlySignature;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.SequenceExits;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.health.ProviderChecks;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.DataSourceChoices;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionClient;
import com.busos.campaign.openfaas.GatewaySendHandoff;
import com.busos.campaign.ratelimit.RateLimitInterceptor;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.ratelimit.RedisRateLimiter;
import com.busos.campaign.ratelimit.RedisTokenBucket;
import com.busos.campaign.redis.RedisSuppressionStore;
import com.busos.campaign.resend.Mailer;
import com.busos.campaign.resend.ResendClient;
import com.busos.campaign.schedule.Backoff;
import com.busos.campaign.schedule.DeadLetterLimits;
import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.schedule.SequenceScheduler;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.signup.SignupService;
import com.busos.campaign.suppression.AnalyticsStatuses;
import com.busos.campaign.suppression.PublicGatewayUrl;
import com.busos.campaign.suppression.ResendEvents;
import com.busos.campaign.suppression.SuppressionService;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.suppression.UnsubscribeLinks;
import com.busos.campaign.suppression.UnsubscribeService;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.templates.NotionTemplates;
import com.busos.campaign.templates.TemplateCheck;
import com.busos.campaign.tracker.Analytics;
import com.busos.campaign.tracker.Contacts;
import com.busos.campaign.tracker.Templates;
import com.busos.campaign.tracker.Trackers;
import com.busos.campaign.webhook.ClientRateLimit;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.busos.campaign.webhook.WebhookAuth;
import com.busos.campaign.webhook.WebhookGate;
import com.busos.campaign.webhook.WebhookReplays;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.Getter;
import okhttp3.OkHttpClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Where the campaign is put together from its configuration: the one place that chooses and builds
 * the clients (real or sandbox). A function's module (the {@code Module} beside each Handler) asks it
 * for the services it needs, once per configuration ({@link Wiring}); it checks each service's settings
 * first and names any that are missing.
 */
public final class Campaign implements AutoCloseable {
    // The settings each service needs live with it; these names stay for the handlers.
    public static final List<Setting> SIGNUP_SETTINGS = SignupService.SETTINGS;
    public static final List<Setting> SEND_SETTINGS = EmailDelivery.SETTINGS;
    public static final List<Setting> DISPATCH_SETTINGS = Dispatcher.SETTINGS;
    public static final List<Setting> FOLLOW_UP_SETTINGS = FollowUpService.SETTINGS;
    public static final List<Setting> UNSUBSCRIBE_SETTINGS = UnsubscribeService.SETTINGS;
    public static final List<Setting> RESEND_EVENTS_SETTINGS = ResendEvents.SETTINGS;
    public static final List<Setting> ADMIN_SETTINGS = CampaignAdmin.SETTINGS;
    public static final List<Setting> TEMPLATE_CHECK_SETTINGS = TemplateCheck.SETTINGS;

    /** Attempts a send gets before it is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    public static final int DEFAULT_CLIENT_LIMIT_PER_MINUTE = 600;
    public static final int DEFAULT_DAILY_ENROLMENT_CAP = 2000;
    /** The dispatcher's sizing lives with it ({@link Dispatcher#sendsPerTick}). */
    public static final int DEFAULT_BATCH_SIZE = Dispatcher.DEFAULT_BATCH_SIZE;
    /** Notion's documented average for one integration. */
    public static final double DEFAULT_NOTION_RATE = 3.0;
    /** Resend's default per-team limit. */
    public static final double DEFAULT_RESEND_RATE = 2.0;

    public static final int NOTION_REQUESTS_PER_SEND = Dispatcher.NOTION_REQUESTS_PER_SEND;
    public static final Duration DISPATCH_BUDGET = Dispatcher.BUDGET;

    @Getter
    private final CampaignConfig config;

    private final Optional<LocalStandIns> standIns;
    /** The clock every service of this campaign reads. */
    @Getter
    private final Clock clock;

    private volatile UnifiedJedis redis;
    private final AtomicBoolean warnedNoUnsubscribe = new AtomicBoolean();

    public Campaign(CampaignConfig config, Clock clock) {
        // The season's defaults (deadline, campaign name) on the campaign's own clock.
        this.standIns = LocalStandIns.of(config);
        this.config =
                standIns.map(local -> local.withDefaults(config)).orElse(config).withClock(clock);
        this.clock = clock;
    }

    /** Logs, at a function's start, every setting it needs that is missing (by name, never a value). */
    public static void reportMissingAtStart(Log log, CampaignConfig config, List<Setting> required) {
        try {
            config.requireAll(required);
        } catch (RuntimeException missing) {
            log.error("config.missing").error(missing).write();
        }
    }

    /**
     * Logs, at a function's start, a setting {@code check} finds unusable ({@link InvalidSettingException}:
     * named, never its value); a missing one is {@link #reportMissingAtStart}'s to say.
     */
    public static void reportInvalidAtStart(Log log, Runnable check) {
        try {
            check.run();
        } catch (InvalidSettingException invalid) {
            log.error("config.invalid").error(invalid).write();
        } catch (MissingConfigurationException missing) {
            // said by reportMissingAtStart
        }
    }

    /** Closes what this campaign opened (the Redis pool); called when a new configuration replaces it. */
    @Override
    public void close() {
        UnifiedJedis client;
        synchronized (this) {
            client = redis;
            redis = null;
        }
        if (client != null) client.close();
    }

    public Schedule schedule() {
        return new Schedule(redis(), config.redisKeyPrefix(), deadLetterLimits());
    }

    /** DEAD_LETTER_MAX_ENTRIES (default 10,000) and DEAD_LETTER_MAX_AGE_DAYS (default 180). */
    public DeadLetterLimits deadLetterLimits() {
        return new DeadLetterLimits(
                config.intSetting(Setting.DEAD_LETTER_MAX_ENTRIES, DeadLetterLimits.DEFAULT_MAX_COUNT),
                Duration.ofDays(
                        config.intSetting(Setting.DEAD_LETTER_MAX_AGE_DAYS, DeadLetterLimits.DEFAULT_MAX_AGE_DAYS)));
    }

    public SignupService signupService(Log log) {
        config.requireAll(SignupService.SETTINGS);
        return new SignupService(enrolment(log));
    }

    public FollowUpService followUpService(Log log) {
        config.requireAll(FollowUpService.SETTINGS);
        return new FollowUpService(enrolment(log));
    }

    /** Ends the sequences a Calendly event ends (calendly-noshow: invitee.created, invitee_no_show.deleted). */
    public SequenceExits sequenceExits(Log log) {
        config.requireAll(FollowUpService.SETTINGS);
        NotionApi notion = notion();
        return new SequenceExits(
                schedule(),
                new Trackers(notion, config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID)),
                notion,
                clock,
                log);
    }

    /** What the signup and the follow-ups put a contact on a sequence with. */
    private Enrolment enrolment(Log log) {
        Schedule schedule = schedule();
        return new Enrolment(
                schedule,
                sequenceScheduler(schedule),
                suppressions(),
                dailyEnrolmentCap(),
                clock,
                config.campaignName(),
                log);
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
        Schedule schedule = schedule();
        Templates templates = new Templates(notion, config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID));
        return new EmailDelivery(
                schedule,
                new TemplateCache(
                        templates::find,
                        schedule::templatesVersion,
                        clock,
                        TemplateCache.TTL,
                        standIns.map(local -> "the template files in "
                                        + local.templatesFolder().toAbsolutePath() + " (<Template Name>.html)")
                                .orElse(TemplateCache.NOTION_SOURCE)),
                mailer(),
                crmJobs(log),
                new TemplateVariables(config.campaignDeadline(), clock),
                config.emailFrom(),
                clock,
                Backoff.standard(),
                maxAttempts(),
                log,
                suppressions(),
                unsubscribeLinks(log));
    }

    /** The CRM writes that follow the emails, as jobs in the schedule (send-email runs them). */
    public CrmJobs crmJobs(Log log) {
        NotionApi notion = notion();
        Optional<Analytics> analytics =
                config.get(Setting.NOTION_EMAIL_ANALYTICS_DB_ID).map(databaseId -> new Analytics(notion, databaseId));
        return new CrmJobs(
                schedule(),
                new Trackers(notion, config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID)),
                new Contacts(notion, config.require(Setting.NOTION_BUSINESSX_DB_ID)),
                analytics,
                clock,
                Backoff.standard(),
                maxAttempts(),
                log);
    }

    /** The suppression list (unsubscribed, bounced, complained addresses) in Redis. */
    public Suppressions suppressions() {
        return new Suppressions(new RedisSuppressionStore(redis(), config.redisKeyPrefix()));
    }

    public SuppressionService suppressionService(Log log) {
        return new SuppressionService(suppressions(), schedule(), clock, log);
    }

    /** Signs and verifies unsubscribe tokens; requires the unsubscribe-secret. */
    /** The brand on the pages recipients see (BRAND_NAME, BRAND_COLOR, BRAND_LOGO_URL; the emails' look by default). */
    public com.busos.campaign.config.Brand brand() {
        return com.busos.campaign.config.Brand.from(config);
    }

    public UnsubscribeTokens unsubscribeTokens() {
        return new UnsubscribeTokens(config.require(Setting.UNSUBSCRIBE_SECRET));
    }

    /**
     * The unsubscribe links put in every email, when both unsubscribe-secret and PUBLIC_GATEWAY_URL are
     * set. Otherwise emails go out without them, and the first send of this configuration says so (and
     * campaign-health fails). A PUBLIC_GATEWAY_URL that is not https (http in sandbox mode) is an
     * InvalidSettingException: send-email answers it as a configuration error rather than send a
     * non-conforming List-Unsubscribe.
     */
    public Optional<UnsubscribeLinks> unsubscribeLinks(Log log) {
        Optional<String> secret = config.get(Setting.UNSUBSCRIBE_SECRET);
        Optional<String> publicUrl = PublicGatewayUrl.of(config);
        if (secret.isPresent() && publicUrl.isPresent()) {
            return Optional.of(new UnsubscribeLinks(publicUrl.get(), new UnsubscribeTokens(secret.get())));
        }
        if (warnedNoUnsubscribe.compareAndSet(false, true)) {
            log.warn("unsubscribe.disabled")
                    .with(
                            "missing",
                            (secret.isPresent() ? "" : Setting.UNSUBSCRIBE_SECRET.label())
                                    + (secret.isEmpty() && publicUrl.isEmpty() ? ", " : "")
                                    + (publicUrl.isPresent() ? "" : Setting.PUBLIC_GATEWAY_URL.label()))
                    .with("detail", "emails are sent without List-Unsubscribe headers and {{unsubscribe_url}} is empty")
                    .write();
        }
        return Optional.empty();
    }

    public UnsubscribeService unsubscribeService(Log log) {
        config.requireAll(UNSUBSCRIBE_SETTINGS);
        NotionApi notion = notion();
        return new UnsubscribeService(
                suppressionService(log),
                new Trackers(notion, config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID)),
                notion,
                clock,
                log);
    }

    /** Resend's webhook events; the analytics database is updated when it and notion-token are set. */
    public ResendEvents resendEvents(Log log) {
        Optional<AnalyticsStatuses> analytics = Optional.empty();
        if (config.get(Setting.NOTION_TOKEN).isPresent()) {
            analytics = config.get(Setting.NOTION_EMAIL_ANALYTICS_DB_ID)
                    .map(databaseId -> new AnalyticsStatuses(notion(), databaseId));
        }
        return new ResendEvents(suppressionService(log), analytics, log);
    }

    /**
     * The checks in front of resend-events: body size, the Svix signature ({@code svix-*} headers, the
     * resend-webhook-secret, required: unsigned events are never accepted) and replays by {@code svix-id}.
     */
    public WebhookGate resendWebhookGate() {
        return new WebhookGate(resendSignature(), new WebhookReplays(redis(), config.redisKeyPrefix()));
    }

    /**
     * The verifier of Resend's (Svix) signatures with the resend-webhook-secret; a value that gives no
     * key is an InvalidSettingException naming the setting (answered 500, reported by campaign-health).
     */
    public StandardWebhookSignature resendSignature() {
        return StandardWebhookSignature.of(config, Setting.RESEND_WEBHOOK_SECRET, clock, StandardWebhookSignature.SVIX);
    }

    /** The verifier of the website webhooks' signatures with the webhook-secret (required here). */
    public StandardWebhookSignature websiteSignature() {
        return StandardWebhookSignature.of(config, Setting.WEBHOOK_SECRET, clock, StandardWebhookSignature.STANDARD);
    }

    /** The operator's view; its template check needs Notion (checked when it runs). */
    public CampaignAdmin admin(Log log) {
        return new CampaignAdmin(schedule(), suppressions(), this::templateCheck, clock, log);
    }

    /** campaign-health's checks: Redis, the required secrets, Notion's token and templates, Resend's key. */
    public HealthCheck healthCheck() {
        OkHttpClient quick = HttpClients.shared()
                .newBuilder()
                .callTimeout(Duration.ofSeconds(HealthCheck.CALL_TIMEOUT_SECONDS))
                .readTimeout(Duration.ofSeconds(HealthCheck.CALL_TIMEOUT_SECONDS))
                .build();
        HealthCheck.Providers providers = standIns.map(local -> local.health(clock))
                .orElseGet(() -> new ProviderChecks(config, quick, dataSourceChoices()));
        return new HealthCheck(
                config,
                this::redis,
                provider -> rateLimiter(provider, "resend".equals(provider) ? resendRate() : notionRate()),
                providers,
                clock);
    }

    public Dispatcher dispatcher(Log log) {
        config.requireAll(DISPATCH_SETTINGS);
        return new Dispatcher(
                schedule(),
                new GatewaySendHandoff(HttpClients.shared(), config.gatewayUrl()),
                sendsPerTick(),
                Dispatcher.jobsPerTick(
                        notionRate(),
                        notionRequestsPerSend(),
                        config.intSetting(Setting.DISPATCH_BATCH_SIZE, DEFAULT_BATCH_SIZE)),
                Dispatcher.inFlight(resendRate(), notionRate()),
                maxAttempts(),
                DISPATCH_BUDGET,
                clock,
                log);
    }

    /** {@link Dispatcher#sendsPerTick} for this configuration's rates and DISPATCH_BATCH_SIZE. */
    public int sendsPerTick() {
        return Dispatcher.sendsPerTick(
                resendRate(),
                notionRate(),
                notionRequestsPerSend(),
                config.intSetting(Setting.DISPATCH_BATCH_SIZE, DEFAULT_BATCH_SIZE));
    }

    /** Counted in docs/benchmarks.md, benchmark 3: one more when the analytics database is set. */
    public int notionRequestsPerSend() {
        return Dispatcher.notionRequestsPerSend(
                config.get(Setting.NOTION_EMAIL_ANALYTICS_DB_ID).isPresent());
    }

    public double notionRate() {
        return config.doubleSetting(Setting.NOTION_RATE_LIMIT, DEFAULT_NOTION_RATE);
    }

    public double resendRate() {
        return config.doubleSetting(Setting.RESEND_RATE_LIMIT, DEFAULT_RESEND_RATE);
    }

    /** {@link #webhookGate(boolean)} of a webhook that cancels no sequence. */
    public WebhookGate webhookGate() {
        return webhookGate(false);
    }

    /**
     * The checks in front of every website-called webhook: body size, and the Standard Webhooks
     * signature with replay answers when the webhook-secret is set. Without it ({@link WebhookAuth}):
     * unsigned calls pass in sandbox mode, or with WEBHOOK_AUTH=none unless {@code cancelsSequences}
     * (onboarding-start); otherwise every call is refused with 401.
     */
    public WebhookGate webhookGate(boolean cancelsSequences) {
        WebhookAuth.Mode mode = WebhookAuth.mode(config);
        WebhookGate gate;
        if (mode == WebhookAuth.Mode.SIGNED) {
            gate = new WebhookGate(websiteSignature(), new WebhookReplays(redis(), config.redisKeyPrefix()));
        } else if (WebhookAuth.acceptsUnsigned(mode, cancelsSequences)) {
            gate = WebhookGate.unsigned();
        } else {
            gate = WebhookGate.refusing(WebhookAuth.refusal(mode, cancelsSequences));
        }
        return gate.limitedBy(clientRateLimit());
    }

    /** INTAKE_CLIENT_LIMIT_PER_MINUTE (default {@value #DEFAULT_CLIENT_LIMIT_PER_MINUTE}; 0: no limit). */
    public ClientRateLimit clientRateLimit() {
        int perMinute = nonNegative(Setting.INTAKE_CLIENT_LIMIT_PER_MINUTE, DEFAULT_CLIENT_LIMIT_PER_MINUTE);
        if (perMinute == 0) return ClientRateLimit.off();
        return new ClientRateLimit(new RedisTokenBucket(redis()), config.redisKeyPrefix(), perMinute);
    }

    /** INTAKE_DAILY_ENROLMENT_CAP (default {@value #DEFAULT_DAILY_ENROLMENT_CAP}; 0: no cap). */
    public int dailyEnrolmentCap() {
        return nonNegative(Setting.INTAKE_DAILY_ENROLMENT_CAP, DEFAULT_DAILY_ENROLMENT_CAP);
    }

    private int nonNegative(Setting setting, int defaultValue) {
        int value;
        try {
            value = config.intSetting(setting, defaultValue);
        } catch (IllegalStateException notANumber) {
            throw new InvalidSettingException(
                    setting, "a whole number >= 0", config.get(setting).orElse(""));
        }
        if (value < 0) throw new InvalidSettingException(setting, "a whole number >= 0", Integer.toString(value));
        return value;
    }

    /** How the website webhooks are authenticated in this configuration. */
    public WebhookAuth.Mode webhookAuth() {
        return WebhookAuth.mode(config);
    }

    public int maxAttempts() {
        return config.intSetting(Setting.SEND_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * The template check (template-check function, campaign-admin): every template a sequence
     * references, read from the Email Templates database (in sandbox mode, the template files).
     */
    public TemplateCheck templateCheck() {
        config.requireAll(TEMPLATE_CHECK_SETTINGS);
        Templates templates = new Templates(notion(), config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID));
        return new TemplateCheck(templates::find);
    }

    /**
     * Notion's Email Templates database for the operator's template tools (push, pull, check --notion):
     * always the real Notion, without Redis (the tools run on their own; Notion's 429s are retried).
     */
    public NotionTemplates notionTemplates() {
        config.requireAll(TEMPLATE_CHECK_SETTINGS);
        return new NotionTemplates(
                new NotionClient(
                        NotionClient.builder(HttpClients.shared(), config.require(Setting.NOTION_TOKEN))
                                .retrying(Retrying.standard())
                                .build(),
                        config.notionBaseUrl(),
                        dataSourceChoices()),
                config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID));
    }

    /** Notion, or in sandbox mode (SANDBOX_DIR set) its local stand-in: the choice is made here only. */
    private NotionApi notion() {
        if (standIns.isPresent()) {
            return standIns.get().notion(config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID), clock);
        }
        return new NotionClient(
                NotionClient.builder(HttpClients.shared(), config.require(Setting.NOTION_TOKEN))
                        .retrying(Retrying.standard())
                        .rateLimit(new RateLimitInterceptor(rateLimiter("notion", notionRate())))
                        .observer(schedule().counters().providerObserver())
                        .build(),
                config.notionBaseUrl(),
                dataSourceChoices());
    }

    /**
     * Which data source of each configured Notion database the campaign uses: the one it has, or of
     * several the one its NOTION_*_DATA_SOURCE_ID names (checked at first use, see {@link NotionClient}).
     */
    private DataSourceChoices dataSourceChoices() {
        DataSourceChoices choices = DataSourceChoices.NONE;
        for (Setting database : Setting.NOTION_DATABASES) {
            Optional<String> id = config.get(database);
            Setting dataSource = database.dataSourceSetting().orElseThrow();
            if (id.isPresent()) {
                choices = choices.with(id.get(), database.label(), dataSource.label(), config.get(dataSource));
            }
        }
        return choices;
    }

    /** Resend, or in sandbox mode the outbox folder. */
    private Mailer mailer() {
        if (standIns.isPresent()) return standIns.get().mailer(clock);
        return new ResendClient(
                ResendClient.builder(
                                HttpClients.shared(), config.require(Setting.RESEND_API_KEY), ResendClient.USER_AGENT)
                        .retrying(Retrying.standard())
                        .rateLimit(new RateLimitInterceptor(rateLimiter("resend", resendRate())))
                        .observer(schedule().counters().providerObserver())
                        .build(),
                config.resendBaseUrl());
    }

    /**
     * The token bucket's size. One, not the rate: a bucket of {@code b} tokens filled at {@code r} per
     * second lets {@code b + r} requests through in the first second after an idle spell (every tick's
     * start), so a bucket as large as the rate sends twice a provider's per-second limit and is answered
     * with 429s (DrainTest: 606 requests in one second at 400/s). With one token, a second carries at
     * most one request more than the rate, and only if every wait ended exactly on time.
     */
    public static final int RATE_LIMIT_BURST = 1;

    /** One bucket per provider in Redis, shared by every replica of every function. */
    private RateLimiter rateLimiter(String provider, double rate) {
        return new RedisRateLimiter(
                redis(),
                config.redisKeyPrefix(),
                provider,
                rate,
                RATE_LIMIT_BURST,
                Duration.ofSeconds(10),
                Retrying.REAL_SLEEP);
    }

    private UnifiedJedis redis() {
        UnifiedJedis client = redis;
        if (client == null) {
            synchronized (this) {
                if (redis == null) {
                    String user = config.get(Setting.REDIS_USER).orElse(null);
                    String password = config.get(Setting.REDIS_PASSWORD).orElse(null);
                    // REDIS_CLUSTER_NODES, when set, wins over REDIS_URL (which stack.yml always sets).
                    try {
                        redis = config.redisClusterNodes()
                                .<UnifiedJedis>map(nodes -> RedisConnections.openCluster(nodes, user, password))
                                .orElseGet(() -> RedisConnections.open(config.redisUrl(), user, password));
                    } catch (JedisException unreachable) {
                        // A cluster client asks the nodes for the slots when it opens: none answered.
                        // Tried again by the next call; answered as Redis unavailable (503) meanwhile.
                        throw new ScheduleUnavailableException(
                                "Redis unavailable: " + unreachable.getMessage(), unreachable);
                    }
                }
                client = redis;
            }
        }
        return client;
    }
}
