package com.busos.campaign.admin;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small writer of Prometheus's text exposition format 0.0.4: each family's {@code # HELP} and
 * {@code # TYPE} lines, then its samples, one group per family; label values escaped ({@code \\},
 * {@code \"}, {@code \n}), help texts too ({@code \\}, {@code \n}). Whole numbers only: every
 * campaign metric is a count.
 */
public final class PrometheusText {
    /** The Content-Type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder();
    private final Set<String> families = new LinkedHashSet<>();
    private String current;

    /** Starts a family: its HELP and TYPE lines ({@code type}: counter or gauge). */
    public PrometheusText family(String name, String type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) throw new IllegalArgumentException("not a metric name: " + name);
        if (!type.equals("counter") && !type.equals("gauge"))
            throw new IllegalArgumentException("not a type written here: " + type);
        if (!families.add(name)) throw new IllegalArgumentException("family written twice: " + name);
        current = name;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample of the current family: {@code labels} are name, value, name, value … */
    public PrometheusText sample(long value, String... labels) {
        if (current == null) throw new IllegalStateException("a sample before its family");
        if (labels.length % 2 != 0) throw new IllegalArgumentException("labels come in pairs");
        out.append(current);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                String name = labels[i];
                if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__"))
                    throw new IllegalArgumentException("not a label name: " + name);
                if (i > 0) out.append(',');
                out.append(name)
                        .append("=\"")
                        .append(escapeLabelValue(labels[i + 1]))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    /** The text: every line ends with a line feed. */
    @Override
    public String toString() {
        return out.toString();
    }

    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
