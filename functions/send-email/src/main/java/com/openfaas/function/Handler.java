package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;

/**
 * POST /function/send-email with {"send_id", "token"}: delivers one send the dispatcher claimed.
 * The send itself is read from Redis, so only the current holder of the claim can deliver it.
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("send-email");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.SEND_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> {
            RequestFields body = RequestFields.parse(request.getBody());
            String sendId = body.requiredString("send_id");
            String token = body.requiredString("token");
            body.validate();
            Campaign campaign = Campaign.current();
            campaign.config().requireAll(Campaign.SEND_SETTINGS);
            Optional<ClaimedSend> claim = campaign.schedule().claimed(sendId, token);
            if (claim.isEmpty()) {
                LOG.warn("send.stale").with("send_id", sendId).with("outcome", "not_claimed_by_caller").write();
                return Responses.json(409, JsonNodeFactory.instance.objectNode().put("status", "stale")
                        .put("send_id", sendId).put("detail", "this claim is not held (any more): nothing sent"));
            }
            return Responses.ok(campaign.emailDelivery(LOG).deliver(claim.get()));
        });
    }
}
