package com.busos.campaign.tracker;

import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.sequence.EmailTemplate;
import java.util.List;
import java.util.Optional;

/** The Email Templates database: a template by its exact {@code Template Name}. */
public final class Templates {
    private final NotionApi notion;
    private final String databaseId;

    public Templates(NotionApi notion, String databaseId) {
        this.notion = notion;
        this.databaseId = databaseId;
    }

    public Optional<EmailTemplate> find(String name) {
        List<NotionPage> pages = notion.queryDatabase(databaseId, Filters.titleEquals("Template Name", name));
        if (pages.isEmpty()) return Optional.empty();
        NotionPage page = pages.get(0);
        return Optional.of(new EmailTemplate(name, page.plainText("Subject Line"), page.plainText("Email Body HTML")));
    }
}
