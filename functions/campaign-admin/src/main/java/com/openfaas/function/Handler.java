package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.admin.AdminApi;
import com.busos.campaign.admin.CampaignAdmin;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.function.Supplier;

/**
 * /function/campaign-admin/&lt;operation&gt;: the operator's view (see {@link AdminApi} for the operations).
 * Every call needs {@code Authorization: Bearer <admin-token>}; /metrics takes the metrics-token too, when set.
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("campaign-admin", config, CampaignAdmin.SETTINGS, Module::new);
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        return module.api.handle(request);
    }

    /** What campaign-admin is made of, built once per configuration. */
    static final class Module {
        final AdminApi api;

        Module(Campaign campaign, Log log) {
            Lazy<CampaignAdmin> admin = Lazy.of(() -> campaign.admin(log));
            api = new AdminApi(
                    campaign.config().get(Setting.ADMIN_TOKEN),
                    campaign.config().get(Setting.METRICS_TOKEN),
                    admin);
        }
    }
}
