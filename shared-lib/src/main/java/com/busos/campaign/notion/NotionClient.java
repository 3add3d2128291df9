package com.busos.campaign.notion;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.ratelimit.RateLimiter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The few Notion API calls the campaign makes (API version 2022-06-28): query a database (all pages,
 * following the cursor), read, create and update a page. It knows nothing of the campaign.
 */
public final class NotionClient implements NotionApi {
    public static final String NOTION_VERSION = "2022-06-28";
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String token;
    private final Retrying retrying;
    private final RateLimiter rateLimiter;

    public NotionClient(OkHttpClient http, String baseUrl, String token, Retrying retrying) {
        this(http, baseUrl, token, retrying, RateLimiter.NONE);
    }

    /** With a rate limiter taken before every HTTP request, retries included. */
    public NotionClient(OkHttpClient http, String baseUrl, String token, Retrying retrying, RateLimiter rateLimiter) {
        this.http = http;
        this.baseUrl = HttpUrl.get(baseUrl);
        this.token = token;
        this.retrying = retrying;
        this.rateLimiter = rateLimiter;
    }

    /** Every page of the database matching {@code filter}, across all result pages (100 at a time). */
    @Override
    public List<NotionPage> queryDatabase(String databaseId, JsonNode filter) {
        List<NotionPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode body = JSON.createObjectNode();
            body.set("filter", filter);
            body.put("page_size", 100);
            if (cursor != null) body.put("start_cursor", cursor);
            JsonNode result = call("POST", url("v1", "databases", databaseId, "query"), body, true);
            for (JsonNode page : result.path("results")) pages.add(NotionPage.fromJson(page));
            cursor = result.path("has_more").asBoolean(false) ? result.path("next_cursor").asText(null) : null;
        } while (cursor != null);
        return pages;
    }

    @Override
    public NotionPage getPage(String pageId) {
        return NotionPage.fromJson(call("GET", url("v1", "pages", pageId), null, true));
    }

    @Override
    public NotionPage createPage(String databaseId, ObjectNode properties) {
        ObjectNode body = JSON.createObjectNode();
        body.set("parent", JSON.createObjectNode().put("database_id", databaseId));
        body.set("properties", properties);
        // A create is not retried on 5xx: the first attempt may have created the page.
        return NotionPage.fromJson(call("POST", url("v1", "pages"), body, false));
    }

    @Override
    public NotionPage updatePage(String pageId, ObjectNode properties) {
        ObjectNode body = JSON.createObjectNode();
        body.set("properties", properties);
        return NotionPage.fromJson(call("PATCH", url("v1", "pages", pageId), body, true));
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder builder = baseUrl.newBuilder();
        for (String segment : segments) builder.addPathSegment(segment);
        return builder.build();
    }

    /**
     * One logical call with short retries. 429 and 529 (overload) are always safe to retry: Notion did
     * nothing. Other 5xx and timeouts are retried only when repeating the call cannot duplicate a write.
     */
    private JsonNode call(String method, HttpUrl url, JsonNode body, boolean repeatable) {
        return retrying.run(() -> execute(method, url, body),
                failure -> repeatable || failure.status() == 429 || failure.status() == 529);
    }

    private JsonNode execute(String method, HttpUrl url, JsonNode body) {
        rateLimiter.acquire();
        RequestBody requestBody = body == null ? null : RequestBody.create(body.toString(), JSON_TYPE);
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + token)
                .header("Notion-Version", NOTION_VERSION)
                .method(method, requestBody)
                .build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (response.isSuccessful()) {
                return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
            }
            throw error(response, text);
        } catch (IOException e) {
            throw new ProviderException("notion", 0, "network_error", e.getClass().getSimpleName() + ": "
                    + e.getMessage(), true, null, e);
        }
    }

    private static ProviderException error(Response response, String text) {
        int status = response.code();
        String code = null;
        String message = text;
        try {
            JsonNode error = JSON.readTree(text);
            code = error.path("code").asText(null);
            message = error.path("message").asText(text);
        } catch (IOException | RuntimeException notJson) {
            // keep the raw text as the message
        }
        boolean retryable = status == 429 || status == 409 || status >= 500;
        return new ProviderException("notion", status, code, message, retryable,
                ProviderException.parseRetryAfter(response.header("Retry-After")), null);
    }
}
