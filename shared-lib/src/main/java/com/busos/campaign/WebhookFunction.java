package com.busos.campaign;

import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.WebhookGate;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A website webhook that starts a sequence (christmas-signup, postcall-maybe, onboarding-start): the
 * webhook gate, then the body's fields handed to the function's service; 200 with its answer. Its
 * module (the gate and the service) is built once per configuration ({@link Wiring}).
 *
 * @param <S> the service (SignupService, FollowUpService)
 * @param <R> the request read from the body (Signup, PostCall, Onboarding)
 */
public final class WebhookFunction<S, R> {
    /** How a function's service is made from the campaign. */
    public interface ServiceFactory<S> {
        S build(Campaign campaign, Log log);
    }

    private final Log log;
    private final Function<RequestFields, R> read;
    private final BiFunction<S, R, ObjectNode> work;
    private final Wiring<Module<S>> wiring;

    /**
     * @param settings the settings the function cannot work without (reported at start when missing)
     * @param read     the request from the body's fields (a 422 when they are invalid), before the service is asked for
     * @param work     what the service does with the request
     */
    public WebhookFunction(String function, Supplier<ConfigSource> config, List<Setting> settings,
                           ServiceFactory<S> service, Function<RequestFields, R> read, BiFunction<S, R, ObjectNode> work) {
        this.log = Log.forFunction(function);
        this.read = read;
        this.work = work;
        this.wiring = Wiring.of(config, campaign -> new Module<>(campaign, service, log));
        Campaign.reportMissingAtStart(log, wiring.config(), settings);
    }

    public IResponse handle(IRequest request) {
        return Responses.handle(log, () -> wiring.call(module -> module.gate.get().pass(request, raw -> {
            R read = this.read.apply(RequestFields.parse(raw));
            return Responses.ok(work.apply(module.service.get(), read));
        })));
    }

    private static final class Module<S> {
        final Lazy<WebhookGate> gate;
        final Lazy<S> service;

        Module(Campaign campaign, ServiceFactory<S> service, Log log) {
            this.gate = Lazy.of(campaign::webhookGate);
            this.service = Lazy.of(() -> service.build(campaign, log));
        }
    }
}
