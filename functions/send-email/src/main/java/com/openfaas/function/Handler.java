package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.delivery.EmailDelivery;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.suppression.PublicGatewayUrl;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookGate;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POST /function/send-email with {"send_id", "token"}: delivers one send the dispatcher claimed, or runs
 * one claimed CRM job (the Notion mirror of a sent email). The claim itself is read from Redis, so only
 * its current holder can deliver it.
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("send-email", config, EmailDelivery.SETTINGS, Module::new);
        // a PUBLIC_GATEWAY_URL the unsubscribe links cannot use (not https) is said at start too
        atStart(() -> withModule(module -> {
            Campaign.reportInvalidAtStart(log, () -> PublicGatewayUrl.of(module.campaign.config()));
            return null;
        }));
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        WebhookGate.checkSize(request.getBody() == null ? "" : request.getBody());
        RequestFields body = RequestFields.parse(request.getBody());
        String sendId = body.requiredString("send_id");
        String token = body.requiredString("token");
        body.validate();
        module.campaign.config().requireAll(EmailDelivery.SETTINGS);
        Optional<ClaimedSend> claim = module.schedule.get().claimed(sendId, token);
        if (claim.isEmpty()) {
            log.warn("send.stale")
                    .with("send_id", sendId)
                    .with("outcome", "not_claimed_by_caller")
                    .write();
            return Responses.json(
                    409,
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("status", "stale")
                            .put("send_id", sendId)
                            .put("detail", "this claim is not held (any more): nothing sent"));
        }
        if (claim.get().isJob()) return Responses.ok(module.crm.get().run(claim.get()));
        return Responses.ok(module.delivery.get().deliver(claim.get()));
    }

    /** What send-email is made of, built once per configuration. */
    static final class Module {
        final Campaign campaign;
        final Lazy<Schedule> schedule;
        final Lazy<EmailDelivery> delivery;
        final Lazy<CrmJobs> crm;

        Module(Campaign campaign, Log log) {
            this.campaign = campaign;
            schedule = Lazy.of(campaign::schedule);
            delivery = Lazy.of(() -> campaign.emailDelivery(log));
            crm = Lazy.of(() -> campaign.crmJobs(log));
        }
    }
}
