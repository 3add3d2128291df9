package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.WebhookFunction;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.signup.SignupService;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/** POST /function/christmas-signup: the website's signup; starts the 5-day sequence. */
public class Handler extends AbstractHandler {
    /** What christmas-signup is made of: the webhook gate and the SignupService, built once per configuration. */
    private final WebhookFunction<SignupService, Signup> function;

    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        function = new WebhookFunction<>("christmas-signup", config, SignupService.SETTINGS, Campaign::signupService,
                Signup::from, SignupService::signup);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return function.handle(request);
    }
}
