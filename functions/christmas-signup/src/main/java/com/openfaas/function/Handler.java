package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.log.Log;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/** POST /function/christmas-signup: the website's signup; starts the 5-day sequence. */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("christmas-signup");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.SIGNUP_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> Campaign.current().webhookGate().pass(request, raw -> {
            Signup signup = Signup.from(RequestFields.parse(raw));
            return Responses.ok(Campaign.current().signupService(LOG).signup(signup));
        }));
    }
}
