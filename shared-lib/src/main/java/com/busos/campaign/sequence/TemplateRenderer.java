package com.busos.campaign.sequence;

import com.busos.campaign.html.Html;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {{name}}} placeholders (double braces, no inner spaces). A placeholder with no
 * variable stays as it is; values are never scanned again (no regex back-references, no nested
 * placeholders). Each value is encoded for where it lands: in an HTML body it is HTML-escaped, so a
 * lead's text reads literally and never becomes markup; in a subject it stays plain text on one line.
 */
public final class TemplateRenderer {
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

    /**
     * Variables that hold URLs the system made or validated, the only ones a template may put in a URL
     * attribute ({@code href}, {@code src}…). Their values are used only when they are https URLs.
     */
    public static final Set<String> URL_VARIABLES =
            Set.of("calendly_link", "reschedule_url", "pdf_download_link", "unsubscribe_url");

    /**
     * The one URL variable the system makes itself from its own configuration (PUBLIC_GATEWAY_URL, which
     * must be https outside the sandbox): its plain-http form to this machine (127.0.0.1, localhost,
     * [::1]) is the sandbox's local gateway, and is kept, so the outbox's emails carry a working footer
     * link. The variables a lead or the CRM supplies stay https-only.
     */
    public static final String UNSUBSCRIBE_URL = "unsubscribe_url";

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

    private TemplateRenderer() {}

    /** An HTML body: every value HTML-escaped (safe in element text and in quoted attribute values). */
    public static String renderHtml(String template, Map<String, String> variables) {
        return render(template, variables, true);
    }

    /** A subject line: values as they are, line breaks replaced by a space (no header injection). */
    public static String renderSubject(String template, Map<String, String> variables) {
        return LINE_BREAKS.matcher(render(template, variables, false)).replaceAll(" ");
    }

    /** Plain text (a text/plain part): values as they are. */
    public static String renderText(String template, Map<String, String> variables) {
        return render(template, variables, false);
    }

    private static String render(String template, Map<String, String> variables, boolean html) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        int last = 0;
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = variables.get(name);
            out.append(template, last, matcher.start());
            if (value == null) {
                out.append(matcher.group());
            } else {
                if (URL_VARIABLES.contains(name)
                        && !isHttpsUrl(value)
                        && !(name.equals(UNSUBSCRIBE_URL) && isLoopbackHttpUrl(value))) {
                    value = ""; // a javascript:, data: or plain-http link never reaches a recipient
                }
                out.append(html ? Html.escape(value) : value);
            }
            last = matcher.end();
        }
        out.append(template, last, template.length());
        return out.toString();
    }

    /** An absolute https URL with a host and no whitespace or control characters. */
    public static boolean isHttpsUrl(String value) {
        if (value.isEmpty() || !value.regionMatches(true, 0, "https://", 0, 8) || value.length() == 8) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) return false;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            return uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** An absolute plain-http URL to this machine: {@code http://127.0.0.1…}, {@code http://localhost…}, {@code http://[::1]…}. */
    static boolean isLoopbackHttpUrl(String value) {
        if (!value.regionMatches(true, 0, "http://", 0, 7)) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) return false;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            String host = uri.getHost();
            return uri.getRawUserInfo() == null
                    && host != null
                    && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Names of the placeholders a template uses, in order of first appearance. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) names.add(matcher.group(1));
        return names;
    }
}
