package com.busos.campaign.webhook;

import java.util.Map;

/** Header lookup that ignores case, whatever map the runtime handed over. */
public final class Headers {
    private Headers() {}

    public static String get(Map<String, String> headers, String name) {
        if (headers == null) return null;
        String exact = headers.get(name);
        if (exact != null) return exact;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) return header.getValue();
        }
        return null;
    }
}
