package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.followup.CalendlySignature;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.InvalidSignatureException;
import com.busos.campaign.followup.NoShowWebhook;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.CalendlyAnswers;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.UnauthorizedException;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POST /function/calendly-noshow: a booked discovery call was missed; starts the no-show recovery
 * sequence. Takes the website's flat request, or Calendly's own invitee_no_show.created webhook
 * (signature checked when the calendly-signing-key secret is set).
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("calendly-noshow", config, FollowUpService.SETTINGS, Module::new);
        if (withModule(module -> module.signature.isEmpty())) {
            log.warn("calendly.signing_key_missing")
                    .with("detail", "calendly-signing-key is not set: Calendly's own webhooks are accepted unsigned")
                    .write();
        }
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        WebhookGate.checkSize(request.getBody());
        if (!NoShowWebhook.isCalendlyEnvelope(
                RequestFields.parse(request.getBody()).body())) {
            // The website's flat form: signed with the webhook-secret, like the other website webhooks.
            return module.gate.get().pass(request, raw -> start(module, request));
        }
        if (module.signature.isEmpty() && module.webhookSecretSet) {
            // Webhooks are meant to be authenticated here: an envelope no key can verify is refused.
            throw new UnauthorizedException("a Calendly webhook needs the calendly-signing-key secret to be verified");
        }
        return start(module, request);
    }

    private IResponse start(Module module, IRequest request) {
        NoShowWebhook webhook;
        try {
            webhook = NoShowWebhook.read(request.getBody(), request.getHeaders(), module.signature);
        } catch (InvalidSignatureException invalid) {
            return CalendlyAnswers.unauthorized(log, invalid);
        }
        if (webhook.ignored()) return CalendlyAnswers.ignored(log, webhook);
        return Responses.ok(module.followUps.get().start(webhook.noShow()));
    }

    /** What calendly-noshow is made of, built once per configuration. */
    static final class Module {
        final Lazy<WebhookGate> gate;
        final Lazy<FollowUpService> followUps;
        final Optional<CalendlySignature> signature;
        final boolean webhookSecretSet;

        Module(Campaign campaign, Log log) {
            gate = Lazy.of(campaign::webhookGate);
            followUps = Lazy.of(() -> campaign.followUpService(log));
            signature = campaign.calendlySignature();
            webhookSecretSet = campaign.config().get(Setting.WEBHOOK_SECRET).isPresent();
        }
    }
}
