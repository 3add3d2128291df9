package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/**
 * POST /function/resend-events: Resend's webhook (Svix-signed with the resend-webhook-secret). Hard
 * bounces, complaints and Resend's own suppressions suppress the address and cancel its pending sends;
 * delivery events update the analytics database when it is configured.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("resend-events");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.RESEND_EVENTS_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> {
            Campaign campaign = Campaign.current();
            return campaign.resendWebhookGate().pass(request, raw ->
                    Responses.ok(campaign.resendEvents(LOG).handle(RequestFields.parse(raw).body())));
        });
    }
}
