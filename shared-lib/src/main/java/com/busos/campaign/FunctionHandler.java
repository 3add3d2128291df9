package com.busos.campaign;

import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A function's Handler: its module ({@code M}, declared beside the Handler) built once per configuration
 * ({@link Wiring}), the settings it needs reported at start, and every call answered as
 * {@link Responses#handle} answers (a missing setting 500, Redis down 503, …).
 */
public abstract class FunctionHandler<M> extends AbstractHandler {
    /** How a function's module is made from the campaign. */
    public interface ModuleFactory<M> {
        M build(Campaign campaign, Log log);
    }

    protected final Log log;
    private final Wiring<M> wiring;
    private boolean unusableAtStart;

    protected FunctionHandler(
            String function, Supplier<ConfigSource> config, List<Setting> settings, ModuleFactory<M> module) {
        this.log = Log.forFunction(function);
        this.wiring = Wiring.of(config, campaign -> module.build(campaign, log));
        atStart(() -> Campaign.reportMissingAtStart(log, wiring.config(), settings));
    }

    /**
     * Runs a check at the function's start. A setting that keeps the campaign from being built at all
     * (SANDBOX_DIR in a function's image) is logged here once, and every call then answers 500 naming it
     * ({@link Responses}) instead of the function not starting; the checks after it are skipped.
     */
    protected final void atStart(Runnable check) {
        if (unusableAtStart) return;
        try {
            check.run();
        } catch (InvalidSettingException invalid) {
            unusableAtStart = true;
            log.error("config.invalid").error(invalid).write();
        }
    }

    @Override
    public final IResponse Handle(IRequest request) {
        return Responses.handle(log, () -> wiring.call(module -> handle(module, request)));
    }

    /** One call, with the module of the configuration in force. */
    protected abstract IResponse handle(M module, IRequest request);

    /** Something asked of the module outside a call (e.g. at start). */
    protected final <R> R withModule(Function<M, R> question) {
        return wiring.call(question);
    }
}
