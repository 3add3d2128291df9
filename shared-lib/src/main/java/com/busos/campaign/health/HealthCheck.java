package com.busos.campaign.health;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.notion.NotionClient;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.sandbox.Sandbox;
import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.Templates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import redis.clients.jedis.UnifiedJedis;

/**
 * What {@code campaign-health} checks after a deploy, each answered as a {@link Check}:
 * <ol>
 *   <li>{@value #REDIS}: Redis answers PING (REDIS_URL, redis-password);</li>
 *   <li>{@value #SECRETS}: every secret some function requires is set (names only, never values);</li>
 *   <li>{@value #NOTION}: Notion accepts the token ({@code GET /v1/users/me});</li>
 *   <li>{@value #TEMPLATES}: every template named in sequences.json is in the Email Templates database
 *       with a non-empty subject and body, found the way send-email finds it ({@link Templates}); the
 *       content checks (placeholders, HTML) are the template-check function's;</li>
 *   <li>{@value #RESEND}: Resend accepts the API key ({@code GET /domains}; a sending-only key, which
 *       Resend answers 401 {@code restricted_api_key}, is valid for sending and counts as accepted).</li>
 * </ol>
 * In sandbox mode (SANDBOX_DIR) Notion and Resend are not called: the templates are read from the
 * sandbox's store (the template files), as the functions would.
 * Each check catches its own failures, so one broken dependency never hides the others. The provider
 * calls are short (no in-call retries, {@value #CALL_TIMEOUT_SECONDS} s each) and the template queries
 * stop after {@value #TEMPLATE_BUDGET_SECONDS} s, so the whole run fits the function's exec_timeout.
 */
public final class HealthCheck {
    public static final String REDIS = "redis";
    public static final String SECRETS = "secrets";
    public static final String NOTION = "notion";
    public static final String TEMPLATES = "templates";
    public static final String RESEND = "resend";

    public static final int CALL_TIMEOUT_SECONDS = 5;
    public static final int TEMPLATE_BUDGET_SECONDS = 10;

    /** The settings with a secret that a function of the stack cannot work without (union of their lists). */
    public static final List<Setting> REQUIRED_SECRETS = requiredSecrets();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String USER_AGENT = "christmas-campaign-health/1.0 (openfaas)";

    /** One check's outcome: what was checked, whether it passed, and what was found (never a secret value). */
    public static final class Check {
        private final String name;
        private final boolean ok;
        private final String detail;

        public Check(String name, boolean ok, String detail) {
            this.name = name;
            this.ok = ok;
            this.detail = detail;
        }

        public String name() {
            return name;
        }

        public boolean ok() {
            return ok;
        }

        public String detail() {
            return detail;
        }

        public ObjectNode toJson() {
            return NODES.objectNode().put("name", name).put("ok", ok).put("detail", detail);
        }

        @Override
        public String toString() {
            return name + (ok ? " ok: " : " FAILING: ") + detail;
        }
    }

    private final CampaignConfig config;
    private final Supplier<UnifiedJedis> redis;
    private final Function<String, RateLimiter> rateLimiters;
    private final OkHttpClient http;
    private final Clock clock;

    /**
     * @param redis        the campaign's Redis client (may throw when REDIS_URL is unusable)
     * @param rateLimiters the shared rate limiter of a provider ("notion", "resend"); used only when Redis answered
     * @param http         the process's HTTP client; calls get {@value #CALL_TIMEOUT_SECONDS} s each
     */
    public HealthCheck(CampaignConfig config, Supplier<UnifiedJedis> redis, Function<String, RateLimiter> rateLimiters,
                       OkHttpClient http, Clock clock) {
        this.config = config;
        this.redis = redis;
        this.rateLimiters = rateLimiters;
        this.http = http.newBuilder().callTimeout(Duration.ofSeconds(CALL_TIMEOUT_SECONDS))
                .readTimeout(Duration.ofSeconds(CALL_TIMEOUT_SECONDS)).build();
        this.clock = clock;
    }

    /** Runs every check, in a fixed order: redis, secrets, notion, templates, resend. */
    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        Check redisCheck = guarded(REDIS, this::checkRedis);
        checks.add(redisCheck);
        checks.add(guarded(SECRETS, this::checkSecrets));
        RateLimiter notionLimiter = redisCheck.ok() ? rateLimiters.apply("notion") : RateLimiter.NONE;
        Check notion = guarded(NOTION, () -> checkNotion(notionLimiter));
        checks.add(notion);
        checks.add(guarded(TEMPLATES, () -> checkTemplates(notion, notionLimiter)));
        RateLimiter resendLimiter = redisCheck.ok() ? rateLimiters.apply("resend") : RateLimiter.NONE;
        checks.add(guarded(RESEND, () -> checkResend(resendLimiter)));
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
        String where = RedisConnections.masked(config.redisUrl());
        try {
            String answer = redis.get().ping();
            return new Check(REDIS, "PONG".equalsIgnoreCase(answer), "PING answered " + answer + " (" + where + ")");
        } catch (RuntimeException e) {
            return new Check(REDIS, false, where + ": " + describe(e));
        }
    }

    private Check checkSecrets() {
        List<String> missing = REQUIRED_SECRETS.stream().filter(s -> config.get(s).isEmpty())
                .map(Setting::label).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            return new Check(SECRETS, false, "missing: " + String.join(", ", missing));
        }
        return new Check(SECRETS, true, "all " + REQUIRED_SECRETS.size() + " required secrets are set: "
                + REQUIRED_SECRETS.stream().map(Setting::secretName).collect(Collectors.joining(", ")));
    }

    private Check checkNotion(RateLimiter limiter) {
        Optional<Sandbox> sandbox = Sandbox.of(config);
        if (sandbox.isPresent()) {
            return new Check(NOTION, true, "sandbox mode: Notion is the local store in " + sandbox.get().notionFolder()
                    + ", not called");
        }
        Optional<String> token = config.get(Setting.NOTION_TOKEN);
        if (token.isEmpty()) return new Check(NOTION, false, "not checked: " + Setting.NOTION_TOKEN.label() + " is not set");
        HttpUrl url = HttpUrl.get(config.notionBaseUrl()).newBuilder().addPathSegments("v1/users/me").build();
        limiter.acquire();
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", "Bearer " + token.get())
                .header("Notion-Version", NotionClient.NOTION_VERSION)
                .build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode body = body(response);
            if (response.isSuccessful()) {
                String bot = body.path("name").asText("");
                return new Check(NOTION, true, "token accepted (GET /v1/users/me: 200"
                        + (bot.isEmpty() ? "" : ", integration \"" + bot + "\"") + ")");
            }
            return new Check(NOTION, false, "Notion answered " + response.code() + " "
                    + body.path("code").asText("") + ": " + body.path("message").asText(response.message()));
        } catch (IOException e) {
            return new Check(NOTION, false, "Notion unreachable at " + config.notionBaseUrl() + ": " + describe(e));
        }
    }

    private Check checkTemplates(Check notion, RateLimiter limiter) {
        List<String> needs = new ArrayList<>();
        for (Setting setting : Campaign.TEMPLATE_CHECK_SETTINGS) {
            if (config.get(setting).isEmpty()) needs.add(setting.label());
        }
        if (!needs.isEmpty()) return new Check(TEMPLATES, false, "not checked: " + String.join(", ", needs) + " not set");
        if (!notion.ok()) return new Check(TEMPLATES, false, "not checked: the Notion check failed");
        String databaseId = config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID);
        Optional<Sandbox> sandbox = Sandbox.of(config);
        Templates templates = new Templates(sandbox.isPresent() ? sandbox.get().notion(databaseId, clock)
                : new NotionClient(http, config.notionBaseUrl(), config.require(Setting.NOTION_TOKEN), Retrying.none(), limiter),
                databaseId);
        Instant deadline = clock.instant().plusSeconds(TEMPLATE_BUDGET_SECONDS);
        Set<String> names = new LinkedHashSet<>();
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) names.add(email.template());
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String name : names) {
            if (clock.instant().isAfter(deadline)) {
                problems.add("stopped after " + TEMPLATE_BUDGET_SECONDS + " s: " + (names.size() - checked) + " not checked");
                break;
            }
            Optional<EmailTemplate> template;
            try {
                template = templates.find(name);
            } catch (ProviderException failure) {
                // the database itself is unusable (not shared with the integration, wrong id…): say so once
                return new Check(TEMPLATES, false, "querying the Email Templates database failed: " + failure.getMessage());
            }
            checked++;
            if (template.isEmpty()) problems.add(name + ": not found");
            else if (template.get().subject().trim().isEmpty()) problems.add(name + ": empty Subject Line");
            else if (template.get().html().trim().isEmpty()) problems.add(name + ": empty Email Body HTML");
        }
        if (!problems.isEmpty()) {
            return new Check(TEMPLATES, false, problems.size() + " of " + names.size() + " templates unusable: "
                    + String.join("; ", problems));
        }
        return new Check(TEMPLATES, true, "all " + names.size() + " templates of sequences.json have a subject and a body"
                + (sandbox.isPresent() ? " (sandbox: the template files in " + sandbox.get().templatesFolder() + ")" : ""));
    }

    private Check checkResend(RateLimiter limiter) {
        Optional<Sandbox> sandbox = Sandbox.of(config);
        if (sandbox.isPresent()) {
            return new Check(RESEND, true, "sandbox mode: emails go to the outbox in " + sandbox.get().outboxFolder()
                    + ", Resend not called");
        }
        Optional<String> key = config.get(Setting.RESEND_API_KEY);
        if (key.isEmpty()) return new Check(RESEND, false, "not checked: " + Setting.RESEND_API_KEY.label() + " is not set");
        HttpUrl url = HttpUrl.get(config.resendBaseUrl()).newBuilder().addPathSegment("domains").build();
        limiter.acquire();
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", "Bearer " + key.get())
                .header("User-Agent", USER_AGENT)
                .build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode body = body(response);
            if (response.isSuccessful()) {
                List<String> domains = new ArrayList<>();
                for (JsonNode domain : body.path("data")) {
                    domains.add(domain.path("name").asText("?") + " (" + domain.path("status").asText("?") + ")");
                }
                return new Check(RESEND, true, "key accepted (GET /domains: 200; domains: "
                        + (domains.isEmpty() ? "none" : String.join(", ", domains)) + ")");
            }
            String name = body.path("name").asText("");
            String message = body.path("message").asText(response.message());
            if (response.code() == 401 && "restricted_api_key".equals(name)) {
                return new Check(RESEND, true, "key accepted: a sending-only key (Resend: restricted_api_key: "
                        + message + "), which can send emails but not list domains");
            }
            return new Check(RESEND, false, "Resend answered " + response.code() + " " + name + ": " + message);
        } catch (IOException e) {
            return new Check(RESEND, false, "Resend unreachable at " + config.resendBaseUrl() + ": " + describe(e));
        }
    }

    // ---- helpers ----

    private static JsonNode body(Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        try {
            return text.isEmpty() ? NODES.objectNode() : JSON.readTree(text);
        } catch (IOException notJson) {
            return NODES.objectNode().put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !String.valueOf(e.getMessage()).contains(cause.getMessage())) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(")");
        }
        return text.toString();
    }

    private static List<Setting> requiredSecrets() {
        Set<Setting> union = new LinkedHashSet<>();
        for (List<Setting> settings : List.of(Campaign.SIGNUP_SETTINGS, Campaign.FOLLOW_UP_SETTINGS, Campaign.SEND_SETTINGS,
                Campaign.DISPATCH_SETTINGS, Campaign.UNSUBSCRIBE_SETTINGS, Campaign.RESEND_EVENTS_SETTINGS,
                Campaign.ADMIN_SETTINGS, Campaign.TEMPLATE_CHECK_SETTINGS)) {
            for (Setting setting : settings) {
                if (setting.secretName() != null) union.add(setting);
            }
        }
        return List.copyOf(union);
    }
}
