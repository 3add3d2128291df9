package com.busos.campaign.entrypoint;

import java.util.Map;

/** Just enough JSON writing for log lines and error bodies: flat objects of strings, numbers, booleans. */
public final class Json {

    private Json() {}

    /** {@code {"k":v,...}} with every key and string value escaped. */
    public static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder(64 + fields.size() * 24).append('{');
        String separator = "";
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            out.append(separator).append(quote(e.getKey())).append(':');
            appendValue(out, e.getValue());
            separator = ",";
        }
        return out.append('}').toString();
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Number && Double.isFinite(((Number) value).doubleValue())) {
            out.append(value);
        } else {
            out.append(quote(String.valueOf(value)));
        }
    }

    /** The string as a JSON string literal, quotes included. */
    public static String quote(String s) {
        return '"' + escape(s) + '"';
    }

    /** Escapes quotes, backslashes and every control character; null becomes "". */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement;
            switch (c) {
                case '"':
                    replacement = "\\\"";
                    break;
                case '\\':
                    replacement = "\\\\";
                    break;
                case '\n':
                    replacement = "\\n";
                    break;
                case '\r':
                    replacement = "\\r";
                    break;
                case '\t':
                    replacement = "\\t";
                    break;
                default:
                    // U+2028/2029 too: valid JSON, but they end lines in some log viewers and in JavaScript.
                    replacement = c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029'
                            ? String.format("\\u%04x", (int) c)
                            : null;
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
