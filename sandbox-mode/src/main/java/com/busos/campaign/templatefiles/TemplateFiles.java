package com.busos.campaign.templatefiles;

import com.busos.campaign.sequence.EmailTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lombok.Getter;

/**
 * The email templates as files, one per template: {@code <folder>/<Template Name>.html}. The first
 * line holds the subject in an HTML comment, everything after it is the HTML body, byte for byte:
 * <pre>
 * &lt;!-- subject: {{first_name}}, your results are in --&gt;
 * &lt;!DOCTYPE html&gt;
 * &lt;html&gt;…&lt;/html&gt;
 * </pre>
 * A file is still a valid HTML page (the comment is ignored by browsers). A file whose first line is
 * not such a comment has an empty subject (which the template check reports). The blocks every
 * template shares live once in {@code <folder>/partials/} ({@link TemplatePartials}): a file is read
 * with them expanded and written with them folded back.
 */
public final class TemplateFiles {
    public static final String EXTENSION = ".html";
    private static final Pattern SUBJECT_LINE = Pattern.compile("^<!--\\s?subject:(.*)-->[ \\t]*$");

    @Getter
    private final Path folder;

    private final TemplatePartials partials;

    public TemplateFiles(Path folder) {
        this.folder = folder;
        this.partials = new TemplatePartials(folder);
    }

    /** The template's file; the name must be usable as a file name. */
    public Path file(String name) {
        checkName(name);
        return folder.resolve(name + EXTENSION);
    }

    public Optional<EmailTemplate> find(String name) {
        try {
            return Optional.of(
                    parse(name, partials.expand(name, Files.readString(file(name), StandardCharsets.UTF_8))));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file(name), e);
        }
    }

    /** Names of every template file in the folder (sub-folders such as samples/ are not templates), sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) return names;
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(Files::isRegularFile)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(EXTENSION) && !name.startsWith("."))
                    .map(name -> name.substring(0, name.length() - EXTENSION.length()))
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return names;
    }

    /** Writes the template's file (creating the folder), its partials folded back; answers the file. */
    public Path write(EmailTemplate template) {
        Path file = file(template.name());
        String html = partials.fold(template.name(), template.html());
        try {
            Files.createDirectories(folder);
            Files.writeString(
                    file, format(new EmailTemplate(template.name(), template.subject(), html)), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write template " + file, e);
        }
    }

    /** A file's text as a template: subject from the first line's comment, the rest as the body. */
    public static EmailTemplate parse(String name, String text) {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int newline = content.indexOf('\n');
        String firstLine = newline < 0 ? content : content.substring(0, newline);
        if (firstLine.endsWith("\r")) firstLine = firstLine.substring(0, firstLine.length() - 1);
        Matcher subject = SUBJECT_LINE.matcher(firstLine);
        if (!subject.matches()) return new EmailTemplate(name, "", content);
        String value = subject.group(1);
        if (value.startsWith(" ")) value = value.substring(1);
        if (value.endsWith(" ")) value = value.substring(0, value.length() - 1);
        return new EmailTemplate(name, value, newline < 0 ? "" : content.substring(newline + 1));
    }

    /** The file's text; {@link #parse} gives the same template back. */
    public static String format(EmailTemplate template) {
        String subject = template.subject();
        if (subject.contains("\n") || subject.contains("\r") || subject.contains("-->")) {
            throw new IllegalArgumentException("template '" + template.name()
                    + "': a subject with a line break or \"-->\" cannot be kept in a template file");
        }
        return "<!-- subject: " + subject + " -->\n" + template.html();
    }

    private static void checkName(String name) {
        if (name == null
                || name.isBlank()
                || name.startsWith(".")
                || name.contains("/")
                || name.contains("\\")
                || name.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("not a usable template name: '" + name + "'");
        }
    }
}
