package com.busos.campaign.tracker;

import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** One of the campaign's Notion databases: the API, the database's id, and the calls they all make. */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
abstract class NotionDatabase {
    protected final NotionApi notion;
    protected final String databaseId;

    /** Every page of the database matching {@code filter}. */
    protected final List<NotionPage> query(JsonNode filter) {
        return notion.queryDatabase(databaseId, filter);
    }

    /** The first page matching {@code filter}, if there is one. */
    protected final Optional<NotionPage> first(JsonNode filter) {
        List<NotionPage> pages = query(filter);
        return pages.isEmpty() ? Optional.empty() : Optional.of(pages.get(0));
    }

    /** A new page of the database. */
    protected final NotionPage createPage(ObjectNode properties) {
        return notion.createPage(databaseId, properties);
    }
}
