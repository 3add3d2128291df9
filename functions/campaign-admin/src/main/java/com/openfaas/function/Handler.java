package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.admin.AdminApi;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/**
 * /function/campaign-admin/&lt;operation&gt;: the operator's view (see {@link AdminApi} for the operations).
 * Every call needs {@code Authorization: Bearer <admin-token>}.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("campaign-admin");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.ADMIN_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> {
            Campaign campaign = Campaign.current();
            return new AdminApi(campaign.config().get(Setting.ADMIN_TOKEN), () -> campaign.admin(LOG)).handle(request);
        });
    }
}
