package com.busos.campaign.console;

import static com.busos.campaign.html.Html.escape;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The frame of every console page: its stylesheet (inline, allowed by its hash in the CSP: no other
 * style, no script at all), the navigation, and the headers every answer carries.
 */
final class ConsoleLayout {
    static final String CSS = "body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}"
            + "header{background:#1d2330;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}"
            + "header a{color:#fff}header form{margin-left:auto}main{padding:1rem;max-width:70rem}"
            + "table{border-collapse:collapse;background:#fff;margin:.5rem 0 1rem}"
            + "th,td{border:1px solid #d5d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}"
            + ".msg{background:#e7f4e8;border:1px solid #9ccfa0;padding:.5rem}.err{background:#fbe9e9;border:1px solid #e3a1a1;padding:.5rem}"
            + "button{cursor:pointer}form.inline{display:inline}code{word-break:break-all}"
            + "svg .delivered{fill:#3b7dd8}svg .scheduled{fill:#e0a030}svg text{font-size:10px;fill:#1d2330}"
            + "svg .axis{stroke:#1d2330;stroke-width:1}";

    static final String CSP = "default-src 'none'; style-src '" + sha256(CSS) + "'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ConsoleLayout() {}

    /** A whole page: {@code content} is HTML already escaped; {@code csrf} null for the sign-in page. */
    static ConsoleAnswer page(int status, String title, String prefix, String csrf, String content) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(escape(title))
                .append(" · campaign console</title><style>")
                .append(CSS)
                .append("</style></head><body><header><strong>campaign console</strong>");
        if (csrf != null) {
            String base = escape(prefix);
            html.append("<nav><a href=\"")
                    .append(base)
                    .append("/\">Overview</a> · ")
                    .append("<a href=\"")
                    .append(base)
                    .append("/console/chart\">Chart</a> · ")
                    .append("<a href=\"")
                    .append(base)
                    .append("/console/dead\">Dead letters</a> · ")
                    .append("<a href=\"")
                    .append(base)
                    .append("/console/lead\">Search</a> · ")
                    .append("<a href=\"")
                    .append(base)
                    .append("/console/suppressed\">Suppressed</a> · ")
                    .append("<a href=\"")
                    .append(base)
                    .append("/console/templates\">Templates</a></nav>")
                    .append("<form method=\"post\" action=\"")
                    .append(base)
                    .append("/console/sign-out\">")
                    .append(csrfField(csrf))
                    .append("<button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        }
        html.append("</header><main><h1>").append(escape(title)).append("</h1>");
        html.append(content).append("</main></body></html>");
        return secured(new ConsoleAnswer(status, html.toString()));
    }

    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">";
    }

    /** A form with one button that POSTs {@code fields} (name, value pairs) and the CSRF token. */
    static String button(String action, String csrf, String label, String id, String... fields) {
        StringBuilder form = new StringBuilder();
        form.append("<form class=\"inline\" method=\"post\" action=\"")
                .append(escape(action))
                .append("\">")
                .append(csrfField(csrf));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append("<input type=\"hidden\" name=\"")
                    .append(escape(fields[i]))
                    .append("\" value=\"")
                    .append(escape(fields[i + 1]))
                    .append("\">");
        }
        form.append("<button type=\"submit\"");
        if (id != null) form.append(" id=\"").append(escape(id)).append("\"");
        return form.append(">").append(escape(label)).append("</button></form>").toString();
    }

    private static ConsoleAnswer secured(ConsoleAnswer answer) {
        return answer.header("Content-Type", "text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", CSP);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
