package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.WebhookFunction;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.PostCall;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/** POST /function/postcall-maybe: a discovery call ended with "maybe"; starts the post-call sequence. */
public class Handler extends AbstractHandler {
    /** What postcall-maybe is made of: the webhook gate and the FollowUpService, built once per configuration. */
    private final WebhookFunction<FollowUpService, PostCall> function;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        function = new WebhookFunction<>("postcall-maybe", config, FollowUpService.SETTINGS, Campaign::followUpService,
                PostCall::from, FollowUpService::start);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return function.handle(request);
    }
}
