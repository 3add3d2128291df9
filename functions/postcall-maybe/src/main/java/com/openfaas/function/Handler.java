package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.WebhookHandler;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.PostCall;
import java.util.function.Supplier;

/** POST /function/postcall-maybe: a discovery call ended with "maybe"; starts the post-call sequence. */
public class Handler extends WebhookHandler<FollowUpService, PostCall> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super(
                "postcall-maybe",
                config,
                FollowUpService.SETTINGS,
                Campaign::followUpService,
                PostCall::from,
                FollowUpService::start);
    }
}
