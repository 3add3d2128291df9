package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
import com.busos.campaign.admin.AdminToken;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.health.CachedStatus;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookAuth;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Any method on /function/campaign-health: is the deployed campaign able to work? With the admin token
 * ({@code Authorization: Bearer <admin-token>}): every check, Redis (PING), the required secrets (by
 * name), Notion's token and the templates of every sequence, and Resend's key ({@link HealthCheck}),
 * 200 {@code {"status":"ok","checks":[…]}} or 503 {@code {"status":"failing","checks":[…]}}, each check
 * {@code {"name","ok","detail"}}. Without it: only {@code {"status":"ok"|"failing"}}, from Redis and the
 * secrets, checked at most every 30 s ({@link CachedStatus}): no provider request, nothing about the
 * deploy; the failing checks' details go to the log. Reads only, and no secret value is ever in an answer.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("campaign-health");

    private final Wiring<Module> wiring;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        wiring = Wiring.of(config, Module::new);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return wiring.call(module -> {
            boolean operator = module.token
                    .map(token -> token.accepts(request.getHeaders()))
                    .orElse(false);
            // Anyone may ask whether the campaign works; only the operator learns why not.
            List<HealthCheck.Check> checks = operator ? module.health.get().run() : module.anonymous.get();
            boolean ok = HealthCheck.allOk(checks);
            List<String> failing = checks.stream()
                    .filter(check -> !check.ok())
                    .map(HealthCheck.Check::name)
                    .collect(Collectors.toList());
            Log.Line line = (ok ? LOG.info("health.checked") : LOG.warn("health.checked"))
                    .with("status", ok ? "ok" : "failing")
                    .with("failing", failing)
                    .with("checks", operator ? "all" : "redis and secrets (cached)");
            checks.stream().filter(check -> !check.ok()).forEach(check -> line.with(check.name(), check.detail()));
            line.write();
            if (operator) return Responses.json(ok ? 200 : 503, HealthCheck.toJson(checks));
            return Responses.json(
                    ok ? 200 : 503,
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("status", ok ? "ok" : "failing")
                            .put("detail", "every check, with its detail, for Authorization: Bearer <admin-token>"));
        });
    }

    /** What campaign-health is made of, built once per configuration. */
    static final class Module {
        final Lazy<HealthCheck> health;
        final Optional<AdminToken> token;
        final CachedStatus anonymous;

        Module(Campaign campaign) {
            health = Lazy.of(campaign::healthCheck);
            token = campaign.config().get(Setting.ADMIN_TOKEN).map(AdminToken::new);
            anonymous = new CachedStatus(() -> health.get().runLocal(), Clock.systemUTC());
            warnIfWebhooksUnsigned(campaign);
        }

        /** WEBHOOK_AUTH=none without webhook-secret: said as a warning once per configuration (and in the secrets check). */
        private static void warnIfWebhooksUnsigned(Campaign campaign) {
            try {
                if (campaign.webhookAuth() == WebhookAuth.Mode.OPTED_OUT) {
                    LOG.warn("webhook.unsigned_accepted")
                            .with("detail", "WEBHOOK_AUTH=none: the website webhooks accept unsigned calls")
                            .write();
                }
            } catch (RuntimeException invalid) {
                // an unknown WEBHOOK_AUTH: the secrets check names it
            }
        }
    }
}
