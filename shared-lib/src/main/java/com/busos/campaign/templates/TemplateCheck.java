package com.busos.campaign.templates;

import com.busos.campaign.config.Setting;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.sequence.TemplateRenderer;
import com.busos.campaign.sequence.TemplateVariables;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Checks every template a sequence references (sequences.json), wherever the templates are kept
 * (Notion's Email Templates database, the template files): the template exists; its subject and body
 * are not empty; every {@code {{placeholder}}} is a variable of that sequence (a misspelt one is
 * reported with the closest variable, by edit distance); no variable is written in a form that is not
 * replaced ({@code {{ first_name }}}, {@code {first_name}}); the body shows {@code {{unsubscribe_url}}};
 * the HTML is well-formed ({@link HtmlCheck}).
 *
 * <p>These are the failures the original campaign met in production: templates that existed with an
 * empty subject and body, and names or placeholders that did not match the code.
 */
@RequiredArgsConstructor
public final class TemplateCheck {
    /** template-check (and campaign-admin's check): Notion's Email Templates database. */
    public static final List<Setting> SETTINGS = List.of(Setting.NOTION_TOKEN, Setting.NOTION_EMAIL_TEMPLATES_DB_ID);

    /** The placeholder of the unsubscribe link every email shows (its footer). */
    public static final String UNSUBSCRIBE_URL = "unsubscribe_url";

    /** Variables the delivery adds for every sequence on top of {@link TemplateVariables} (EmailDelivery). */
    public static final List<String> DELIVERY_VARIABLES = List.of(UNSUBSCRIBE_URL);

    private static final Pattern BRACES = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern SINGLE_BRACES = Pattern.compile("(?<!\\{)\\{([A-Za-z_][A-Za-z0-9_]*)}(?!})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    /** Where the templates are read from: a template by its exact name. */
    @FunctionalInterface
    public interface Source {
        Optional<EmailTemplate> find(String name);
    }

    private final Source source;

    /** Checks every template of every sequence, in sequences.json's order. A failing source throws. */
    public Report run() {
        List<Row> rows = new ArrayList<>();
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                Optional<EmailTemplate> template = source.find(email.template());
                List<Problem> problems = template.isPresent()
                        ? check(sequence, template.get())
                        : List.of(new Problem(
                                "missing", "not found (no template named exactly '" + email.template() + "')"));
                rows.add(new Row(sequence.key(), email.number(), email.template(), problems));
            }
        }
        return new Report(rows);
    }

    /** The problems of one template's content, as a template of {@code sequence}. */
    public static List<Problem> check(Sequence sequence, EmailTemplate template) {
        List<Problem> problems = new ArrayList<>();
        if (template.subject() == null || template.subject().trim().isEmpty()) {
            problems.add(new Problem("empty_subject", "the subject is empty"));
        }
        if (template.html() == null || template.html().trim().isEmpty()) {
            problems.add(new Problem("empty_body", "the HTML body is empty"));
        }
        Set<String> known = variablesOf(sequence);
        placeholders(sequence, known, nullToEmpty(template.subject()), "the subject", problems);
        placeholders(sequence, known, nullToEmpty(template.html()), "the body", problems);
        urlAttributes(nullToEmpty(template.html()), problems);
        unsubscribeLink(nullToEmpty(template.html()), problems);
        for (String html : HtmlCheck.problems(nullToEmpty(template.html()))) {
            problems.add(new Problem("html", "HTML: " + html));
        }
        return problems;
    }

    /**
     * Every email shows its unsubscribe link: the List-Unsubscribe header is for mail clients, the
     * recipient reads the footer (and bulk senders must offer both).
     */
    private static void unsubscribeLink(String html, List<Problem> problems) {
        if (html.trim().isEmpty() || TemplateRenderer.placeholders(html).contains(UNSUBSCRIBE_URL)) return;
        problems.add(new Problem(
                "no_unsubscribe_link",
                "the body does not show {{" + UNSUBSCRIBE_URL + "}}: every email needs a visible unsubscribe link"
                        + " (in its footer)"));
    }

    /** Attributes whose value a browser or mail client follows or loads as a URL. */
    private static final Pattern URL_ATTRIBUTE = Pattern.compile(
            "(?i)\\b(href|src|srcset|action|formaction|background|poster|cite|data|xlink:href)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)");

    /**
     * Only a URL the system made or validated may stand in a URL attribute: a lead's text there would
     * be a link in the brand's email, escaped or not ({@code {{first_name}}} → {@code javascript:…}).
     */
    private static void urlAttributes(String html, List<Problem> problems) {
        Matcher attribute = URL_ATTRIBUTE.matcher(html);
        while (attribute.find()) {
            for (String name : TemplateRenderer.placeholders(attribute.group(2))) {
                if (TemplateRenderer.URL_VARIABLES.contains(name)) continue;
                problems.add(new Problem(
                        "placeholder_in_url",
                        "{{" + name + "}} in the " + attribute.group(1).toLowerCase(Locale.ROOT)
                                + " attribute is not a URL the system made; only "
                                + String.join(", ", new java.util.TreeSet<>(TemplateRenderer.URL_VARIABLES))
                                + " may stand in a URL"));
            }
        }
    }

    /** The variables a template of {@code sequence} can use. */
    public static Set<String> variablesOf(Sequence sequence) {
        Set<String> names = new LinkedHashSet<>(TemplateVariables.COMMON);
        names.addAll(sequence.variables());
        names.addAll(DELIVERY_VARIABLES);
        return names;
    }

    private static void placeholders(
            Sequence sequence, Set<String> known, String text, String where, List<Problem> problems) {
        for (String name : TemplateRenderer.placeholders(text)) {
            if (known.contains(name)) continue;
            Optional<Sequence> owner = Sequences.all().stream()
                    .filter(other -> other.variables().contains(name))
                    .findFirst();
            String message;
            if (owner.isPresent()) {
                message = "{{" + name + "}} in " + where + " is a variable of the "
                        + owner.get().key() + " sequence, not of " + sequence.key() + ": it would be sent as typed";
            } else {
                Optional<String> closest = closest(name, known);
                message = "{{" + name + "}} in " + where + " is not a variable of the " + sequence.key() + " sequence"
                        + closest.map(c -> ": did you mean {{" + c + "}}?").orElse(": it would be sent as typed");
            }
            problems.add(new Problem("unknown_variable", message));
        }
        Matcher braces = BRACES.matcher(text);
        while (braces.find()) {
            if (TemplateRenderer.PLACEHOLDER.matcher(braces.group()).matches()) continue;
            String inner = braces.group(1).trim();
            String hint = NAME.matcher(inner).matches() ? " (write {{" + inner + "}}, without spaces)" : "";
            problems.add(new Problem(
                    "not_a_placeholder",
                    "'" + braces.group() + "' in " + where + " is not a placeholder and is sent as typed" + hint));
        }
        Matcher single = SINGLE_BRACES.matcher(text);
        while (single.find()) {
            String name = single.group(1);
            Optional<String> meant = known.contains(name) ? Optional.of(name) : closest(name, known);
            if (meant.isPresent()) {
                problems.add(new Problem(
                        "not_a_placeholder",
                        "'" + single.group() + "' in " + where + " has single braces and is sent as typed (write {{"
                                + meant.get() + "}})"));
            }
        }
    }

    /** The known name nearest to {@code name} (case-insensitive edit distance), if near enough to be a typo. */
    public static Optional<String> closest(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, name.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = levenshtein(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** The Levenshtein distance: insertions, deletions and substitutions to turn {@code a} into {@code b}. */
    public static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** One problem of a template: a short kind and what is wrong, where. */
    @RequiredArgsConstructor
    @Getter
    public static final class Problem {
        /** missing, empty_subject, empty_body, unknown_variable, not_a_placeholder or html. */
        private final String kind;

        private final String message;

        @Override
        public String toString() {
            return kind + ": " + message;
        }
    }

    /** One checked template. */
    @Getter
    public static final class Row {
        private final String sequence;
        private final int emailNumber;
        private final String template;
        private final List<Problem> problems;

        Row(String sequence, int emailNumber, String template, List<Problem> problems) {
            this.sequence = sequence;
            this.emailNumber = emailNumber;
            this.template = template;
            this.problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Every checked template and its problems. */
    @Getter
    public static final class Report {
        private final List<Row> rows;

        Report(List<Row> rows) {
            this.rows = List.copyOf(rows);
        }

        public boolean ok() {
            return rows.stream().allMatch(Row::ok);
        }

        public int problemCount() {
            return rows.stream().mapToInt(row -> row.problems().size()).sum();
        }

        /** The problems of one template (by name), empty when it has none or was not checked. */
        public List<Problem> problemsOf(String template) {
            List<Problem> found = new ArrayList<>();
            rows.stream().filter(row -> row.template().equals(template)).forEach(row -> found.addAll(row.problems()));
            return found;
        }

        /**
         * {@code {"ok", "checked", "problems": [{sequence, email_number, template, kind, problem}…],
         * "templates": [{sequence, email_number, template, ok}…]}}
         */
        public ObjectNode toJson() {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            ObjectNode answer = nodes.objectNode();
            answer.put("ok", ok());
            answer.put("checked", rows.size());
            ArrayNode problems = answer.putArray("problems");
            ArrayNode templates = answer.putArray("templates");
            for (Row row : rows) {
                templates
                        .addObject()
                        .put("sequence", row.sequence())
                        .put("email_number", row.emailNumber())
                        .put("template", row.template())
                        .put("ok", row.ok());
                for (Problem problem : row.problems()) {
                    problems.addObject()
                            .put("sequence", row.sequence())
                            .put("email_number", row.emailNumber())
                            .put("template", row.template())
                            .put("kind", problem.kind())
                            .put("problem", problem.message());
                }
            }
            return answer;
        }

        /** A plain-text table: one line per template (more for a template with several problems), then a summary. */
        public String toTable() {
            int templateWidth = "TEMPLATE".length();
            int sequenceWidth = "SEQUENCE".length();
            for (Row row : rows) {
                templateWidth = Math.max(templateWidth, row.template().length());
                sequenceWidth = Math.max(sequenceWidth, row.sequence().length());
            }
            String format = "%-" + sequenceWidth + "s  %2s  %-" + templateWidth + "s  %s%n";
            StringBuilder table = new StringBuilder();
            table.append(String.format(format, "SEQUENCE", "#", "TEMPLATE", "RESULT"));
            for (Row row : rows) {
                if (row.ok()) {
                    table.append(String.format(format, row.sequence(), row.emailNumber(), row.template(), "ok"));
                    continue;
                }
                boolean first = true;
                for (Problem problem : row.problems()) {
                    table.append(
                            first
                                    ? String.format(
                                            format,
                                            row.sequence(),
                                            row.emailNumber(),
                                            row.template(),
                                            "PROBLEM " + problem.message())
                                    : String.format(format, "", "", "", "PROBLEM " + problem.message()));
                    first = false;
                }
            }
            long failing = rows.stream().filter(row -> !row.ok()).count();
            table.append(String.format(
                    "%d templates checked: %d ok, %d with problems (%d problems)%n",
                    rows.size(), rows.size() - failing, failing, problemCount()));
            return table.toString();
        }
    }
}
