package com.busos.campaign.html;

/** HTML-escaping, the one way every page and email of the campaign does it. */
public final class Html {
    private Html() {}

    /** Text for HTML element content and for single- or double-quoted attribute values. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement;
            switch (c) {
                case '&':
                    replacement = "&amp;";
                    break;
                case '<':
                    replacement = "&lt;";
                    break;
                case '>':
                    replacement = "&gt;";
                    break;
                case '"':
                    replacement = "&quot;";
                    break;
                case '\'':
                    replacement = "&#39;";
                    break;
                default:
                    replacement = null;
            }
            if (replacement != null) {
                if (out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
