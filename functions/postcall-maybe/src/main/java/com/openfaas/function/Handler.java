package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.followup.PostCall;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/** POST /function/postcall-maybe: a discovery call ended with "maybe"; starts the post-call sequence. */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("postcall-maybe");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.FOLLOW_UP_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> Campaign.current().webhookGate().pass(request, raw -> {
            PostCall postCall = PostCall.from(RequestFields.parse(raw));
            return Responses.ok(Campaign.current().followUpService(LOG).start(postCall));
        }));
    }
}
