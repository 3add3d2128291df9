package com.busos.campaign.console;

import java.util.Map;
import lombok.RequiredArgsConstructor;

/**
 * One request to the console, as its HTTP adapter ({@code openfaas.ConsoleEndpoint}) read it: the path
 * after the function's name, the query, the form (null when the request is not a form POST), the session
 * cookie's value, the client's address, where the console is mounted and whether its cookie may be
 * sent over plain http.
 */
@RequiredArgsConstructor
public final class ConsoleRequest {
    /** "/", "/console/dead" … */
    final String path;

    final Map<String, String> query;
    /** The POSTed form fields, or null for a page read (no body). */
    final Map<String, String> form;
    /** The session cookie's value, or null. */
    final String session;

    final String client;
    /** The path the function is reached at from the browser ("/function/campaign-admin"). */
    final String prefix;
    /** True when the cookie must be {@code Secure} (anything but plain http on loopback). */
    final boolean secure;

    public boolean isPost() {
        return form != null;
    }
}
