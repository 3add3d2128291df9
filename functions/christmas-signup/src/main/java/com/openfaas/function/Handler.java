package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.log.Log;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.signup.SignupService;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/** POST /function/christmas-signup: the website's signup; starts the 5-day sequence. */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("christmas-signup");

    private final Wiring<Module> wiring;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        wiring = Wiring.of(config, Module::new);
        Campaign.reportMissingAtStart(LOG, wiring.config(), SignupService.SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> wiring.call(module -> module.gate.get().pass(request, raw -> {
            Signup signup = Signup.from(RequestFields.parse(raw));
            return Responses.ok(module.signups.get().signup(signup));
        })));
    }

    /** What christmas-signup is made of, built once per configuration. */
    static final class Module {
        final Lazy<WebhookGate> gate;
        final Lazy<SignupService> signups;

        Module(Campaign campaign) {
            gate = Lazy.of(campaign::webhookGate);
            signups = Lazy.of(() -> campaign.signupService(LOG));
        }
    }
}
