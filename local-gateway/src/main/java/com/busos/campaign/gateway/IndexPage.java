package com.busos.campaign.gateway;

import com.busos.campaign.html.Html;
import java.util.Collection;

/**
 * The local gateway's {@code /}: where everything is. The functions of stack.yml, the console, and in sandbox mode the outbox, the template previews and the
 * sample contacts ready to post.
 */
final class IndexPage {
    private IndexPage() {}

    static String render(Collection<FunctionInstance> functions, boolean sandbox) {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Local gateway</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:52em;padding:0 1em;"
                        + "color:#222;line-height:1.5}a{color:#b5473a}code{background:#f4f4f4;padding:0 .2em}"
                        + "ul{padding-left:1.2em}li{margin:.2em 0}.note{color:#666}</style>\n")
                .append("</head>\n<body>\n<h1>Local gateway</h1>\n<p class=\"note\">")
                .append(
                        sandbox
                                ? "Sandbox mode: nothing is sent; Notion is a local store and Resend an outbox."
                                : "Real providers: Notion and Resend are called for real.")
                .append("</p>\n<h2>Pages</h2>\n<ul>\n")
                .append("<li><a href=\"/function/campaign-admin/\">Console</a>: the campaign at a glance, dead letters,"
                        + " a lead's timeline, suppressions (sign in with the admin token")
                .append(sandbox ? ", <code>sandbox/secrets/admin-token</code>" : "")
                .append(")</li>\n");
        if (sandbox) {
            page.append("<li><a href=\"")
                    .append(SandboxMode.OUTBOX)
                    .append("\">Outbox</a>: what is scheduled and what was" + " written</li>\n")
                    .append("<li><a href=\"")
                    .append(SandboxMode.PREVIEW)
                    .append("\">Template previews</a>: every template"
                            + " rendered for its sample contact, with the template check</li>\n")
                    .append("<li>Sample contacts, dated for today: ");
            String separator = "";
            for (String sample : new String[] {"5day", "noshow", "postcall", "onboarding"}) {
                page.append(separator)
                        .append("<a href=\"")
                        .append(SandboxMode.SAMPLES)
                        .append('/')
                        .append(sample)
                        .append(".json\">")
                        .append(sample)
                        .append("</a>");
                separator = ", ";
            }
            page.append("</li>\n");
        }
        page.append("<li><a href=\"/healthz\">/healthz</a>: the gateway itself</li>\n</ul>\n")
                .append("<h2>Functions</h2>\n<ul>\n");
        for (FunctionInstance function : functions) {
            page.append("<li><a href=\"/function/")
                    .append(Html.escape(function.name()))
                    .append("\"><code>/function/")
                    .append(Html.escape(function.name()))
                    .append("</code></a>");
            if (function.handler() == null) page.append(" <strong>not loaded</strong>");
            page.append("</li>\n");
        }
        return page.append("</ul>\n</body>\n</html>\n").toString();
    }
}
