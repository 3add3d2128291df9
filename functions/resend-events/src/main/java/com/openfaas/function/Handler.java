package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.log.Log;
import com.busos.campaign.suppression.ResendEvents;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * POST /function/resend-events: Resend's webhook (Svix-signed with the resend-webhook-secret). Hard
 * bounces, complaints and Resend's own suppressions suppress the address and cancel its pending sends;
 * delivery events update the analytics database when it is configured.
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("resend-events", config, ResendEvents.SETTINGS, Module::new);
        // a resend-webhook-secret that gives no key is said at start, not only at the first event
        atStart(() -> withModule(module -> {
            Campaign.reportInvalidAtStart(log, module.campaign::resendSignature);
            return null;
        }));
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        return module.gate
                .get()
                .pass(
                        request,
                        raw -> Responses.ok(module.events
                                .get()
                                .handle(RequestFields.parse(raw).body())));
    }

    /** What resend-events is made of, built once per configuration. */
    static final class Module {
        final Campaign campaign;
        final Lazy<WebhookGate> gate;
        final Lazy<ResendEvents> events;

        Module(Campaign campaign, Log log) {
            this.campaign = campaign;
            gate = Lazy.of(campaign::resendWebhookGate);
            events = Lazy.of(() -> campaign.resendEvents(log));
        }
    }
}
