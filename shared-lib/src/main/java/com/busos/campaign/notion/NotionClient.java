package com.busos.campaign.notion;

import com.busos.campaign.http.ErrorBody;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.ProviderHttp;
import com.busos.campaign.http.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The few Notion API calls the campaign makes (API version 2025-09-03): query a database (all pages,
 * following the cursor), read, create and update a page, and who the token belongs to. Since 2025-09-03
 * a database is a container of data sources, and pages are queried in and created under a data source:
 * each database's is found once, at first use ({@link DataSources}), from the database's list and, when
 * it has several, the choice given ({@link DataSourceChoices}). Authentication, the rate limit and the
 * retries are {@link ProviderHttp}'s interceptors; this class says which request may be repeated. It
 * knows nothing of the campaign.
 */
public final class NotionClient implements NotionApi {
    public static final String NOTION_VERSION = "2025-09-03";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;
    private final HttpUrl baseUrl;
    private final DataSources dataSources;

    /** With Notion's chain ({@link #builder}: retries, rate limit, a {@link com.busos.campaign.http.CallObserver}). */
    public NotionClient(ProviderHttp http, String baseUrl) {
        this(http, baseUrl, DataSourceChoices.NONE);
    }

    /** With the data source chosen for each database that has several ({@link DataSourceChoices}). */
    public NotionClient(ProviderHttp http, String baseUrl, DataSourceChoices choices) {
        this.http = http;
        this.baseUrl = HttpUrl.get(baseUrl);
        this.dataSources = new DataSources(this::database, choices);
    }

    /** Notion's chain: the token, Notion-Version, and Notion's reading of errors. */
    public static ProviderHttp.Builder builder(OkHttpClient http, String token) {
        return ProviderHttp.builder("notion", http)
                .bearer(token)
                .header("Notion-Version", NOTION_VERSION)
                .reader(NotionClient::failure);
    }

    /**
     * Every page of the database's data source matching {@code filter}, across all result pages (100 at
     * a time): {@code POST /v1/data_sources/{id}/query}.
     */
    @Override
    public List<NotionPage> queryDatabase(String databaseId, JsonNode filter) {
        HttpUrl query = url("v1", "data_sources", dataSourceOf(databaseId).id(), "query");
        List<NotionPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode body = JSON.createObjectNode();
            body.set("filter", filter);
            body.put("page_size", 100);
            if (cursor != null) body.put("start_cursor", cursor);
            // a query changes nothing: safe to repeat
            JsonNode result = call("POST", query, body, RetryPolicy.ANY_RETRYABLE);
            for (JsonNode page : result.path("results")) {
                // a wiki's data source also lists its child data sources: only pages are records
                if (!"data_source".equals(page.path("object").asText())) pages.add(NotionPage.fromJson(page));
            }
            cursor = result.path("has_more").asBoolean(false)
                    ? result.path("next_cursor").asText(null)
                    : null;
        } while (cursor != null);
        return pages;
    }

    @Override
    public NotionPage getPage(String pageId) {
        return NotionPage.fromJson(call("GET", url("v1", "pages", pageId), null, RetryPolicy.ANY_RETRYABLE));
    }

    /** A page in the database's data source: parent {@code {"type": "data_source_id", "data_source_id": …}}. */
    @Override
    public NotionPage createPage(String databaseId, ObjectNode properties) {
        ObjectNode body = JSON.createObjectNode();
        body.set(
                "parent",
                JSON.createObjectNode()
                        .put("type", "data_source_id")
                        .put("data_source_id", dataSourceOf(databaseId).id()));
        body.set("properties", properties);
        // Not repeated once the request may have been written (5xx, dropped connection): the first
        // attempt may have created the page. Only Notion's "not processed" answers (429, 529) are retried.
        return NotionPage.fromJson(call("POST", url("v1", "pages"), body, RetryPolicy.ONLY_IF_NOT_PROCESSED));
    }

    @Override
    public NotionPage updatePage(String pageId, ObjectNode properties) {
        ObjectNode body = JSON.createObjectNode();
        body.set("properties", properties);
        // setting the same properties again changes nothing more
        return NotionPage.fromJson(call("PATCH", url("v1", "pages", pageId), body, RetryPolicy.ANY_RETRYABLE));
    }

    /**
     * The data source the database's pages are in, found with {@code GET /v1/databases/{id}} the first
     * time and kept. Throws {@link DataSourceConfigurationException} when the database has several and
     * none was chosen, or the one chosen is not among them.
     */
    public DataSource dataSourceOf(String databaseId) {
        return dataSources.of(databaseId);
    }

    /** {@code GET /v1/databases/{id}}: the database container, with its {@code data_sources} (id, name). */
    private JsonNode database(String databaseId) {
        return call("GET", url("v1", "databases", databaseId), null, RetryPolicy.ANY_RETRYABLE);
    }

    /** {@code GET /v1/users/me}: the bot user the token belongs to (a check that the token is accepted). */
    public JsonNode me() {
        return call("GET", url("v1", "users", "me"), null, RetryPolicy.ANY_RETRYABLE);
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder builder = baseUrl.newBuilder();
        for (String segment : segments) builder.addPathSegment(segment);
        return builder.build();
    }

    private JsonNode call(String method, HttpUrl url, JsonNode body, RetryPolicy policy) {
        return http.json(
                new Request.Builder().url(url).method(method, body == null ? null : ProviderHttp.body(body)), policy);
    }

    /**
     * Notion's answers: a success must be JSON (else a retryable network_error, as an unreadable
     * answer); 429, 409 and 5xx are retryable, other errors are not.
     */
    static ProviderException failure(Response response, String text) {
        if (response.isSuccessful()) return ErrorBody.unreadable("notion", text);
        return ErrorBody.failure(
                "notion", response, text, "code", (status, code) -> status == 429 || status == 409 || status >= 500);
    }
}
