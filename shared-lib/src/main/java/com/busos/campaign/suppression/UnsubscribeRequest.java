package com.busos.campaign.suppression;

import java.util.Locale;

/**
 * What a call of the unsubscribe link asks for. The java11 template's request has no HTTP method, so
 * the body decides:
 * <ul>
 *   <li>a body containing {@code List-Unsubscribe=One-Click} (RFC 8058: what a mail client POSTs, as a
 *       urlencoded or multipart form) → {@link #ONE_CLICK}: unsubscribe at once;</li>
 *   <li>a form body with {@code confirm=yes} (the button of the confirmation page) → {@link #CONFIRMED}:
 *       unsubscribe at once;</li>
 *   <li>anything else, an empty body in particular (a GET: a person, or a link scanner, opening the link)
 *       → {@link #SHOW_PAGE}: only the confirmation page, nothing changes.</li>
 * </ul>
 */
public enum UnsubscribeRequest {
    ONE_CLICK,
    CONFIRMED,
    SHOW_PAGE;

    public static UnsubscribeRequest of(String body) {
        if (body == null || body.isBlank()) return SHOW_PAGE;
        if (body.contains(UnsubscribeLinks.ONE_CLICK)) return ONE_CLICK;
        String lower = body.toLowerCase(Locale.ROOT);
        // multipart/form-data: the field's name in its part header, "One-Click" as its value
        if (lower.contains("name=\"list-unsubscribe\"") && lower.contains("one-click")) return ONE_CLICK;
        if ("yes".equals(QueryString.parse(body.trim()).get("confirm"))) return CONFIRMED;
        return SHOW_PAGE;
    }

    /** True when the request unsubscribes. */
    public boolean unsubscribes() {
        return this != SHOW_PAGE;
    }
}
