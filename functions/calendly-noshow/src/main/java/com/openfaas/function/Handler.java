package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.followup.CalendlySignature;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.InvalidSignatureException;
import com.busos.campaign.followup.NoShowWebhook;
import com.busos.campaign.followup.SequenceEndingEvent;
import com.busos.campaign.followup.SequenceExits;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.CalendlyAnswers;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.UnauthorizedException;
import com.busos.campaign.webhook.WebhookAuth;
import com.busos.campaign.webhook.WebhookGate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POST /function/calendly-noshow: a booked discovery call was missed; starts the no-show recovery
 * sequence. Takes the website's flat request, or Calendly's own webhook (signature checked when the
 * calendly-signing-key secret is set; without it, the envelope is refused outside sandbox mode unless
 * WEBHOOK_AUTH=none): invitee_no_show.created starts the sequence; the events that end sequences
 * (sequences.json's ended_by: invitee.created, invitee_no_show.deleted) end them, and since they cancel
 * sequences they always need a verified signature outside the sandbox, as onboarding-start does.
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("calendly-noshow", config, FollowUpService.SETTINGS, Module::new);
        atStart(() -> withModule(module -> {
            WebhookAuth.logAtStart(log, module.config, false);
            if (module.signature.isEmpty()) {
                log.warn("calendly.signing_key_missing")
                        .with(
                                "detail",
                                unkeyedEnvelopeAccepted(module.config)
                                        ? "calendly-signing-key is not set: Calendly's own webhooks are accepted unsigned"
                                        : "calendly-signing-key is not set: Calendly's own webhooks are refused (401)")
                        .write();
            }
            return null;
        }));
    }

    /**
     * Without calendly-signing-key, Calendly's envelope is accepted only in sandbox mode without a
     * webhook-secret, or with WEBHOOK_AUTH=none; an unknown WEBHOOK_AUTH is a configuration error.
     */
    private static boolean unkeyedEnvelopeAccepted(CampaignConfig config) {
        try {
            return WebhookAuth.mode(config) == WebhookAuth.Mode.SANDBOX_UNSIGNED || WebhookAuth.optedOut(config);
        } catch (InvalidSettingException invalid) {
            return false;
        }
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        WebhookGate gate = module.gate.get();
        gate.admit(request);
        ObjectNode body = RequestFields.parse(request.getBody()).body();
        if (!NoShowWebhook.isCalendlyEnvelope(body)) {
            // The website's flat form: signed with the webhook-secret, like the other website webhooks.
            return gate.passAdmitted(request, raw -> start(module, request));
        }
        // Calendly's envelope (its own signature, checked below): every one counts against the client's
        // limit; Calendly's few calls a minute never reach it.
        gate.limitUnverified(request);
        if (module.signature.isEmpty()
                && WebhookAuth.mode(module.config) != WebhookAuth.Mode.SANDBOX_UNSIGNED
                && !WebhookAuth.optedOut(module.config)) {
            // Webhooks are meant to be authenticated here: an envelope no key can verify is refused.
            throw new UnauthorizedException(
                    "a Calendly webhook needs the calendly-signing-key secret to be verified",
                    Setting.CALENDLY_SIGNING_KEY.label()
                            + " is not set (WEBHOOK_AUTH=none accepts unsigned envelopes)");
        }
        JsonNode event = body.get("event");
        if (module.signature.isEmpty()
                && event.isTextual()
                && SequenceEndingEvent.endsSequences(event.asText())
                && !WebhookAuth.acceptsUnsigned(WebhookAuth.mode(module.config), true)) {
            // It cancels sequences: WEBHOOK_AUTH=none does not let it in unsigned (as onboarding-start).
            throw new UnauthorizedException(
                    "a Calendly event that ends sequences needs the calendly-signing-key secret to be verified",
                    Setting.CALENDLY_SIGNING_KEY.label() + " is not set: " + event.asText()
                            + " cancels sequences and needs a verified signature even with WEBHOOK_AUTH=none");
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
        if (webhook.endsSequences()) return Responses.ok(module.exits.get().end(webhook.ending()));
        return Responses.accepted(module.followUps.get().start(webhook.noShow()));
    }

    /** What calendly-noshow is made of, built once per configuration. */
    static final class Module {
        final Lazy<WebhookGate> gate;
        final Lazy<FollowUpService> followUps;
        final Lazy<SequenceExits> exits;
        final Optional<CalendlySignature> signature;
        final CampaignConfig config;

        Module(Campaign campaign, Log log) {
            gate = Lazy.of(campaign::webhookGate);
            followUps = Lazy.of(() -> campaign.followUpService(log));
            exits = Lazy.of(() -> campaign.sequenceExits(log));
            signature = campaign.calendlySignature();
            config = campaign.config();
        }
    }
}
