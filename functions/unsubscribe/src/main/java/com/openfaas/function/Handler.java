package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.UnsubscribeEndpoint;
import com.busos.campaign.suppression.UnsubscribeService;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * /function/unsubscribe?token=&lt;token&gt;: the link in every email's List-Unsubscribe header.
 * A body with {@code List-Unsubscribe=One-Click} (RFC 8058) or the form field {@code confirm=yes}
 * unsubscribes at once; any other call (a GET) shows the confirmation page with its button.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("unsubscribe");

    private final Wiring<Module> wiring;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        wiring = Wiring.of(config, Module::new);
        Campaign.reportMissingAtStart(LOG, wiring.config(), UnsubscribeService.SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> wiring.call(module -> module.endpoint.handle(request)));
    }

    /** What unsubscribe is made of, built once per configuration. */
    static final class Module {
        final UnsubscribeEndpoint endpoint;

        Module(Campaign campaign) {
            Lazy<UnsubscribeTokens> tokens = Lazy.of(campaign::unsubscribeTokens);
            Lazy<UnsubscribeService> service = Lazy.of(() -> campaign.unsubscribeService(LOG));
            endpoint = new UnsubscribeEndpoint(tokens, service, LOG);
        }
    }
}
