package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.Lazy;
import com.busos.campaign.Wiring;
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
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POST /function/calendly-noshow: a booked discovery call was missed; starts the no-show recovery
 * sequence. Takes the website's flat request, or Calendly's own invitee_no_show.created webhook
 * (signature checked when the calendly-signing-key secret is set).
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("calendly-noshow");

    private final Wiring<Module> wiring;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        wiring = Wiring.of(config, Module::new);
        Campaign.reportMissingAtStart(LOG, wiring.config(), FollowUpService.SETTINGS);
        if (wiring.call(module -> module.signature.isEmpty())) {
            LOG.warn("calendly.signing_key_missing").with("detail",
                    "calendly-signing-key is not set: Calendly's own webhooks are accepted unsigned").write();
        }
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> wiring.call(module -> {
            WebhookGate.checkSize(request.getBody());
            if (!NoShowWebhook.isCalendlyEnvelope(RequestFields.parse(request.getBody()).body())) {
                // The website's flat form: signed with the webhook-secret, like the other website webhooks.
                return module.gate.get().pass(request, raw -> start(module, request));
            }
            if (module.signature.isEmpty() && module.webhookSecretSet) {
                // Webhooks are meant to be authenticated here: an envelope no key can verify is refused.
                throw new UnauthorizedException("a Calendly webhook needs the calendly-signing-key secret to be verified");
            }
            return start(module, request);
        }));
    }

    private static IResponse start(Module module, IRequest request) {
        NoShowWebhook webhook;
        try {
            webhook = NoShowWebhook.read(request.getBody(), request.getHeaders(), module.signature);
        } catch (InvalidSignatureException invalid) {
            return CalendlyAnswers.unauthorized(LOG, invalid);
        }
        if (webhook.ignored()) return CalendlyAnswers.ignored(LOG, webhook);
        return Responses.ok(module.followUps.get().start(webhook.noShow()));
    }

    /** What calendly-noshow is made of, built once per configuration. */
    static final class Module {
        final Lazy<WebhookGate> gate;
        final Lazy<FollowUpService> followUps;
        final Optional<CalendlySignature> signature;
        final boolean webhookSecretSet;

        Module(Campaign campaign) {
            gate = Lazy.of(campaign::webhookGate);
            followUps = Lazy.of(() -> campaign.followUpService(LOG));
            signature = campaign.calendlySignature();
            webhookSecretSet = campaign.config().get(Setting.WEBHOOK_SECRET).isPresent();
        }
    }
}
