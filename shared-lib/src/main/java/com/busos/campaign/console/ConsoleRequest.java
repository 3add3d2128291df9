package com.busos.campaign.console;

import java.util.Map;

/**
 * One request to the console, as its HTTP adapter ({@code openfaas.ConsoleEndpoint}) read it: the path
 * after the function's name, the query, the form (null when the request is not a form POST), the session
 * cookie's value, the client's address, where the console is mounted and whether its cookie may be
 * sent over plain http.
 */
public final class ConsoleRequest {
    final String path;
    final Map<String, String> query;
    final Map<String, String> form;
    final String session;
    final String client;
    final String prefix;
    final boolean secure;

    /**
     * @param path "/", "/console/dead" …
     * @param form the POSTed form fields, or null for a page read (no body)
     * @param session the session cookie's value, or null
     * @param prefix the path the function is reached at from the browser ("/function/campaign-admin")
     * @param secure true when the cookie must be {@code Secure} (anything but plain http on loopback)
     */
    public ConsoleRequest(
            String path,
            Map<String, String> query,
            Map<String, String> form,
            String session,
            String client,
            String prefix,
            boolean secure) {
        this.path = path;
        this.query = query;
        this.form = form;
        this.session = session;
        this.client = client;
        this.prefix = prefix;
        this.secure = secure;
    }

    public boolean isPost() {
        return form != null;
    }
}
