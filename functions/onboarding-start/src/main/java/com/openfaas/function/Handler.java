package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.WebhookFunction;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.Onboarding;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * POST /function/onboarding-start: a client paid; starts the onboarding sequence. An unconfirmed
 * payment is refused with 422 (payment_not_confirmed) and nothing is written.
 */
public class Handler extends AbstractHandler {
    /** What onboarding-start is made of: the webhook gate and the FollowUpService, built once per configuration. */
    private final WebhookFunction<FollowUpService, Onboarding> function;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        function = new WebhookFunction<>("onboarding-start", config, FollowUpService.SETTINGS, Campaign::followUpService,
                Onboarding::from, FollowUpService::start);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return function.handle(request);
    }
}
