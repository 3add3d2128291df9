package com.busos.campaign.templatefiles;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.html.Html;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.sequence.TemplateVariables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Markup in every free-text field a lead or caller sends reaches every sequence's real templates
 * escaped: the email shows the text as typed and never carries the link, script or style.
 */
class HostileLeadTextTest {
    private static final Path TEMPLATES = Path.of("..", "templates");
    private static final String PAYLOAD = "<a href=\"https://evil.example/login\">Log in</a><script>alert(1)</script>"
            + "<img src=x onerror=alert(2)><style>body{display:none}</style>";
    private static final String ESCAPED = Html.escape(PAYLOAD);
    /** Fields that carry a lead's or caller's free text (not addresses, dates, numbers or URLs). */
    private static final Set<String> TEXT_FIELDS = Set.of(
            "first_name",
            "business_name",
            "event_type",
            "call_notes",
            "objections",
            "call_outcome",
            "follow_up_priority",
            "salon_address",
            "package_type",
            "weakest_system_1",
            "weakest_system_2",
            "strongest_system");

    @TempDir
    Path samples;

    @Test
    void markupInEveryLeadFieldIsEscapedInEverySequencesHtmlAndReadsLiterally() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Sequence sequence : Sequences.all()) {
            ObjectNode sample = (ObjectNode) json.readTree(TEMPLATES
                    .resolve("samples")
                    .resolve(sequence.key() + ".json")
                    .toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = sample.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!TEXT_FIELDS.contains(field.getKey())) continue;
                if (field.getValue().isArray()) {
                    ArrayNode items = json.createArrayNode().add(PAYLOAD).add(PAYLOAD);
                    field.setValue(items);
                } else {
                    field.setValue(json.getNodeFactory().textNode(PAYLOAD));
                }
            }
            Files.writeString(samples.resolve(sequence.key() + ".json"), json.writeValueAsString(sample));
        }
        TemplateFiles files = new TemplateFiles(TEMPLATES);
        TemplatePreview preview = new TemplatePreview(
                files::find,
                samples,
                new TemplateVariables(
                        LocalDate.of(2025, 12, 5), Clock.fixed(Instant.parse("2025-11-28T09:00:00Z"), ZoneOffset.UTC)));

        int emails = 0;
        int withLeadText = 0;
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                EmailTemplate template = files.find(email.template()).orElseThrow();
                TemplatePreview.Rendered rendered = preview.render(email.template());
                String html = rendered.html();
                for (String raw :
                        List.of("evil.example/login\"", "<script>alert", "onerror=alert(2)>", "<style>body{display")) {
                    assertFalse(html.contains(raw), email.template() + " carries the lead's markup raw: " + raw);
                }
                if (template.html().contains("{{first_name}}")
                        || template.html().contains("{{business_name}}")) {
                    assertTrue(html.contains(ESCAPED), email.template() + " shows the lead's text as typed (escaped)");
                    withLeadText++;
                }
                if (template.subject().contains("{{first_name}}")
                        || template.subject().contains("{{business_name}}")) {
                    assertTrue(
                            rendered.subject().contains(PAYLOAD),
                            email.template() + ": the subject is plain text, as typed");
                }
                emails++;
            }
        }
        assertTrue(emails >= 13, "every sequence's emails: " + emails);
        assertTrue(withLeadText >= 13, "emails that show the lead's name or business: " + withLeadText);
    }
}
