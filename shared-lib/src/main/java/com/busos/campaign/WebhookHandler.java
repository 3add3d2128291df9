package com.busos.campaign;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookAuth;
import com.busos.campaign.webhook.WebhookGate;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Handler of a website webhook that starts a sequence (christmas-signup, postcall-maybe,
 * onboarding-start): the webhook gate, then the request read from the body's fields (a 422 when they
 * are invalid), then handed to the function's service; 202 with its answer (the lead is kept in Redis;
 * the CRM work follows behind the schedule). Its module, the gate and
 * the service, is built once per configuration.
 *
 * @param <S> the service (SignupService, FollowUpService)
 * @param <R> the request read from the body (Signup, PostCall, Onboarding)
 */
public abstract class WebhookHandler<S, R> extends FunctionHandler<WebhookHandler.Module<S>> {
    /** How a function's service is made from the campaign. */
    public interface ServiceFactory<S> {
        S build(Campaign campaign, Log log);
    }

    private final Function<RequestFields, R> read;
    private final BiFunction<S, R, ObjectNode> work;

    /**
     * @param settings the settings the function cannot work without (reported at start when missing)
     * @param read     the request from the body's fields, read before the service is asked for
     * @param work     what the service does with the request
     */
    protected WebhookHandler(
            String function,
            Supplier<ConfigSource> config,
            List<Setting> settings,
            ServiceFactory<S> service,
            Function<RequestFields, R> read,
            BiFunction<S, R, ObjectNode> work) {
        this(function, config, settings, service, read, work, false);
    }

    /**
     * @param cancelsSequences the work cancels sequences or marks a conversion (onboarding-start): an
     *                         unsigned call is refused outside sandbox mode even with WEBHOOK_AUTH=none
     */
    protected WebhookHandler(
            String function,
            Supplier<ConfigSource> config,
            List<Setting> settings,
            ServiceFactory<S> service,
            Function<RequestFields, R> read,
            BiFunction<S, R, ObjectNode> work,
            boolean cancelsSequences) {
        super(function, config, settings, (campaign, log) -> new Module<>(campaign, service, log, cancelsSequences));
        this.read = read;
        this.work = work;
        atStart(() -> withModule(module -> {
            WebhookAuth.logAtStart(log, module.config, cancelsSequences);
            return null;
        }));
    }

    @Override
    protected final IResponse handle(Module<S> module, IRequest request) {
        return module.gate.get().pass(request, raw -> {
            R fields = read.apply(RequestFields.parse(raw));
            return Responses.accepted(work.apply(module.service.get(), fields));
        });
    }

    /** The gate and the service, built on first use. */
    protected static final class Module<S> {
        final Lazy<WebhookGate> gate;
        final Lazy<S> service;
        final CampaignConfig config;

        Module(Campaign campaign, ServiceFactory<S> service, Log log, boolean cancelsSequences) {
            this.config = campaign.config();
            this.gate = Lazy.of(() -> campaign.webhookGate(cancelsSequences));
            this.service = Lazy.of(() -> service.build(campaign, log));
        }
    }
}
