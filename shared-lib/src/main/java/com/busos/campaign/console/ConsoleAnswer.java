package com.busos.campaign.console;

import java.util.LinkedHashMap;
import java.util.Map;

/** A console page: status, headers (the security headers included) and HTML. */
public final class ConsoleAnswer {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String body;

    ConsoleAnswer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    ConsoleAnswer header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }
}
