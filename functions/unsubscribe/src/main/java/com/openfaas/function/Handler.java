package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.UnsubscribeEndpoint;
import com.busos.campaign.openfaas.UnsubscribePages;
import com.busos.campaign.suppression.UnsubscribeService;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * /function/unsubscribe?token=&lt;token&gt;: the link in every email's List-Unsubscribe header.
 * A body with {@code List-Unsubscribe=One-Click} (RFC 8058) or the form field {@code confirm=yes}
 * unsubscribes at once; any other call (a GET) shows the confirmation page with its button.
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("unsubscribe", config, UnsubscribeService.SETTINGS, Module::new);
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        return module.endpoint.handle(request);
    }

    /** What unsubscribe is made of, built once per configuration. */
    static final class Module {
        final UnsubscribeEndpoint endpoint;

        Module(Campaign campaign, Log log) {
            Lazy<UnsubscribeTokens> tokens = Lazy.of(campaign::unsubscribeTokens);
            Lazy<UnsubscribeService> service = Lazy.of(() -> campaign.unsubscribeService(log));
            Lazy<UnsubscribePages> pages = Lazy.of(() -> new UnsubscribePages(campaign.brand()));
            endpoint = new UnsubscribeEndpoint(tokens, service, pages, log);
        }
    }
}
