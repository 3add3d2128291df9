package com.busos.campaign.templates;

import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.Templates;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Notion's Email Templates database as the template tools see it: read a template as the campaign
 * reads it, and write one the way the original seed script did (create or update by
 * {@code Template Name}): Template Name (title), Subject Line and Email Body HTML (rich text, a body
 * longer than 2,000 characters split across segments, never cut), Email Number, Status Active and
 * Template Type.
 */
@RequiredArgsConstructor
public final class NotionTemplates {
    /** The Template Type the seed script gave the 5-day templates (the other sequences use their own). */
    public static final String FIVE_DAY_TEMPLATE_TYPE = "Nurture Sequence";

    private final NotionApi notion;
    private final String databaseId;

    /** What a push did to one template. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** The template as the campaign reads it (Subject Line and Email Body HTML, every segment). */
    public Optional<EmailTemplate> find(String name) {
        return new Templates(notion, databaseId).find(name);
    }

    /** Creates the template's page, or updates the page with its name when the content differs. */
    public Outcome push(EmailTemplate template) {
        List<NotionPage> pages =
                notion.queryDatabase(databaseId, Filters.titleEquals("Template Name", template.name()));
        PropertyValues values = new PropertyValues()
                .title("Template Name", template.name())
                .richTextSegments("Subject Line", template.subject())
                .richTextSegments("Email Body HTML", template.html())
                .select("Status", "Active");
        referencedBy(template.name())
                .ifPresent(found -> values.number("Email Number", found.email.number())
                        .select("Template Type", found.sequence.templateType().orElse(FIVE_DAY_TEMPLATE_TYPE)));
        if (pages.isEmpty()) {
            notion.createPage(databaseId, values.build());
            return Outcome.CREATED;
        }
        NotionPage page = pages.get(0);
        boolean same = page.plainText("Subject Line").equals(template.subject())
                && page.plainText("Email Body HTML").equals(template.html())
                && page.selectName("Status").orElse("").equals("Active");
        if (same) return Outcome.UNCHANGED;
        notion.updatePage(page.id(), values.build());
        return Outcome.UPDATED;
    }

    /** The sequence and email that use the template, if any. */
    public static Optional<Use> referencedBy(String templateName) {
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                if (email.template().equals(templateName)) return Optional.of(new Use(sequence, email));
            }
        }
        return Optional.empty();
    }

    /** Every template name the sequences reference, in sequences.json's order. */
    public static List<String> referencedNames() {
        return Sequences.all().stream()
                .flatMap(sequence -> sequence.emails().stream())
                .map(SequenceEmail::template)
                .distinct()
                .collect(java.util.stream.Collectors.toList());
    }

    /** A template's place in the sequences: which sequence, which email. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    @Getter
    public static final class Use {
        private final Sequence sequence;
        private final SequenceEmail email;
    }
}
