package com.busos.campaign.templatefiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks the template files share (the header and the footer), kept once as
 * {@code <templates>/partials/<name>.html} and included where a file says
 * <pre>
 * {{&gt; header title="We missed you" label="Your call"}}
 * </pre>
 * The directive is replaced by the partial's text (less its final line break), each {@code {{$title}}}
 * in it by the argument of that name; a lead's variables ({@code {{first_name}}}) pass through for the
 * renderer, in a partial and in an argument alike. A file is expanded when it is read, so push, check,
 * preview and the sandbox see the whole email; it is folded back when written (pull) wherever the HTML
 * still matches a partial. An unknown partial, a missing or unused argument, or a directive that cannot
 * be read fails the read (IllegalArgumentException): no email goes out half expanded.
 */
final class TemplatePartials {
    static final String FOLDER = "partials";
    private static final Pattern INCLUDE =
            Pattern.compile("\\{\\{> *([A-Za-z0-9_-]+)((?: +[A-Za-z0-9_]+=\"[^\"\\r\\n]*\")*) *}}");
    private static final Pattern ARGUMENT = Pattern.compile("([A-Za-z0-9_]+)=\"([^\"\\r\\n]*)\"");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\$([A-Za-z0-9_]+)}}");
    private static final String DIRECTIVE = "{{>";

    private final Path folder;

    TemplatePartials(Path templates) {
        this.folder = templates.resolve(FOLDER);
    }

    /** The template file's text with every directive replaced by its partial. */
    String expand(String template, String text) {
        Matcher include = INCLUDE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() * 4);
        int last = 0;
        while (include.find()) {
            out.append(literal(template, text.substring(last, include.start())));
            out.append(fill(template, include.group(1), arguments(include.group(2))));
            last = include.end();
        }
        return out.append(literal(template, text.substring(last))).toString();
    }

    /** The HTML with each partial it holds (found whole, arguments on one line) put back as a directive. */
    String fold(String template, String html) {
        String folded = html;
        for (String name : names()) {
            Matcher match = shape(text(template, name)).matcher(folded);
            if (!match.find()) continue;
            StringBuilder directive = new StringBuilder("{{> ").append(name);
            List<String> parameters = parameters(text(template, name));
            for (int i = 0; i < parameters.size(); i++) {
                directive
                        .append(' ')
                        .append(parameters.get(i))
                        .append("=\"")
                        .append(match.group(i + 1))
                        .append('"');
            }
            folded = folded.substring(0, match.start()) + directive.append("}}") + folded.substring(match.end());
        }
        return folded.equals(html) || !expand(template, folded).equals(html) ? html : folded;
    }

    private String fill(String template, String name, Map<String, String> arguments) {
        String partial = text(template, name);
        Matcher parameter = PARAMETER.matcher(partial);
        StringBuilder out = new StringBuilder(partial.length() + 256);
        int last = 0;
        List<String> used = new ArrayList<>();
        while (parameter.find()) {
            String value = arguments.get(parameter.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "template '" + template + "': the partial " + name + " needs " + parameter.group(1) + "=\"…\"");
            }
            out.append(partial, last, parameter.start()).append(value);
            used.add(parameter.group(1));
            last = parameter.end();
        }
        for (String argument : arguments.keySet()) {
            if (!used.contains(argument)) {
                throw new IllegalArgumentException(
                        "template '" + template + "': the partial " + name + " has no {{$" + argument + "}}");
            }
        }
        return out.append(partial.substring(last)).toString();
    }

    /** A partial's text, less its final line break; partials include no other partial. */
    private String text(String template, String name) {
        Path file = folder.resolve(name + TemplateFiles.EXTENSION);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            throw new IllegalArgumentException("template '" + template + "': no partial " + name + " (" + file + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read partial " + file, e);
        }
        if (text.contains(DIRECTIVE)) {
            throw new IllegalArgumentException("partial " + file + " includes another partial: partials do not nest");
        }
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        return text;
    }

    private static String literal(String template, String text) {
        int directive = text.indexOf(DIRECTIVE);
        if (directive >= 0) {
            int end = text.indexOf('\n', directive);
            throw new IllegalArgumentException("template '" + template + "': cannot read the partial directive "
                    + text.substring(directive, end < 0 ? text.length() : end).trim()
                    + " (write {{> name argument=\"value\"}})");
        }
        return text;
    }

    private static Map<String, String> arguments(String text) {
        Map<String, String> arguments = new LinkedHashMap<>();
        Matcher argument = ARGUMENT.matcher(text);
        while (argument.find()) arguments.put(argument.group(1), argument.group(2));
        return arguments;
    }

    /** The parameters in their first places' order. */
    private static List<String> parameters(String partial) {
        List<String> names = new ArrayList<>();
        Matcher parameter = PARAMETER.matcher(partial);
        while (parameter.find()) {
            if (!names.contains(parameter.group(1))) names.add(parameter.group(1));
        }
        return names;
    }

    /** The partial as a pattern: its text literally, each parameter one line's worth of argument. */
    private static Pattern shape(String partial) {
        List<String> seen = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(partial);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(partial.substring(last, parameter.start())));
            int group = seen.indexOf(parameter.group(1));
            if (group < 0) {
                seen.add(parameter.group(1));
                regex.append("([^\"\\r\\n]*?)");
            } else {
                regex.append("\\").append(group + 1);
            }
            last = parameter.end();
        }
        return Pattern.compile(
                regex.append(Pattern.quote(partial.substring(last))).toString());
    }

    private List<String> names() {
        return new TemplateFiles(folder).names();
    }
}
