package com.openfaas.function;

import com.busos.campaign.Campaign;
import com.busos.campaign.admin.AdminToken;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.templates.TemplateCheck;
import com.busos.campaign.webhook.Responses;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Optional;

/**
 * Any method on /function/template-check: checks every template a sequence references in the Email
 * Templates database (see {@link TemplateCheck}), so a deploy can be stopped by broken templates.
 * Answers {@code 200 {"ok": true, "checked", "problems": [], "templates": [...]}} or, with problems,
 * {@code 422 {"ok": false, "problems": [{sequence, email_number, template, kind, problem}...], ...}}
 * (so {@code curl -f} fails). With the admin-token secret set, calls need
 * {@code Authorization: Bearer <admin-token>} (401 otherwise).
 */
public class Handler extends AbstractHandler {
    private static final Log LOG = Log.forFunction("template-check");

    static {
        Campaign.reportMissingAtStart(LOG, Campaign.TEMPLATE_CHECK_SETTINGS);
    }

    @Override
    public IResponse Handle(IRequest request) {
        return Responses.handle(LOG, () -> {
            Campaign campaign = Campaign.current();
            Optional<String> token = campaign.config().get(Setting.ADMIN_TOKEN);
            if (token.isPresent()) new AdminToken(token.get()).check(request.getHeaders());
            TemplateCheck.Report report = campaign.templateCheck().run();
            LOG.info("templates.checked").with("checked", report.rows().size()).with("problems", report.problemCount())
                    .with("outcome", report.ok() ? "ok" : "problems").write();
            return Responses.json(report.ok() ? 200 : 422, report.toJson());
        });
    }
}
