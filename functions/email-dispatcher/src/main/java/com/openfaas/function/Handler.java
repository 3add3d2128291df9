package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/**
 * Invoked every minute by the cron-connector (POST, empty body, X-Connector: cron-connector): hands
 * the sends that are due to send-email. Safe to run twice at once: claims are atomic.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("email-dispatcher");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.DISPATCH_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> Responses.ok(Campaign.current().dispatcher(LOG).tick()));
    }
}
