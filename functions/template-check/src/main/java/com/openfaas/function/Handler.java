package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.FunctionHandler;
import com.busos.campaign.Lazy;
import com.busos.campaign.admin.AdminToken;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.templates.TemplateCheck;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Any method on /function/template-check: checks every template a sequence references in the Email
 * Templates database (see {@link TemplateCheck}), so a deploy can be stopped by broken templates.
 * Answers {@code 200 {"ok": true, "checked", "problems": [], "templates": [...]}} or, with problems,
 * {@code 422 {"ok": false, "problems": [{sequence, email_number, template, kind, problem}...], ...}}
 * (so {@code curl -f} fails). With the admin-token secret set, calls need
 * {@code Authorization: Bearer <admin-token>} (401 otherwise).
 */
public class Handler extends FunctionHandler<Handler.Module> {
    public Handler() {
        this(ConfigSource::system);
    }

    /** With the configuration read from {@code config} (the handler tests give their own). */
    public Handler(Supplier<ConfigSource> config) {
        super("template-check", config, TemplateCheck.SETTINGS, Module::new);
    }

    @Override
    protected IResponse handle(Module module, IRequest request) {
        if (module.token.isPresent()) module.token.get().check(request.getHeaders());
        TemplateCheck.Report report = module.check.get().run();
        module.templatesChanged();
        log.info("templates.checked")
                .with("checked", report.rows().size())
                .with("problems", report.problemCount())
                .with("outcome", report.ok() ? "ok" : "problems")
                .write();
        return Responses.json(report.ok() ? 200 : 422, report.toJson());
    }

    /** What template-check is made of, built once per configuration. */
    static final class Module {
        final Optional<AdminToken> token;
        final Lazy<TemplateCheck> check;
        final Campaign campaign;
        final Log log;

        Module(Campaign campaign, Log log) {
            token = campaign.config().get(Setting.ADMIN_TOKEN).map(AdminToken::new);
            check = Lazy.of(campaign::templateCheck);
            this.campaign = campaign;
            this.log = log;
        }

        /**
         * Tells send-email's template caches that the templates were checked (so edits are used from
         * now on); the check's answer does not depend on Redis, so its absence is only logged.
         */
        void templatesChanged() {
            try {
                campaign.schedule().templatesChanged();
            } catch (RuntimeException unavailable) {
                log.warn("templates.version_not_changed")
                        .with("detail", "cached templates are used until they expire (60 s)")
                        .error(unavailable)
                        .write();
            }
        }
    }
}
