package com.busos.campaign.tracker;

import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import java.util.List;
import java.util.Optional;

/** The BusinessX contacts database. The campaign reads and updates contacts, never creates them. */
public final class Contacts {
    private final NotionApi notion;
    private final String databaseId;

    public Contacts(NotionApi notion, String databaseId) {
        this.notion = notion;
        this.databaseId = databaseId;
    }

    /** The contact's page id; this database names its email property in lower case. */
    public Optional<String> findId(String email) {
        List<NotionPage> pages = notion.queryDatabase(databaseId, Filters.emailEquals("email", email));
        return pages.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(pages.get(0).id());
    }

    /** Records the assessment on the contact and moves it into the nurture sequence. */
    public void updateAssessment(String contactId, int assessmentScore, String segment) {
        notion.updatePage(
                contactId,
                new PropertyValues()
                        .number("Assessment Score", assessmentScore)
                        .select("Segment", segment)
                        .select("Christmas Campaign Status", "Nurture Sequence")
                        .build());
    }
}
