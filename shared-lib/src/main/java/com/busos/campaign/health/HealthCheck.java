package com.busos.campaign.health;

import com.busos.campaign.admin.CampaignAdmin;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.delivery.EmailDelivery;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.notion.DataSource;
import com.busos.campaign.notion.DataSourceConfigurationException;
import com.busos.campaign.notion.NotionClient;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.resend.ResendClient;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.signup.SignupService;
import com.busos.campaign.suppression.PublicGatewayUrl;
import com.busos.campaign.suppression.ResendEvents;
import com.busos.campaign.suppression.UnsubscribeLinks;
import com.busos.campaign.suppression.UnsubscribeService;
import com.busos.campaign.templates.TemplateCheck;
import com.busos.campaign.tracker.Templates;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.busos.campaign.webhook.WebhookAuth;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import lombok.Getter;
import lombok.RequiredArgsConstructor;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * What {@code campaign-health} checks after a deploy, each answered as a {@link Check}:
 * <ol>
 *   <li>{@value #REDIS}: Redis answers PING (REDIS_URL, redis-password); on a Redis Cluster
 *       (REDIS_CLUSTER_NODES) the master that owns the campaign's slot, found by reading a campaign key;</li>
 *   <li>{@value #SECRETS}: every secret some function requires is set (names only, never values; in
 *       sandbox mode not those of {@link #NOT_NEEDED_IN_SANDBOX}), and
 *       the website webhooks are authenticated ({@link WebhookAuth}): failing without webhook-secret
 *       unless WEBHOOK_AUTH=none, which passes with a warning in the detail; a webhook-secret or
 *       resend-webhook-secret that gives no key ({@code whsec_} alone, not base64) fails it;</li>
 *   <li>{@value #UNSUBSCRIBE}: every email would carry List-Unsubscribe: unsubscribe-secret and
 *       PUBLIC_GATEWAY_URL set, the URL https (http too in sandbox mode, where a missing one only warns:
 *       the outbox is not a mailbox);</li>
 *   <li>{@value #NOTION}: Notion accepts the token ({@code GET /v1/users/me});</li>
 *   <li>{@value #DATA_SOURCES}: each configured Notion database's data source is found the way the
 *       functions find it ({@code GET /v1/databases/{id}}): its only one, or of several the one its
 *       NOTION_*_DATA_SOURCE_ID names; failing, with the setting and the data sources found, when
 *       that setting is needed and not set, or names a data source the database does not have;</li>
 *   <li>{@value #TEMPLATES}: every template named in sequences.json is in the Email Templates database
 *       with a non-empty subject and body, found the way send-email finds it ({@link Templates}); the
 *       content checks (placeholders, HTML) are the template-check function's;</li>
 *   <li>{@value #RESEND}: Resend accepts the API key ({@code GET /domains}; a sending-only key, which
 *       Resend answers 401 {@code restricted_api_key}, is valid for sending and counts as accepted).</li>
 * </ol>
 * The providers are given ({@link Providers}): through {@link NotionClient} and {@link ResendClient}
 * ({@link ProviderChecks}), or in sandbox mode the sandbox's stand-ins, as the functions would use.
 * Each check catches its own failures, so one broken dependency never hides the others. The provider
 * calls are short (no in-call retries, {@value #CALL_TIMEOUT_SECONDS} s each) and the template queries
 * stop after {@value #TEMPLATE_BUDGET_SECONDS} s, so the whole run fits the function's exec_timeout.
 */
@RequiredArgsConstructor
public final class HealthCheck {
    public static final String REDIS = "redis";
    public static final String SECRETS = "secrets";
    public static final String UNSUBSCRIBE = "unsubscribe";
    public static final String NOTION = "notion";
    public static final String DATA_SOURCES = "data-sources";
    public static final String TEMPLATES = "templates";
    public static final String RESEND = "resend";

    public static final int CALL_TIMEOUT_SECONDS = 5;
    public static final int TEMPLATE_BUDGET_SECONDS = 10;

    /** The settings with a secret that a function of the stack cannot work without (union of their lists). */
    public static final List<Setting> REQUIRED_SECRETS = requiredSecrets();

    /**
     * Required secrets the sandbox (SANDBOX_DIR) has no use for: resend-webhook-secret signs the events
     * Resend posts to resend-events, and Resend never calls a sandbox (its emails go to the outbox).
     */
    public static final List<Setting> NOT_NEEDED_IN_SANDBOX = List.of(Setting.RESEND_WEBHOOK_SECRET);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One check's outcome: what was checked, whether it passed, and what was found (never a secret value). */
    @RequiredArgsConstructor
    @Getter
    public static final class Check {
        private final String name;
        private final boolean ok;
        private final String detail;

        public ObjectNode toJson() {
            return NODES.objectNode().put("name", name).put("ok", ok).put("detail", detail);
        }

        @Override
        public String toString() {
            return name + (ok ? " ok: " : " FAILING: ") + detail;
        }
    }

    /**
     * The providers as this deploy has them, chosen by the wiring (the real Notion and Resend through
     * {@link NotionClient} and {@link ResendClient}, see {@link ProviderChecks}; in sandbox mode, the
     * sandbox's stand-ins): the health check itself never asks which.
     */
    public interface Providers {
        /** Is Notion's token accepted? Requests take their tokens from {@code limiter}. */
        Check notion(RateLimiter limiter);

        /** The database's data source, found the way the functions find it (may throw {@link DataSourceConfigurationException}). */
        DataSource dataSource(String databaseId, RateLimiter limiter);

        /** The Email Templates database, read the way send-email reads it. */
        Templates templates(String databaseId, RateLimiter limiter);

        /** Said after a templates check that passed (e.g. where the templates were read), or "". */
        String templatesNote();

        /** Is Resend's key accepted? */
        Check resend(RateLimiter limiter);
    }

    private final CampaignConfig config;
    /** The campaign's Redis client (may throw when REDIS_URL is unusable). */
    private final Supplier<UnifiedJedis> redis;
    /** The shared rate limiter of a provider ("notion", "resend"); used only when Redis answered. */
    private final Function<String, RateLimiter> rateLimiters;
    /** Notion and Resend as this deploy has them. */
    private final Providers providers;

    private final Clock clock;

    /** Runs every check, in a fixed order: redis, secrets, unsubscribe, notion, data-sources, templates, resend. */
    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        Check redisCheck = guarded(REDIS, this::checkRedis);
        checks.add(redisCheck);
        checks.add(guarded(SECRETS, this::checkSecrets));
        checks.add(guarded(UNSUBSCRIBE, this::checkUnsubscribe));
        RateLimiter notionLimiter = redisCheck.ok() ? rateLimiters.apply("notion") : RateLimiter.NONE;
        Check notion = guarded(NOTION, () -> providers.notion(notionLimiter));
        checks.add(notion);
        checks.add(guarded(DATA_SOURCES, () -> checkDataSources(notion, notionLimiter)));
        checks.add(guarded(TEMPLATES, () -> checkTemplates(notion, notionLimiter)));
        RateLimiter resendLimiter = redisCheck.ok() ? rateLimiters.apply("resend") : RateLimiter.NONE;
        checks.add(guarded(RESEND, () -> providers.resend(resendLimiter)));
        return checks;
    }

    /**
     * The checks that cost no provider request (redis, secrets, unsubscribe): what an anonymous
     * caller's ok/failing is made of.
     */
    public List<Check> runLocal() {
        List<Check> checks = new ArrayList<>();
        checks.add(guarded(REDIS, this::checkRedis));
        checks.add(guarded(SECRETS, this::checkSecrets));
        checks.add(guarded(UNSUBSCRIBE, this::checkUnsubscribe));
        return checks;
    }

    public static boolean allOk(List<Check> checks) {
        return checks.stream().allMatch(Check::ok);
    }

    /** {@code {"status":"ok"|"failing","checks":[{"name","ok","detail"}…]}}. */
    public static ObjectNode toJson(List<Check> checks) {
        ObjectNode answer = NODES.objectNode();
        answer.put("status", allOk(checks) ? "ok" : "failing");
        ArrayNode array = answer.putArray("checks");
        checks.forEach(check -> array.add(check.toJson()));
        return answer;
    }

    private static Check guarded(String name, Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException unexpected) {
            return new Check(name, false, describe(unexpected));
        }
    }

    // ---- the checks ----

    private Check checkRedis() {
        String where = config.redisLocation();
        try {
            UnifiedJedis client = redis.get();
            if (client instanceof RedisClusterClient) return checkClusterRedis((RedisClusterClient) client, where);
            String answer = client.ping();
            return new Check(REDIS, "PONG".equalsIgnoreCase(answer), "PING answered " + answer + " (" + where + ")");
        } catch (RuntimeException e) {
            return new Check(REDIS, false, where + ": " + describe(e));
        }
    }

    /**
     * On a cluster, PING on any node proves nothing: the campaign's keys live in one slot (one hash tag),
     * so the check reads a campaign key (routed to the slot's owner, following MOVED and ASK, which also
     * refreshes the client's map of the slots), then PINGs the master the client now takes for the owner.
     */
    private Check checkClusterRedis(RedisClusterClient cluster, String where) {
        String key = "{" + config.redisKeyPrefix() + "}:scheduled";
        int slot = JedisClusterCRC16.getSlot(key);
        String owner = "slot " + slot + " ({" + config.redisKeyPrefix() + "})";
        try {
            cluster.exists(key);
            try (Connection connection = cluster.getConnectionFromSlot(slot)) {
                owner = "the owner of " + owner + ", " + connection.getHostAndPort();
                String answer = connection.executeCommand(
                        new CommandObject<>(new CommandArguments(Protocol.Command.PING), BuilderFactory.STRING));
                return new Check(
                        REDIS,
                        "PONG".equalsIgnoreCase(answer),
                        "PING answered " + answer + " by " + owner + " (" + where + ")");
            }
        } catch (RuntimeException e) {
            return new Check(REDIS, false, owner + " (" + where + "): " + describe(e));
        }
    }

    private Check checkSecrets() {
        boolean sandbox = config.get(Setting.SANDBOX_DIR).isPresent();
        List<Setting> required = sandbox
                ? REQUIRED_SECRETS.stream()
                        .filter(s -> !NOT_NEEDED_IN_SANDBOX.contains(s))
                        .collect(Collectors.toList())
                : REQUIRED_SECRETS;
        List<String> missing = required.stream()
                .filter(s -> config.get(s).isEmpty())
                .map(Setting::label)
                .collect(Collectors.toCollection(ArrayList::new));
        List<String> invalid = new ArrayList<>();
        WebhookAuth.Mode webhooks = null;
        try {
            webhooks = WebhookAuth.mode(config);
        } catch (InvalidSettingException unusable) {
            invalid.add(unusable.getMessage());
        }
        // resend-events' secret is read as the website's is: one that gives no key answers every event 500
        config.get(Setting.RESEND_WEBHOOK_SECRET).ifPresent(secret -> {
            try {
                StandardWebhookSignature.check(Setting.RESEND_WEBHOOK_SECRET, secret);
            } catch (InvalidSettingException unusable) {
                invalid.add(unusable.getMessage());
            }
        });
        if (webhooks == WebhookAuth.Mode.SECRET_MISSING) missing.add(Setting.WEBHOOK_SECRET.label());
        if (!missing.isEmpty() || !invalid.isEmpty()) {
            List<String> problems = new ArrayList<>();
            if (!missing.isEmpty()) {
                String detail = "missing: " + String.join(", ", missing);
                if (webhooks == WebhookAuth.Mode.SECRET_MISSING) {
                    detail += " (the website webhooks refuse every call; WEBHOOK_AUTH=none accepts unsigned ones)";
                }
                problems.add(detail);
            }
            problems.addAll(invalid);
            return new Check(SECRETS, false, String.join("; ", problems));
        }
        return new Check(
                SECRETS,
                true,
                "all " + required.size() + " required secrets are set: "
                        + required.stream().map(Setting::secretName).collect(Collectors.joining(", "))
                        + (sandbox
                                ? "; not needed in sandbox mode: "
                                        + NOT_NEEDED_IN_SANDBOX.stream()
                                                .map(Setting::secretName)
                                                .collect(Collectors.joining(", "))
                                        + " (Resend sends no events to the sandbox)"
                                : "")
                        + "; " + webhookDetail(webhooks));
    }

    /**
     * Would every email carry List-Unsubscribe (what send-email builds from unsubscribe-secret and
     * PUBLIC_GATEWAY_URL, {@link PublicGatewayUrl})? Bulk senders must offer one-click unsubscribe.
     */
    private Check checkUnsubscribe() {
        Optional<String> url;
        try {
            url = PublicGatewayUrl.of(config);
        } catch (InvalidSettingException unusable) {
            return new Check(UNSUBSCRIBE, false, unusable.getMessage() + " (send-email refuses to send with it)");
        }
        List<String> missing = new ArrayList<>();
        if (config.get(Setting.UNSUBSCRIBE_SECRET).isEmpty()) missing.add(Setting.UNSUBSCRIBE_SECRET.label());
        if (url.isEmpty()) missing.add(Setting.PUBLIC_GATEWAY_URL.label());
        if (!missing.isEmpty()) {
            String detail = "emails go out without List-Unsubscribe and {{unsubscribe_url}} is empty: "
                    + String.join(", ", missing) + " not set";
            if (config.get(Setting.SANDBOX_DIR).isPresent()) {
                return new Check(UNSUBSCRIBE, true, "warning (sandbox mode, emails go to the outbox): " + detail);
            }
            return new Check(UNSUBSCRIBE, false, detail + " (Gmail and Yahoo require one-click unsubscribe)");
        }
        return new Check(
                UNSUBSCRIBE,
                true,
                "every email carries List-Unsubscribe and List-Unsubscribe-Post (one-click): "
                        + url.get().replaceAll("/+$", "") + UnsubscribeLinks.FUNCTION_PATH);
    }

    /** What the secrets check says about the website webhooks' authentication when it passes. */
    private static String webhookDetail(WebhookAuth.Mode mode) {
        switch (mode) {
            case SIGNED:
                return "webhooks: signed (webhook-secret is set)";
            case SANDBOX_UNSIGNED:
                return "webhooks: sandbox mode without webhook-secret, unsigned webhooks are accepted";
            default:
                return "warning: WEBHOOK_AUTH=none, unsigned webhooks are accepted (onboarding-start still"
                        + " refuses them: set webhook-secret (WEBHOOK_SECRET))";
        }
    }

    private Check checkDataSources(Check notion, RateLimiter limiter) {
        List<Setting> databases = Setting.NOTION_DATABASES.stream()
                .filter(setting -> config.get(setting).isPresent())
                .collect(Collectors.toList());
        if (databases.isEmpty()) return new Check(DATA_SOURCES, false, "not checked: no Notion database is set");
        if (!notion.ok()) return new Check(DATA_SOURCES, false, "not checked: the Notion check failed");
        List<String> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Setting database : databases) {
            try {
                DataSource source = providers.dataSource(config.require(database), limiter);
                found.add(database.envName() + ": " + source);
            } catch (DataSourceConfigurationException misconfigured) {
                problems.add(misconfigured.getMessage());
            } catch (ProviderException failure) {
                problems.add(database.label() + ": reading the database failed: " + failure.getMessage());
            }
        }
        if (!problems.isEmpty()) return new Check(DATA_SOURCES, false, String.join("; ", problems));
        return new Check(DATA_SOURCES, true, "data sources in use: " + String.join(", ", found));
    }

    private Check checkTemplates(Check notion, RateLimiter limiter) {
        List<String> needs = new ArrayList<>();
        for (Setting setting : TemplateCheck.SETTINGS) {
            if (config.get(setting).isEmpty()) needs.add(setting.label());
        }
        if (!needs.isEmpty())
            return new Check(TEMPLATES, false, "not checked: " + String.join(", ", needs) + " not set");
        if (!notion.ok()) return new Check(TEMPLATES, false, "not checked: the Notion check failed");
        Templates templates = providers.templates(config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID), limiter);
        Instant deadline = clock.instant().plusSeconds(TEMPLATE_BUDGET_SECONDS);
        Set<String> names = new LinkedHashSet<>();
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) names.add(email.template());
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String name : names) {
            if (clock.instant().isAfter(deadline)) {
                problems.add("stopped after " + TEMPLATE_BUDGET_SECONDS + " s: " + (names.size() - checked)
                        + " not checked");
                break;
            }
            Optional<EmailTemplate> template;
            try {
                template = templates.find(name);
            } catch (ProviderException | DataSourceConfigurationException failure) {
                // the database itself is unusable (not shared with the integration, wrong id, which data
                // source unknown…): say so once
                return new Check(
                        TEMPLATES, false, "querying the Email Templates database failed: " + failure.getMessage());
            }
            checked++;
            if (template.isEmpty()) problems.add(name + ": not found");
            else if (template.get().subject().trim().isEmpty()) problems.add(name + ": empty Subject Line");
            else if (template.get().html().trim().isEmpty()) problems.add(name + ": empty Email Body HTML");
        }
        if (!problems.isEmpty()) {
            return new Check(
                    TEMPLATES,
                    false,
                    problems.size() + " of " + names.size() + " templates unusable: " + String.join("; ", problems));
        }
        return new Check(
                TEMPLATES,
                true,
                "all " + names.size() + " templates of sequences.json have a subject and a body"
                        + providers.templatesNote());
    }

    // ---- helpers ----

    /** The exception's class and message, and its cause's when it adds something (never a secret). */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null
                && cause != e
                && cause.getMessage() != null
                && !String.valueOf(e.getMessage()).contains(cause.getMessage())) {
            text.append(" (")
                    .append(cause.getClass().getSimpleName())
                    .append(": ")
                    .append(cause.getMessage())
                    .append(")");
        }
        return text.toString();
    }

    private static List<Setting> requiredSecrets() {
        Set<Setting> union = new LinkedHashSet<>();
        for (List<Setting> settings : List.of(
                SignupService.SETTINGS,
                FollowUpService.SETTINGS,
                EmailDelivery.SETTINGS,
                Dispatcher.SETTINGS,
                UnsubscribeService.SETTINGS,
                ResendEvents.SETTINGS,
                CampaignAdmin.SETTINGS,
                TemplateCheck.SETTINGS)) {
            for (Setting setting : settings) {
                if (setting.secretName() != null) union.add(setting);
            }
        }
        return List.copyOf(union);
    }
}
