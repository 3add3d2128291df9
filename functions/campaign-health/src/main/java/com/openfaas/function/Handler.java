package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Any method on /function/campaign-health: is the deployed campaign able to work? Checks Redis (PING),
 * the required secrets (by name), Notion's token and the templates of every sequence, and Resend's key
 * ({@link HealthCheck}). 200 {@code {"status":"ok","checks":[…]}} when every check passes, else 503
 * {@code {"status":"failing","checks":[…]}}; each check is {@code {"name","ok","detail"}}. Reads only:
 * nothing is written to Redis, Notion or Resend, and no secret value is ever in the answer.
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
        List<HealthCheck.Check> checks = wiring.call(module -> module.health.get().run());
        boolean ok = HealthCheck.allOk(checks);
        List<String> failing = checks.stream().filter(check -> !check.ok()).map(HealthCheck.Check::name)
                .collect(Collectors.toList());
        (ok ? LOG.info("health.checked") : LOG.warn("health.checked")).with("status", ok ? "ok" : "failing")
                .with("failing", failing).write();
        return Responses.json(ok ? 200 : 503, HealthCheck.toJson(checks));
    }

    /** What campaign-health is made of, built once per configuration. */
    static final class Module {
        final Lazy<HealthCheck> health;

        Module(Campaign campaign) {
            health = Lazy.of(campaign::healthCheck);
        }
    }
}
