package com.busos.campaign.tracker;

import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import java.util.Optional;

/** The BusinessX contacts database. The campaign reads and updates contacts, never creates them. */
public final class Contacts extends NotionDatabase {
    public Contacts(NotionApi notion, String databaseId) {
        super(notion, databaseId);
    }

    /** The contact's page id; this database names its email property in lower case. */
    public Optional<String> findId(String email) {
        return first(Filters.emailEquals("email", email)).map(NotionPage::id);
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
