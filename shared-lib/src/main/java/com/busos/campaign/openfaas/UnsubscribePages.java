package com.busos.campaign.openfaas;

import com.busos.campaign.config.Brand;
import com.busos.campaign.html.Html;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.util.Base64;

/**
 * The small pages of the unsubscribe link: confirmation (with its button), done, invalid link. They are
 * the one page a recipient sees, so they look like the emails: the brand's colour and name on the same
 * card, readable on a phone (one column, a large button) and with a screen reader (a language, a main
 * landmark, one heading, a labelled button, the colours at WCAG AA contrast). No script; the only
 * style is the page's own, allowed by its hash in the Content-Security-Policy.
 */
public final class UnsubscribePages {
    private final Brand brand;
    private final String style;
    private final String contentSecurityPolicy;

    public UnsubscribePages(Brand brand) {
        this.brand = brand;
        this.style = style(brand);
        this.contentSecurityPolicy = "default-src 'none'; style-src 'sha256-" + sha256(style) + "'; img-src https:;"
                + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** The page a GET shows: the address and a button POSTing {@code confirm=yes} to the same link. */
    public IResponse confirmation(String address, String token) {
        return html(
                200,
                "Unsubscribe?",
                "<h1>Unsubscribe?</h1>"
                        + "<p>Stop all campaign emails from " + Html.escape(brand.name()) + " to <strong>"
                        + Html.escape(address) + "</strong>?</p>"
                        + "<form method=\"post\" action=\"?token=" + Html.escape(token) + "\">"
                        + "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
                        + "<button type=\"submit\">Unsubscribe</button>"
                        + "</form>"
                        + "<p class=\"note\">Changed your mind? Just close this page: nothing changes until you"
                        + " press the button.</p>");
    }

    public IResponse done(String address) {
        return html(
                200,
                "Unsubscribed",
                "<h1>You are unsubscribed</h1><p>No more campaign emails will be sent to <strong>"
                        + Html.escape(address) + "</strong>.</p>"
                        + "<p class=\"note\">You can close this page.</p>");
    }

    /** The answer to RFC 8058's one-click POST: 200 and a short body. */
    public static IResponse oneClickDone() {
        Response response = new Response();
        response.setStatusCode(200);
        response.setContentType("text/plain; charset=utf-8");
        response.setBody("Unsubscribed.\n");
        response.setHeader("Cache-Control", "no-store");
        return response;
    }

    /** A missing, malformed, altered or forged token. */
    public IResponse invalid(int status) {
        return html(
                status,
                "Invalid link",
                "<h1>This unsubscribe link is not valid</h1>"
                        + "<p>Please use the link from the email exactly as it was sent.</p>");
    }

    private IResponse html(int status, String title, String main) {
        Response response = new Response();
        response.setStatusCode(status);
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        String logo = brand.logoUrl()
                .map(url -> "<img class=\"logo\" src=\"" + Html.escape(url) + "\" alt=\"" + Html.escape(brand.name())
                        + "\">")
                .orElse("<p class=\"label\">" + Html.escape(brand.name()) + "</p>");
        response.setBody("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + " · " + Html.escape(brand.name()) + "</title>"
                + "<style>" + style + "</style></head><body><main class=\"card\">" + logo + main
                + "</main></body></html>");
        return response;
    }

    /** The emails' look (templates/partials/header.html): the card, its type and the brand's colour. */
    private static String style(Brand brand) {
        String color = brand.color();
        return "html{background:" + Brand.BACKGROUND + "}"
                + "body{margin:0;padding:24px 12px;font-family:Helvetica,Arial,sans-serif;font-size:16px;"
                + "line-height:1.6;color:#2b2b2b}"
                + ".card{box-sizing:border-box;max-width:600px;margin:0 auto;background:#fff;border-radius:8px;"
                + "padding:28px 36px}"
                + "@media (max-width:480px){body{padding:12px 8px}.card{padding:20px 18px}}"
                + ".label{margin:0 0 12px;font-size:13px;letter-spacing:1px;text-transform:uppercase;color:" + color
                + "}"
                + ".logo{display:block;max-width:160px;max-height:60px;margin:0 0 16px}"
                + "h1{margin:0 0 12px;font-size:24px;line-height:1.3;color:#2b2b2b}"
                + "strong{overflow-wrap:anywhere}"
                + "button{display:block;width:100%;max-width:320px;min-height:48px;margin:20px 0 8px;padding:12px 24px;"
                + "border:0;border-radius:6px;background:" + color + ";color:#fff;font:inherit;font-weight:bold;"
                + "cursor:pointer}"
                + "button:focus-visible{outline:3px solid #2b2b2b;outline-offset:3px}"
                + ".note{font-size:14px;color:#6b6b6b}";
    }

    private static String sha256(String text) {
        return Base64.getEncoder().encodeToString(com.busos.campaign.crypto.Sha256.of(text));
    }
}
