package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.PostCall;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/** POST /function/postcall-maybe: a discovery call ended with "maybe"; starts the post-call sequence. */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("postcall-maybe");

    private final Wiring<Module> wiring;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        wiring = Wiring.of(config, Module::new);
        Campaign.reportMissingAtStart(LOG, wiring.config(), FollowUpService.SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> wiring.call(module -> module.gate.get().pass(request, raw -> {
            PostCall postCall = PostCall.from(RequestFields.parse(raw));
            return Responses.ok(module.followUps.get().start(postCall));
        })));
    }

    /** What postcall-maybe is made of, built once per configuration. */
    static final class Module {
        final Lazy<WebhookGate> gate;
        final Lazy<FollowUpService> followUps;

        Module(Campaign campaign) {
            gate = Lazy.of(campaign::webhookGate);
            followUps = Lazy.of(() -> campaign.followUpService(LOG));
        }
    }
}
