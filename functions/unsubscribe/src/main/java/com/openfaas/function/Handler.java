package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.UnsubscribeEndpoint;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/**
 * /function/unsubscribe?token=&lt;token&gt;: the link in every email's List-Unsubscribe header.
 * A body with {@code List-Unsubscribe=One-Click} (RFC 8058) or the form field {@code confirm=yes}
 * unsubscribes at once; any other call (a GET) shows the confirmation page with its button.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("unsubscribe");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.UNSUBSCRIBE_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> {
            Campaign campaign = Campaign.current();
            return new UnsubscribeEndpoint(campaign::unsubscribeTokens, () -> campaign.unsubscribeService(LOG), LOG)
                    .handle(request);
        });
    }
}
