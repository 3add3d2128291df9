package com.busos.campaign.openfaas;

import com.busos.campaign.html.Html;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;

/** The small pages of the unsubscribe link: confirmation (with its button), done, invalid link. */
public final class UnsubscribePages {
    private UnsubscribePages() {}

    /** The page a GET shows: the address and a button POSTing {@code confirm=yes} to the same link. */
    public static IResponse confirmation(String address, String token) {
        return html(
                200,
                "Unsubscribe?",
                "<h1>Unsubscribe?</h1>"
                        + "<p>Stop all campaign emails to <strong>" + Html.escape(address) + "</strong>?</p>"
                        + "<form method=\"post\" action=\"?token=" + Html.escape(token) + "\">"
                        + "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
                        + "<button type=\"submit\">Unsubscribe</button>"
                        + "</form>");
    }

    public static IResponse done(String address) {
        return html(
                200,
                "Unsubscribed",
                "<h1>You are unsubscribed</h1><p>No more campaign emails will be sent to <strong>"
                        + Html.escape(address) + "</strong>.</p>");
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
    public static IResponse invalid(int status) {
        return html(
                status,
                "Invalid link",
                "<h1>This unsubscribe link is not valid</h1>"
                        + "<p>Please use the link from the email exactly as it was sent.</p>");
    }

    private static IResponse html(int status, String title, String body) {
        Response response = new Response();
        response.setStatusCode(status);
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
        response.setBody("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title></head><body>" + body + "</body></html>");
        return response;
    }
}
