package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.admin.AdminApi;
import com.busos.campaign.admin.BadTokenGuard;
import com.busos.campaign.admin.CampaignAdmin;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.console.CampaignCounts;
import com.busos.campaign.console.Console;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.ConsoleEndpoint;
import com.busos.campaign.schedule.Schedule;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * /function/campaign-admin/&lt;operation&gt;: the operator's JSON API (see {@link AdminApi} for the
 * operations; every call needs {@code Authorization: Bearer <admin-token>}; /metrics takes the
 * metrics-token too, when set) and the operator's console (see {@link Console}: {@code /} without an
 * Authorization header, and {@code /console/…}).
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
        if (ConsoleEndpoint.handles(request)) return module.console.handle(request);
        return module.api.handle(request);
    }

    /** What campaign-admin is made of, built once per configuration. */
    static final class Module {
        final AdminApi api;
        final ConsoleEndpoint console;

        Module(Campaign campaign, Log log) {
            Lazy<CampaignAdmin> admin = Lazy.of(() -> campaign.admin(log));
            Optional<String> token = campaign.config().get(Setting.ADMIN_TOKEN);
            // one lock-out for wrong tokens, whether sent as a Bearer header or typed into the console
            BadTokenGuard guard = new BadTokenGuard(campaign.clock());
            api = new AdminApi(token, campaign.config().get(Setting.METRICS_TOKEN), admin, guard);
            Lazy<Schedule> schedule = Lazy.of(campaign::schedule);
            CampaignCounts counts = new ScheduleCounts(schedule);
            console = new ConsoleEndpoint(
                    new Console(
                            token,
                            guard,
                            admin,
                            schedule,
                            Lazy.of(campaign::suppressions),
                            () -> counts,
                            campaign.clock()),
                    log);
        }
    }

    /** The console's counters: the schedule's, kept in Redis by the scripts that make each change. */
    static final class ScheduleCounts implements CampaignCounts {
        private final Supplier<Schedule> schedule;

        ScheduleCounts(Supplier<Schedule> schedule) {
            this.schedule = schedule;
        }

        @Override
        public Map<LocalDate, Long> deliveredPerDay(LocalDate fromInclusive, LocalDate toInclusive) {
            return schedule.get().deliveredPerDay(fromInclusive, toInclusive);
        }

        @Override
        public Map<String, Long> enrolledPerSequence() {
            return schedule.get().enrolledPerSequence();
        }
    }
}
