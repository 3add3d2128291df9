package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * Invoked every minute by the cron-connector (POST, empty body, X-Connector: cron-connector): hands
 * the sends that are due to send-email. Safe to run twice at once: claims are atomic.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("email-dispatcher");

    private final Wiring<Module> wiring;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        wiring = Wiring.of(config, Module::new);
        Campaign.reportMissingAtStart(LOG, wiring.config(), Dispatcher.SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> wiring.call(module -> Responses.ok(module.dispatcher.get().tick())));
    }

    /** What email-dispatcher is made of, built once per configuration (its sizing: {@link Dispatcher#sendsPerTick}). */
    static final class Module {
        final Lazy<Dispatcher> dispatcher;

        Module(Campaign campaign) {
            dispatcher = Lazy.of(() -> campaign.dispatcher(LOG));
        }
    }
}
