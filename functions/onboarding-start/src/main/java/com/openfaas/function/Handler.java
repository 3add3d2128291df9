package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.followup.Onboarding;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/**
 * POST /function/onboarding-start: a client paid; starts the onboarding sequence. An unconfirmed
 * payment is refused with 422 (payment_not_confirmed) and nothing is written.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("onboarding-start");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.FOLLOW_UP_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> Campaign.current().webhookGate().pass(request, raw -> {
            Onboarding onboarding = Onboarding.from(RequestFields.parse(raw));
            return Responses.ok(Campaign.current().followUpService(LOG).start(onboarding));
        }));
    }
}
