package com.busos.campaign.notion;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.JsonAnswers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API 2025-09-03: a database is a container of data sources. The client finds each database's data
 * source once (GET /v1/databases/{id}), queries it (POST /v1/data_sources/{id}/query) and creates pages
 * under it; of several, only the one chosen, and without a choice it says which setting to set.
 */
class DataSourceResolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACKER_DB = "db-tracker";
    private static final String TRACKER_SETTING = "NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID";

    private FakeNotion notion;

    @BeforeEach
    void start() {
        notion = new FakeNotion();
        notion.trackerSchema(TRACKER_DB);
    }

    @AfterEach
    void stop() {
        notion.close();
    }

    private NotionClient client(DataSourceChoices choices) {
        return new NotionClient(
                NotionClient.builder(HttpClients.shared(), FakeNotion.TOKEN)
                        .retrying(Retrying.none())
                        .build(),
                notion.baseUrl(),
                choices);
    }

    private static DataSourceChoices choosing(Optional<String> dataSource) {
        return DataSourceChoices.NONE.with(
                TRACKER_DB, "notion-email-sequence-db-id (NOTION_EMAIL_SEQUENCE_DB_ID)", TRACKER_SETTING, dataSource);
    }

    private static PropertyValues lead(String email) {
        return new PropertyValues().email("Email", email).richText("First Name", "Jane");
    }

    private int databaseReads() {
        return notion.server()
                .findAll(getRequestedFor(urlEqualTo("/v1/databases/" + TRACKER_DB)))
                .size();
    }

    private List<LoggedRequest> queriesOf(String dataSourceId) {
        return notion.server().findAll(postRequestedFor(urlEqualTo("/v1/data_sources/" + dataSourceId + "/query")));
    }

    private JsonNode onlyCreate() {
        List<LoggedRequest> creates = notion.server().findAll(postRequestedFor(urlEqualTo("/v1/pages")));
        assertEquals(1, creates.size(), "pages created");
        try {
            return JSON.readTree(creates.get(0).getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDatabaseWithOneDataSourceIsLookedUpOnceAndItsSourceUsedForQueryAndCreate() {
        NotionClient client = client(choosing(Optional.empty()));
        String source = FakeNotion.dataSourceOf(TRACKER_DB);

        NotionPage created =
                client.createPage(TRACKER_DB, lead("jane@example.com").build());
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    List.of(created.id()),
                    client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com")).stream()
                            .map(NotionPage::id)
                            .collect(java.util.stream.Collectors.toList()));
        }
        client.createPage(TRACKER_DB, lead("john@example.com").build());

        assertEquals(1, databaseReads(), "GET /v1/databases/{id} once, at first use; kept for the client's life");
        assertEquals(3, queriesOf(source).size());
        assertEquals(2, notion.pagesIn(source).size());
        assertEquals(source, client.dataSourceOf(TRACKER_DB).id());
        assertEquals(TRACKER_DB, client.dataSourceOf(TRACKER_DB).name());
        assertEquals(1, databaseReads(), "still once");
        // nothing of 2022-06-28 is asked for
        assertEquals(
                0,
                notion.server()
                        .findAll(postRequestedFor(urlPathMatching("/v1/databases/.*")))
                        .size());
    }

    @Test
    void requestsOfAColdClientAtOnceLookTheDataSourceUpOnce() throws Exception {
        // Notion answers slowly, so the requests overlap the first lookup: they wait for it, not ask again.
        notion.server().setGlobalFixedDelay(150);
        NotionClient client = client(choosing(Optional.empty()));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<NotionPage>>> queries = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                queries.add(threads.submit(() -> {
                    go.await();
                    return client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "a@example.com"));
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<List<NotionPage>> query : queries)
                assertTrue(query.get().isEmpty());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, databaseReads(), "one GET /v1/databases/{id} for 8 queries at once");
        assertEquals(8, queriesOf(FakeNotion.dataSourceOf(TRACKER_DB)).size());
    }

    @Test
    void aNewClientLooksTheDataSourceUpAgain() {
        client(choosing(Optional.empty())).queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "a@example.com"));
        client(choosing(Optional.empty())).queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "a@example.com"));
        assertEquals(2, databaseReads(), "the cache is the client instance's");
    }

    @Test
    void createdPagesHaveADataSourceParent() {
        client(choosing(Optional.empty()))
                .createPage(TRACKER_DB, lead("jane@example.com").build());

        JsonNode parent = onlyCreate().path("parent");
        assertEquals("data_source_id", parent.path("type").asText());
        assertEquals(
                FakeNotion.dataSourceOf(TRACKER_DB),
                parent.path("data_source_id").asText());
        assertFalse(parent.has("database_id"), parent.toString());
        JsonNode stored = notion.pagesOf(TRACKER_DB).get(0).path("parent");
        assertEquals(
                FakeNotion.dataSourceOf(TRACKER_DB),
                stored.path("data_source_id").asText());
        assertEquals(TRACKER_DB, stored.path("database_id").asText(), "Notion's page parent names both");
    }

    @Test
    void ofSeveralDataSourcesTheChosenOneIsQueriedAndWrittenTo() {
        String first = FakeNotion.dataSourceOf(TRACKER_DB);
        String archive = notion.addDataSource(TRACKER_DB, "Archive 2024");
        notion.addPage(TRACKER_DB, lead("jane@example.com").build()); // in the first source, not chosen
        NotionClient client = client(choosing(Optional.of(archive)));

        assertEquals(List.of(), client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com")));
        NotionPage created =
                client.createPage(TRACKER_DB, lead("jane@example.com").build());
        List<NotionPage> found = client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com"));

        assertEquals(1, found.size());
        assertEquals(created.id(), found.get(0).id());
        assertEquals(2, queriesOf(archive).size());
        assertEquals(0, queriesOf(first).size(), "the source not chosen is never queried");
        assertEquals(archive, onlyCreate().path("parent").path("data_source_id").asText());
        assertEquals(1, notion.pagesIn(archive).size());
        assertEquals(1, notion.pagesIn(first).size(), "nothing written to the other source");
        assertEquals(1, databaseReads());
    }

    @Test
    void aChosenIdWithoutDashesIsTheSameDataSource() {
        String archive = notion.addDataSource(TRACKER_DB, "Archive 2024");
        NotionClient client =
                client(choosing(Optional.of(archive.replace("-", "").toUpperCase(java.util.Locale.ROOT))));

        client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com"));

        assertEquals(1, queriesOf(archive).size(), "queried by the id as the database lists it");
    }

    @Test
    void severalDataSourcesWithoutAChoiceAreAConfigurationErrorNamingTheSettingAndTheSources() {
        String first = FakeNotion.dataSourceOf(TRACKER_DB);
        String archive = notion.addDataSource(TRACKER_DB, "Archive 2024");
        NotionClient client = client(choosing(Optional.empty()));

        DataSourceConfigurationException error = assertThrows(
                DataSourceConfigurationException.class,
                () -> client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com")));

        String message = error.getMessage();
        assertTrue(message.contains(TRACKER_SETTING), message);
        assertTrue(message.contains(TRACKER_DB), message);
        assertTrue(message.contains("NOTION_EMAIL_SEQUENCE_DB_ID"), message);
        assertTrue(message.contains(first + " (\"" + TRACKER_DB + "\")"), message);
        assertTrue(message.contains(archive + " (\"Archive 2024\")"), message);
        assertTrue(error.summary().contains(TRACKER_SETTING), error.summary());
        assertFalse(error.summary().contains(archive), "the summary names the setting only: " + error.summary());
        assertFalse(error.summary().contains("Archive"), error.summary());
        assertFalse(error.summary().contains(TRACKER_DB), error.summary());
        assertThrows(
                DataSourceConfigurationException.class,
                () -> client.createPage(TRACKER_DB, lead("jane@example.com").build()));
        assertEquals(
                0,
                notion.server()
                        .findAll(postRequestedFor(urlPathMatching("/v1/.*")))
                        .size(),
                "no query, no page created");
        assertEquals(2, databaseReads(), "a failure is not kept: the next use asks Notion again");
    }

    @Test
    void aChoiceNotInTheDatabaseIsAConfigurationError() {
        String first = FakeNotion.dataSourceOf(TRACKER_DB);
        NotionClient client = client(choosing(Optional.of("0f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9")));

        DataSourceConfigurationException error = assertThrows(
                DataSourceConfigurationException.class,
                () -> client.createPage(TRACKER_DB, lead("jane@example.com").build()));

        String message = error.getMessage();
        assertTrue(message.startsWith("invalid configuration: " + TRACKER_SETTING), message);
        assertTrue(message.contains("0f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9"), message);
        assertTrue(message.contains(first + " (\"" + TRACKER_DB + "\")"), "the sources it has: " + message);
        assertTrue(error.summary().contains(TRACKER_SETTING), error.summary());
        assertEquals(0, notion.pagesOf(TRACKER_DB).size());
    }

    /** The tracker setting chooses {@code first}; NOTION_BUSINESSX_DB_ID, set to the same database, {@code second}. */
    private static DataSourceChoices twoSettingsChoosing(String first, String second) {
        return choosing(Optional.of(first))
                .with(
                        TRACKER_DB,
                        "notion-businessx-db-id (NOTION_BUSINESSX_DB_ID)",
                        "NOTION_BUSINESSX_DATA_SOURCE_ID",
                        Optional.of(second));
    }

    @Test
    void twoSettingsChoosingDifferentSourcesOfOneDatabaseAreAConfigurationError() {
        String archive = notion.addDataSource(TRACKER_DB, "Archive 2024");
        DataSourceChoices choices = twoSettingsChoosing(archive, FakeNotion.dataSourceOf(TRACKER_DB));

        DataSourceConfigurationException error = assertThrows(
                DataSourceConfigurationException.class,
                () -> client(choices).queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com")));

        assertTrue(
                error.getMessage().contains(TRACKER_SETTING + " and NOTION_BUSINESSX_DATA_SOURCE_ID"),
                error.getMessage());
        assertEquals(0, notion.requestCount(), "known before Notion is asked");
    }

    @Test
    void twoSettingsForOneDatabaseChoosingAlikeAreFine() {
        String archive = notion.addDataSource(TRACKER_DB, "Archive 2024");
        DataSourceChoices choices = twoSettingsChoosing(archive, archive.replace("-", ""));

        assertEquals(archive, client(choices).dataSourceOf(TRACKER_DB).id());
    }

    @Test
    void aDatabaseNotSharedIsNotionsNotFoundAndNotRetried() {
        ProviderException error = assertThrows(
                ProviderException.class,
                () -> client(DataSourceChoices.NONE)
                        .queryDatabase("db-unshared", Filters.emailEquals("Email", "jane@example.com")));

        assertEquals(404, error.status());
        assertEquals("object_not_found", error.code());
        assertFalse(error.retryable());
        assertTrue(error.getMessage().contains("Could not find database with ID: db-unshared"), error.getMessage());
    }

    @Test
    void aDatabaseAnsweredWithoutDataSourcesIsAConfigurationError() {
        // Notion's partial database object (object and id only): the integration cannot read its content
        notion.server()
                .stubFor(get(urlEqualTo("/v1/databases/" + TRACKER_DB))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(200, "{\"object\":\"database\",\"id\":\"" + TRACKER_DB + "\"}")));

        DataSourceConfigurationException error = assertThrows(
                DataSourceConfigurationException.class,
                () -> client(choosing(Optional.empty())).dataSourceOf(TRACKER_DB));

        assertTrue(error.getMessage().contains("Read content"), error.getMessage());
        assertTrue(error.getMessage().contains("NOTION_EMAIL_SEQUENCE_DB_ID"), error.getMessage());
    }

    @Test
    void aWikisChildDataSourcesInQueryResultsAreNotRecords() {
        String source = FakeNotion.dataSourceOf(TRACKER_DB);
        notion.server()
                .stubFor(post(urlEqualTo("/v1/data_sources/" + source + "/query"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(
                                200,
                                "{\"object\":\"list\",\"results\":["
                                        + "{\"object\":\"page\",\"id\":\"p-1\",\"properties\":{}},"
                                        + "{\"object\":\"data_source\",\"id\":\"ds-child\",\"properties\":{}}],"
                                        + "\"next_cursor\":null,\"has_more\":false,"
                                        + "\"type\":\"page_or_data_source\",\"page_or_data_source\":{}}")));

        List<NotionPage> pages = client(choosing(Optional.empty()))
                .queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "x@example.com"));

        assertEquals(List.of("p-1"), pages.stream().map(NotionPage::id).collect(java.util.stream.Collectors.toList()));
    }
}
