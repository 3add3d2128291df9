package com.busos.campaign.tracker;

import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.sequence.EmailTemplate;
import java.util.Optional;

/** The Email Templates database: a template by its exact {@code Template Name}. */
public final class Templates extends NotionDatabase {
    public Templates(NotionApi notion, String databaseId) {
        super(notion, databaseId);
    }

    public Optional<EmailTemplate> find(String name) {
        return first(Filters.titleEquals("Template Name", name))
                .map(page ->
                        new EmailTemplate(name, page.plainText("Subject Line"), page.plainText("Email Body HTML")));
    }
}
