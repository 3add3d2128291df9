package com.busos.campaign.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The template check against deliberately broken templates: each problem is found and said plainly. */
class TemplateCheckTest {
    /** The footer every email shows (no line break, so the HTML problems keep their line numbers). */
    private static final String FOOTER = "<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>";

    private static final String GOOD_HTML =
            "<html>\n<body>\n<p>Hi {{first_name}},</p>\n<p>Your score is {{assessment_score}}.<br>"
                    + "<img src=\"x.png\" alt=\"\"></p>\n" + FOOTER + "\n</body>\n</html>\n";

    /** Every template a sequence uses, well-formed, in a map the test then breaks. */
    private static Map<String, EmailTemplate> goodTemplates() {
        Map<String, EmailTemplate> templates = new HashMap<>();
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                StringBuilder html = new StringBuilder(GOOD_HTML);
                for (String variable : sequence.variables())
                    html.append("<p>{{").append(variable).append("}}</p>\n");
                templates.put(
                        email.template(),
                        new EmailTemplate(email.template(), "{{first_name}}, hello", html.toString()));
            }
        }
        return templates;
    }

    private static TemplateCheck.Report check(Map<String, EmailTemplate> templates) {
        return new TemplateCheck(name -> Optional.ofNullable(templates.get(name))).run();
    }

    private static List<String> kinds(TemplateCheck.Report report, String template) {
        return report.problemsOf(template).stream()
                .map(TemplateCheck.Problem::kind)
                .collect(Collectors.toList());
    }

    private static String messages(TemplateCheck.Report report, String template) {
        return report.problemsOf(template).stream()
                .map(TemplateCheck.Problem::message)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void wellFormedTemplatesOfEverySequencePass() {
        TemplateCheck.Report report = check(goodTemplates());
        assertTrue(report.ok(), report.toTable());
        assertEquals(14, report.rows().size(), "every template of §5.3, 5-Day E1 included");
        assertTrue(
                report.toTable().endsWith("14 templates checked: 14 ok, 0 with problems (0 problems)\n"),
                report.toTable());
    }

    @Test
    void aTemplateThatDoesNotShowTheUnsubscribeLinkIsFlagged() {
        Map<String, EmailTemplate> templates = goodTemplates();
        templates.put(
                "5-Day E3",
                new EmailTemplate("5-Day E3", "Hi", GOOD_HTML.replace(FOOTER, "<p>Reply stop to stop.</p>")));
        TemplateCheck.Report report = check(templates);
        assertEquals(List.of("no_unsubscribe_link"), kinds(report, "5-Day E3"));
        assertEquals(
                "the body does not show {{unsubscribe_url}}: every email needs a visible unsubscribe link (in its footer)",
                messages(report, "5-Day E3"));
        assertEquals(1, report.problemCount(), report.toTable());
    }

    @Test
    void eachBrokenTemplateIsReportedWithWhatIsWrong() {
        Map<String, EmailTemplate> templates = goodTemplates();
        templates.remove("5-Day E3");
        templates.put("5-Day E2", new EmailTemplate("5-Day E2", "  ", GOOD_HTML));
        templates.put("5-Day E4", new EmailTemplate("5-Day E4", "Hi", ""));
        templates.put(
                "5-Day E5",
                new EmailTemplate(
                        "5-Day E5",
                        "{{frist_name}}, last call",
                        FOOTER + "<p>Hello {{buisness_name}} and {{WeakestSystem1}}</p>"));
        templates.put(
                "noshow_recovery_email_1",
                new EmailTemplate(
                        "noshow_recovery_email_1",
                        "We missed you",
                        FOOTER
                                + "<div>\n<p>Rebook: <a href=\"{{calendly_link}}\">here</a>\n</div>\n<table><tr><td>x</td></tr>"));
        templates.put(
                "noshow_recovery_email_2",
                new EmailTemplate("noshow_recovery_email_2", "Hi", FOOTER + "<p>About our call on {{call_date}}</p>"));
        templates.put(
                "postcall_maybe_email_1",
                new EmailTemplate(
                        "postcall_maybe_email_1", "Hi {first_name}", FOOTER + "<p>Thanks {{ first_name }}</p>"));

        TemplateCheck.Report report = check(templates);

        assertFalse(report.ok());
        assertEquals(List.of("missing"), kinds(report, "5-Day E3"));
        assertEquals(List.of("empty_subject"), kinds(report, "5-Day E2"));
        assertEquals(List.of("empty_body"), kinds(report, "5-Day E4"));
        assertEquals(List.of("unknown_variable", "unknown_variable"), kinds(report, "5-Day E5"));
        assertTrue(
                messages(report, "5-Day E5")
                        .contains(
                                "{{frist_name}} in the subject is not a variable of the 5day sequence: did you mean {{first_name}}?"),
                messages(report, "5-Day E5"));
        assertTrue(
                messages(report, "5-Day E5")
                        .contains(
                                "{{buisness_name}} in the body is not a variable of the 5day sequence: did you mean {{business_name}}?"),
                messages(report, "5-Day E5"));
        assertEquals(List.of("html", "html"), kinds(report, "noshow_recovery_email_1"));
        assertEquals(
                "HTML: <p> opened on line 2 is never closed (</div> on line 3 comes first)\n"
                        + "HTML: <table> opened on line 4 is never closed",
                messages(report, "noshow_recovery_email_1"));
        assertEquals(
                "{{call_date}} in the body is a variable of the postcall sequence, not of noshow: it would be sent as typed",
                messages(report, "noshow_recovery_email_2"));
        assertEquals(List.of("not_a_placeholder", "not_a_placeholder"), kinds(report, "postcall_maybe_email_1"));
        assertTrue(
                messages(report, "postcall_maybe_email_1")
                        .contains("'{{ first_name }}' in the body is not a placeholder"
                                + " and is sent as typed (write {{first_name}}, without spaces)"),
                messages(report, "postcall_maybe_email_1"));
        assertTrue(
                messages(report, "postcall_maybe_email_1").contains("'{first_name}' in the subject has single braces"),
                messages(report, "postcall_maybe_email_1"));
        assertEquals(10, report.problemCount(), report.toTable());
        assertEquals(7, report.rows().stream().filter(row -> !row.ok()).count());

        String table = report.toTable();
        assertTrue(
                table.contains(
                        "5day         3  5-Day E3                   PROBLEM not found (no template named exactly '5-Day E3')"),
                table);
        assertTrue(table.endsWith("14 templates checked: 7 ok, 7 with problems (10 problems)\n"), table);

        JsonNode json = report.toJson();
        assertFalse(json.path("ok").asBoolean());
        assertEquals(14, json.path("checked").asInt());
        assertEquals(10, json.path("problems").size());
        assertEquals("5-Day E2", json.path("problems").get(0).path("template").asText());
        assertEquals("empty_subject", json.path("problems").get(0).path("kind").asText());
    }

    @Test
    void aLeadsTextInAUrlAttributeIsFlaggedAndTheSystemsUrlsAreNot() {
        Map<String, EmailTemplate> templates = goodTemplates();
        templates.put(
                "5-Day E2",
                new EmailTemplate(
                        "5-Day E2",
                        "Hi",
                        "<p><a href=\"{{calendly_link}}\">Book</a>"
                                + " <a href=\"{{unsubscribe_url}}\">Unsubscribe</a> <a href='https://x.example/?n={{first_name}}'>x</a>"
                                + " <img src={{business_name}} alt=\"{{business_name}}\"></p>"));

        TemplateCheck.Report report = check(templates);

        assertEquals(List.of("placeholder_in_url", "placeholder_in_url"), kinds(report, "5-Day E2"), report.toTable());
        assertTrue(
                messages(report, "5-Day E2")
                        .contains("{{first_name}} in the href attribute is not a URL the system made"),
                messages(report, "5-Day E2"));
        assertTrue(
                messages(report, "5-Day E2").contains("{{business_name}} in the src attribute"),
                messages(report, "5-Day E2"));
    }

    @Test
    void htmlProblemsNameTheTagAndLine() {
        assertEquals(
                List.of(),
                HtmlCheck.problems("<!DOCTYPE html>\n<html><head><style>p > a { color: red }</style></head>"
                        + "<body><!-- a <b> in a comment --><p class=\"a>b\">1 < 2<br/><hr></p></body></html>"));
        assertEquals(List.of("</span> on line 1 closes no open <span>"), HtmlCheck.problems("<p>x</span></p>"));
        assertEquals(
                List.of("<b> opened on line 1 is never closed (</p> on line 1 comes first)"),
                HtmlCheck.problems("<p><b>x</p>"));
        assertEquals(List.of("<td> on line 2 has no closing '>'"), HtmlCheck.problems("<table>\n<td class=\"x\"\n"));
        assertEquals(List.of("comment opened on line 1 is never closed (-->)"), HtmlCheck.problems("<!-- <p>"));
        assertEquals(
                List.of("</br> on line 1: <br> is a void element and has no end tag"),
                HtmlCheck.problems("a<br></br>"));
        assertEquals(1, HtmlCheck.problems("<div/>").size());
    }

    @Test
    void closestNameIsFoundByEditDistance() {
        assertEquals(2, TemplateCheck.levenshtein("frist_name", "first_name"));
        assertEquals(3, TemplateCheck.levenshtein("kitten", "sitting"));
        List<String> known = List.of("first_name", "business_name", "calendly_link");
        assertEquals(Optional.of("first_name"), TemplateCheck.closest("First_Name", known));
        assertEquals(Optional.of("calendly_link"), TemplateCheck.closest("calendy_link", known));
        assertEquals(Optional.empty(), TemplateCheck.closest("price", known));
    }
}
