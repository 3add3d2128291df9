package com.busos.campaign.templatefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.sequence.TemplateRenderer;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.templates.NotionTemplates;
import com.busos.campaign.templates.TemplateCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The copy in the repository's templates/: all 14 templates, each clean and rendering fully for its sample. */
class RepositoryTemplatesTest {
    private static final Path TEMPLATES = Path.of("..", "templates");
    private final TemplateFiles files = new TemplateFiles(TEMPLATES);

    @Test
    void everyTemplateOfEverySequenceIsThereAndPassesTheCheck() {
        TemplateCheck.Report report = new TemplateCheck(files::find).run();
        assertTrue(report.ok(), report.toTable());
        assertEquals(14, report.rows().size());
        assertEquals(
                Set.copyOf(NotionTemplates.referencedNames()), new HashSet<>(files.names()), "no stray template files");
    }

    @Test
    void everyTemplateShowsTheUnsubscribeLinkInItsFooter() throws Exception {
        for (String name : files.names()) {
            String html = files.find(name).orElseThrow().html();
            int footer = html.lastIndexOf("border-top:1px solid #eeeeee");
            assertTrue(footer > 0, name + " has its footer");
            assertTrue(
                    html.indexOf("href=\"{{unsubscribe_url}}\"", footer) > footer, name + ": the link in its footer");
        }
        assertEquals(14, files.names().size());
    }

    @Test
    void eachTemplateUsesOnlyItsSequencesVariablesAndRendersCompletelyForItsSample() {
        TemplatePreview preview = new TemplatePreview(
                files::find,
                TEMPLATES.resolve("samples"),
                new TemplateVariables(
                        LocalDate.of(2025, 12, 5), Clock.fixed(Instant.parse("2025-11-28T09:00:00Z"), ZoneOffset.UTC)));
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                EmailTemplate template = files.find(email.template()).orElseThrow();
                Set<String> used = new HashSet<>(TemplateRenderer.placeholders(template.subject()));
                used.addAll(TemplateRenderer.placeholders(template.html()));
                Set<String> allowed = new HashSet<>(TemplateVariables.COMMON);
                allowed.addAll(sequence.variables());
                allowed.addAll(TemplateCheck.DELIVERY_VARIABLES); // {{unsubscribe_url}}, from send-email
                assertTrue(allowed.containsAll(used), email.template() + " uses " + used);
                assertTrue(
                        template.html().length() > 2000,
                        email.template() + " is a real email, longer than one Notion text object");

                TemplatePreview.Rendered rendered = preview.render(email.template());
                assertFalse(rendered.subject().contains("{{") || rendered.html().contains("{{"), email.template());
                assertEquals(sequence.key(), rendered.sequence());
                assertTrue(rendered.to().endsWith("@example.com"));
            }
        }
        TemplatePreview.Rendered e2 = preview.render("5-Day E2");
        assertEquals("The $14K hiding in Jane's Salon", e2.subject());
        assertTrue(e2.html().contains("$14500"), "the sample's revenue leak");
        assertEquals(
                "6 days left to get Jane's Salon ready for December",
                preview.render("5-Day E4").subject());
    }
}
