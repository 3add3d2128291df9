package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.Setting;
import com.busos.campaign.followup.InvalidSignatureException;
import com.busos.campaign.followup.NoShowWebhook;
import com.busos.campaign.openfaas.CalendlyAnswers;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.UnauthorizedException;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;

/**
 * POST /function/calendly-noshow: a booked discovery call was missed; starts the no-show recovery
 * sequence. Takes the website's flat request, or Calendly's own invitee_no_show.created webhook
 * (signature checked when the calendly-signing-key secret is set).
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("calendly-noshow");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.FOLLOW_UP_SETTINGS);
        if (Campaign.current().calendlySignature().isEmpty()) {
            LOG.warn("calendly.signing_key_missing").with("detail",
                    "calendly-signing-key is not set: Calendly's own webhooks are accepted unsigned").write();
        }
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> {
            Campaign campaign = Campaign.current();
            WebhookGate.checkSize(request.getBody());
            if (!NoShowWebhook.isCalendlyEnvelope(RequestFields.parse(request.getBody()).body())) {
                // The website's flat form: signed with the webhook-secret, like the other website webhooks.
                return campaign.webhookGate().pass(request, raw -> start(campaign, request));
            }
            if (campaign.calendlySignature().isEmpty() && campaign.config().get(Setting.WEBHOOK_SECRET).isPresent()) {
                // Webhooks are meant to be authenticated here: an envelope no key can verify is refused.
                throw new UnauthorizedException("a Calendly webhook needs the calendly-signing-key secret to be verified");
            }
            return start(campaign, request);
        });
    }

    private static IResponse start(Campaign campaign, IRequest request) {
        NoShowWebhook webhook;
        try {
            webhook = NoShowWebhook.read(request.getBody(), request.getHeaders(), campaign.calendlySignature());
        } catch (InvalidSignatureException invalid) {
            return CalendlyAnswers.unauthorized(LOG, invalid);
        }
        if (webhook.ignored()) return CalendlyAnswers.ignored(LOG, webhook);
        return Responses.ok(campaign.followUpService(LOG).start(webhook.noShow()));
    }
}
