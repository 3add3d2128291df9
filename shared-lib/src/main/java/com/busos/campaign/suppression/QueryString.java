package com.busos.campaign.suppression;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A query string as a map, first value of each name. Only %-escapes are decoded: a literal "+" stays a
 * "+", so {@code ?email=jane+tag@example.com} names that address. A browser's form body: {@link #form}.
 */
public final class QueryString {
    private QueryString() {}

    public static Map<String, String> parse(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return values;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name != null && value != null) values.putIfAbsent(name, value);
        }
        return values;
    }

    /**
     * An application/x-www-form-urlencoded body as a browser sends it ('+' is a space, a literal '+' is
     * %2B), first value of each name; null when it is malformed or has more than {@code maxFields} fields.
     */
    public static Map<String, String> form(String body, int maxFields) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] pairs = body.trim().split("&");
        if (pairs.length > maxFields) return null;
        for (String pair : pairs) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeForm(pair.substring(eq + 1));
            if (name == null || value == null) return null;
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String text) {
        return decodeForm(text.replace("+", "%2B"));
    }

    private static String decodeForm(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return null;
        }
    }
}
