package com.busos.campaign.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Notion operations the campaign uses, by database id: which of the database's data sources holds
 * its pages is the implementation's to know. {@link NotionClient} is the real API.
 */
public interface NotionApi {
    /** Every page of the database (its data source) matching the filter (all result pages). */
    List<NotionPage> queryDatabase(String databaseId, JsonNode filter);

    NotionPage getPage(String pageId);

    /** A page in the database (its data source). */
    NotionPage createPage(String databaseId, ObjectNode properties);

    NotionPage updatePage(String pageId, ObjectNode properties);
}
