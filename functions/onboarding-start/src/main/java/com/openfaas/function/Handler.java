package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.WebhookHandler;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.Onboarding;
import java.util.function.Supplier;

/**
 * POST /function/onboarding-start: a client paid; starts the onboarding sequence. An unconfirmed
 * payment is refused with 422 (payment_not_confirmed) and nothing is written. It cancels the address's
 * other sequences (a conversion), so outside sandbox mode it needs a valid signature, WEBHOOK_AUTH=none
 * or not.
 */
public class Handler extends WebhookHandler<FollowUpService, Onboarding> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super(
                "onboarding-start",
                config,
                FollowUpService.SETTINGS,
                Campaign::followUpService,
                Onboarding::from,
                FollowUpService::start,
                true);
    }
}
