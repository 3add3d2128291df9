package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * Invoked every minute by the cron-connector (POST, empty body, X-Connector: cron-connector): hands
 * the sends that are due to send-email. Safe to run twice at once: claims are atomic.
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("email-dispatcher", config, Dispatcher.SETTINGS, Module::new);
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        return Responses.ok(module.dispatcher.get().tick());
    }

    /** What email-dispatcher is made of, built once per configuration (its sizing: {@link Dispatcher#sendsPerTick}). */
    static final class Module {
        final Lazy<Dispatcher> dispatcher;

        Module(Campaign campaign, Log log) {
            dispatcher = Lazy.of(() -> campaign.dispatcher(log));
        }
    }
}
