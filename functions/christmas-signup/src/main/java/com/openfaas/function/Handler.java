package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.WebhookHandler;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.signup.SignupService;
import java.util.function.Supplier;

/** POST /function/christmas-signup: the website's signup; starts the 5-day sequence. */
public class Handler extends WebhookHandler<SignupService, Signup> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super(
                "christmas-signup",
                config,
                SignupService.SETTINGS,
                Campaign::signupService,
                Signup::from,
                SignupService::signup);
    }
}
