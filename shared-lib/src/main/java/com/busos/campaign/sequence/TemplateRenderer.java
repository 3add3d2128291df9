package com.busos.campaign.sequence;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {{name}}} placeholders (double braces, no inner spaces). A placeholder with no
 * variable stays as it is; values are inserted literally and never scanned again.
 */
public final class TemplateRenderer {
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

    private TemplateRenderer() {
    }

    public static String render(String template, Map<String, String> variables) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        int last = 0;
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            out.append(template, last, matcher.start());
            out.append(value == null ? matcher.group() : value);
            last = matcher.end();
        }
        out.append(template, last, template.length());
        return out.toString();
    }

    /** Names of the placeholders a template uses, in order of first appearance. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) names.add(matcher.group(1));
        return names;
    }
}
