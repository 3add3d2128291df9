package com.busos.campaign.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus's text exposition format 0.0.4, as published
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): lines end with a line feed (the last
 * one too); {@code # HELP <name> <docstring>} (escapes {@code \\} and {@code \n}) and
 * {@code # TYPE <name> <counter|gauge|histogram|summary|untyped>} at most once per name, TYPE before
 * the family's first sample; other {@code #} lines are comments; samples are
 * {@code name[{label="value",…}] value [timestamp]}, the name matching {@code [a-zA-Z_:][a-zA-Z0-9_:]*},
 * label names {@code [a-zA-Z_][a-zA-Z0-9_]*} (not {@code __…}, reserved), each once a sample, values
 * escaped with {@code \\}, {@code \"} and {@code \n} only; the value a Go float ({@code NaN},
 * {@code +Inf}, {@code -Inf} included), the timestamp an int64 in ms. A family's lines are one group
 * (a histogram's or summary's {@code _bucket}, {@code _sum}, {@code _count} belong to it), and no
 * series (name and labels) appears twice. Anything else is a {@link ParseException} naming the line.
 */
public final class PrometheusTextParser {
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Inf|inf)|NaN|nan");
    private static final Pattern INT64 = Pattern.compile("-?[0-9]{1,19}");

    /** One metric family: its name, type (untyped when no TYPE line), help (null without one), samples. */
    public static final class Family {
        public final String name;
        public String type = "untyped";
        public String help;
        public final List<Sample> samples = new ArrayList<>();
        boolean typed;
        boolean helped;

        Family(String name) {
            this.name = name;
        }

        /** The value of the sample with exactly these labels (name, value, …), if there is one. */
        public Optional<Double> value(String... labels) {
            Map<String, String> wanted = new TreeMap<>();
            for (int i = 0; i + 1 < labels.length; i += 2) wanted.put(labels[i], labels[i + 1]);
            for (Sample sample : samples) if (sample.labels.equals(wanted)) return Optional.of(sample.value);
            return Optional.empty();
        }
    }

    /** One sample line. */
    public static final class Sample {
        public final String name;
        public final Map<String, String> labels;
        public final double value;
        public final Long timestamp;

        Sample(String name, Map<String, String> labels, double value, Long timestamp) {
            this.name = name;
            this.labels = Collections.unmodifiableMap(labels);
            this.value = value;
            this.timestamp = timestamp;
        }
    }

    /** The text is not the format. */
    public static final class ParseException extends RuntimeException {
        ParseException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> series = new HashSet<>();
    private final Set<String> closed = new HashSet<>();
    private String open;
    private int lineNumber;

    private PrometheusTextParser() {}

    /** The families of {@code text}, in the order they appear. */
    public static Map<String, Family> parse(String text) {
        PrometheusTextParser parser = new PrometheusTextParser();
        if (!text.isEmpty() && !text.endsWith("\n")) throw new ParseException(0, "the last line must end with \\n");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            parser.lineNumber = i + 1;
            parser.line(lines[i]);
        }
        return parser.families;
    }

    private void line(String line) {
        if (line.isBlank()) return;
        if (line.startsWith("#")) {
            comment(line);
            return;
        }
        sample(line);
    }

    private void comment(String line) {
        String[] tokens = line.substring(1).trim().split("[ \t]+", 3);
        if (tokens.length < 2 || !(tokens[0].equals("HELP") || tokens[0].equals("TYPE"))) return; // a comment
        String name = tokens[1];
        if (!METRIC_NAME.matcher(name).matches()) fail("not a metric name: " + name);
        Family family = enter(name);
        if (tokens[0].equals("HELP")) {
            if (family.helped) fail("a second HELP for " + name);
            family.helped = true;
            family.help = unescape(tokens.length > 2 ? tokens[2] : "");
        } else {
            if (family.typed) fail("a second TYPE for " + name);
            if (!family.samples.isEmpty()) fail("TYPE for " + name + " after its samples");
            String type = tokens.length > 2 ? tokens[2].trim() : "";
            if (!TYPES.contains(type)) fail("not a metric type: " + type);
            family.typed = true;
            family.type = type;
        }
    }

    private void sample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':'))
            i++;
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) fail("not a metric name: '" + name + "'");
        Map<String, String> labels = new TreeMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipBlanks(line, i);
                if (i < n && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int start = i;
                while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_')) i++;
                String label = line.substring(start, i);
                if (!LABEL_NAME.matcher(label).matches()) fail("not a label name: '" + label + "'");
                if (label.startsWith("__")) fail("label names beginning with __ are reserved: " + label);
                i = skipBlanks(line, i);
                if (i >= n || line.charAt(i) != '=') fail("expected = after label " + label);
                i = skipBlanks(line, i + 1);
                if (i >= n || line.charAt(i) != '"') fail("expected \" to open the value of " + label);
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) fail("unterminated value of label " + label);
                    char c = line.charAt(i);
                    if (c == '"') break;
                    if (c == '\\') {
                        if (i + 1 >= n) fail("a lone backslash in label " + label);
                        char e = line.charAt(i + 1);
                        if (e == '\\') value.append('\\');
                        else if (e == '"') value.append('"');
                        else if (e == 'n') value.append('\n');
                        else fail("unknown escape \\" + e + " in label " + label);
                        i += 2;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                i++;
                if (labels.put(label, value.toString()) != null) fail("label " + label + " twice");
                i = skipBlanks(line, i);
                if (i < n && line.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < n && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                fail("expected , or } after label " + label);
            }
        }
        if (i >= n || (line.charAt(i) != ' ' && line.charAt(i) != '\t')) fail("expected a blank before the value");
        String[] rest = line.substring(i).trim().split("[ \t]+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) fail("expected a value and maybe a timestamp");
        if (!FLOAT.matcher(rest[0]).matches()) fail("not a float: " + rest[0]);
        double value = parseFloat(rest[0]);
        Long timestamp = null;
        if (rest.length == 2) {
            if (!INT64.matcher(rest[1]).matches()) fail("not a timestamp: " + rest[1]);
            try {
                timestamp = Long.parseLong(rest[1]);
            } catch (NumberFormatException tooLarge) {
                fail("not an int64: " + rest[1]);
            }
        }
        Family family = enter(familyOf(name));
        if (!series.add(name + labels)) fail("the series " + name + labels + " twice");
        family.samples.add(new Sample(name, labels, value, timestamp));
    }

    /** The family a sample belongs to: a histogram's or summary's suffixed series belong to its name. */
    private String familyOf(String name) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (!name.endsWith(suffix)) continue;
            String base = name.substring(0, name.length() - suffix.length());
            Family family = families.get(base);
            if (family == null) continue;
            if (family.type.equals("histogram") || (family.type.equals("summary") && !suffix.equals("_bucket")))
                return base;
        }
        return name;
    }

    /** The family {@code name}, its lines kept one group: a family left once may not come back. */
    private Family enter(String name) {
        if (!name.equals(open)) {
            if (closed.contains(name)) fail("the lines of " + name + " are not one group");
            if (open != null) closed.add(open);
            open = name;
        }
        return families.computeIfAbsent(name, Family::new);
    }

    private static double parseFloat(String text) {
        String t = text.startsWith("+") ? text.substring(1) : text;
        if (t.equalsIgnoreCase("nan")) return Double.NaN;
        if (t.equalsIgnoreCase("inf")) return Double.POSITIVE_INFINITY;
        if (t.equalsIgnoreCase("-inf")) return Double.NEGATIVE_INFINITY;
        return Double.parseDouble(t);
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
        return i;
    }

    /** HELP's escapes: {@code \\} and {@code \n} (other backslashes stay as they are). */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '\\' || text.charAt(i + 1) == 'n')) {
                out.append(text.charAt(i + 1) == 'n' ? '\n' : '\\');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void fail(String message) {
        throw new ParseException(lineNumber, message);
    }
}
