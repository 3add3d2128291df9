package com.busos.campaign.console;

import java.util.LinkedHashMap;
import java.util.Map;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** A console page: status, headers (the security headers included) and HTML. */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class ConsoleAnswer {
    @Getter
    private final int status;

    private final Map<String, String> headers = new LinkedHashMap<>();

    @Getter
    private final String body;

    ConsoleAnswer header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
