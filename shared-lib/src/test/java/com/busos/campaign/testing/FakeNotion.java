package com.busos.campaign.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WireMock stand-in for the Notion API (version 2022-06-28) that keeps pages in memory: database
 * query (email, title, rich_text and select "equals" filters, 100 per page with cursors), page get, create and update,
 * with Notion's response and error shapes. Like Notion, a page is returned with every property of its
 * database's schema, unset ones as null. Fault stubs added to {@link #server()} with a higher
 * priority (1) take precedence over this default behaviour (priority 10).
 */
public final class FakeNotion implements AutoCloseable {
    public static final String TOKEN = "secret_test_notion_token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUERY = Pattern.compile("/v1/databases/([^/]+)/query");
    private static final Pattern PAGE = Pattern.compile("/v1/pages/([^/?]+)");

    private final Map<String, Map<String, String>> schemas = new LinkedHashMap<>();
    private final Map<String, ObjectNode> pages = new LinkedHashMap<>();
    private final Map<String, String> pageDatabase = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final WireMockServer server;

    public FakeNotion() {
        server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").extensions(new Transformer()));
        server.start();
        server.stubFor(
                any(anyUrl()).atPriority(10).willReturn(WireMock.aResponse().withTransformers("fake-notion")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** Requests served so far (faults included). */
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- seeding and inspection ----

    /** Declares a database's properties (name → Notion type), so pages come back with all of them. */
    public synchronized void schema(String databaseId, Map<String, String> properties) {
        schemas.computeIfAbsent(databaseId, id -> new LinkedHashMap<>()).putAll(properties);
    }

    /** The tracker database's schema as the campaign uses it. */
    public void trackerSchema(String databaseId) {
        Map<String, String> schema = new LinkedHashMap<>();
        schema.put("Name", "title");
        schema.put("Email", "email");
        schema.put("First Name", "rich_text");
        schema.put("Business Name", "rich_text");
        schema.put("Template Type", "select");
        schema.put("Campaign", "select");
        schema.put("Segment", "select");
        schema.put("Sequence Completed", "checkbox");
        for (int n = 1; n <= 7; n++) schema.put("Email " + n + " Sent", "date");
        schema(databaseId, schema);
    }

    public String addContact(String databaseId, String email) {
        ObjectNode properties = JSON.createObjectNode();
        properties.set("email", JSON.createObjectNode().put("email", email));
        properties.set("Name", JSON.createObjectNode().set("title", textArray(email)));
        return create(databaseId, properties);
    }

    public String addTemplate(String databaseId, String name, String subject, String html) {
        ObjectNode properties = JSON.createObjectNode();
        properties.set("Template Name", JSON.createObjectNode().set("title", textArray(name)));
        properties.set("Subject Line", JSON.createObjectNode().set("rich_text", textArray(subject)));
        properties.set("Email Body HTML", JSON.createObjectNode().set("rich_text", textArray(html)));
        return create(databaseId, properties);
    }

    /** Adds a page with raw property values (as a client would send them). */
    public synchronized String addPage(String databaseId, ObjectNode properties) {
        return create(databaseId, properties);
    }

    public synchronized Optional<ObjectNode> page(String pageId) {
        ObjectNode page = pages.get(pageId);
        return page == null ? Optional.empty() : Optional.of(render(page));
    }

    public synchronized List<ObjectNode> pagesOf(String databaseId) {
        List<ObjectNode> found = new ArrayList<>();
        pages.forEach((id, page) -> {
            if (databaseId.equals(pageDatabase.get(id))) found.add(render(page));
        });
        return found;
    }

    // ---- the fake API ----

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            requests.incrementAndGet();
            return handle(event.getRequest());
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return "fake-notion";
        }
    }

    private synchronized ResponseDefinition handle(LoggedRequest request) {
        if (request.getHeader("Notion-Version") == null) {
            return error(
                    400,
                    "missing_version",
                    "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
        }
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return error(401, "unauthorized", "API token is invalid.");
        }
        String path = request.getUrl().split("\\?")[0];
        String method = request.getMethod().getName();
        JsonNode body;
        try {
            body = request.getBodyAsString().isEmpty()
                    ? JSON.createObjectNode()
                    : JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            return error(400, "invalid_json", "Error parsing JSON body.");
        }
        Matcher query = QUERY.matcher(path);
        if (method.equals("POST") && query.matches()) return query(query.group(1), body);
        Matcher page = PAGE.matcher(path);
        if (method.equals("GET") && page.matches()) return getPage(page.group(1));
        if (method.equals("PATCH") && page.matches()) return updatePage(page.group(1), body);
        if (method.equals("POST") && path.equals("/v1/pages")) return createPage(body);
        return error(400, "invalid_request_url", "Invalid request URL.");
    }

    private ResponseDefinition query(String databaseId, JsonNode body) {
        if (!schemas.containsKey(databaseId)) {
            return error(
                    404,
                    "object_not_found",
                    "Could not find database with ID: " + databaseId
                            + ". Make sure the relevant pages and databases are shared with your integration.");
        }
        JsonNode filter = body.path("filter");
        List<ObjectNode> matches = new ArrayList<>();
        pages.forEach((id, page) -> {
            if (databaseId.equals(pageDatabase.get(id)) && matches(page, filter)) matches.add(render(page));
        });
        int pageSize = Math.min(100, body.path("page_size").asInt(100));
        int start = body.hasNonNull("start_cursor")
                ? Integer.parseInt(body.path("start_cursor").asText())
                : 0;
        int end = Math.min(matches.size(), start + pageSize);
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode results = list.putArray("results");
        matches.subList(Math.min(start, matches.size()), end).forEach(results::add);
        boolean more = end < matches.size();
        if (more) list.put("next_cursor", Integer.toString(end));
        else list.putNull("next_cursor");
        list.put("has_more", more);
        list.put("type", "page_or_database");
        list.putObject("page_or_database");
        return ok(list);
    }

    private boolean matches(ObjectNode page, JsonNode filter) {
        if (filter.isMissingNode() || filter.isNull() || filter.isEmpty()) return true;
        String property = filter.path("property").asText();
        JsonNode value = page.path("properties").path(property);
        if (filter.has("email")) {
            return value.path("email")
                    .asText("")
                    .equals(filter.path("email").path("equals").asText());
        }
        if (filter.has("title")) {
            return plainText(value.path("title"))
                    .equals(filter.path("title").path("equals").asText());
        }
        if (filter.has("rich_text")) {
            return plainText(value.path("rich_text"))
                    .equals(filter.path("rich_text").path("equals").asText());
        }
        if (filter.has("select")) {
            return value.path("select")
                    .path("name")
                    .asText("")
                    .equals(filter.path("select").path("equals").asText());
        }
        return false;
    }

    private ResponseDefinition getPage(String id) {
        ObjectNode page = pages.get(id);
        if (page == null) return error(404, "object_not_found", "Could not find page with ID: " + id + ".");
        return ok(render(page));
    }

    private ResponseDefinition createPage(JsonNode body) {
        String databaseId = body.path("parent").path("database_id").asText(null);
        if (databaseId == null || !schemas.containsKey(databaseId)) {
            return error(404, "object_not_found", "Could not find database with ID: " + databaseId + ".");
        }
        Optional<String> invalid = validate(body.path("properties"));
        if (invalid.isPresent()) return error(400, "validation_error", invalid.get());
        return ok(render(pages.get(create(databaseId, (ObjectNode) body.path("properties")))));
    }

    private ResponseDefinition updatePage(String id, JsonNode body) {
        ObjectNode page = pages.get(id);
        if (page == null) return error(404, "object_not_found", "Could not find page with ID: " + id + ".");
        Optional<String> invalid = validate(body.path("properties"));
        if (invalid.isPresent()) return error(400, "validation_error", invalid.get());
        ObjectNode stored = (ObjectNode) page.path("properties");
        body.path("properties").fields().forEachRemaining(entry -> {
            stored.set(entry.getKey(), stored(entry.getValue()));
            learn(pageDatabase.get(id), entry.getKey(), entry.getValue());
        });
        page.put("last_edited_time", Instant.now().toString());
        return ok(render(page));
    }

    /** Notion's limits: 2,000 characters per text object, 100 objects per array. */
    private static Optional<String> validate(JsonNode properties) {
        var fields = properties.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            for (String kind : List.of("rich_text", "title")) {
                JsonNode array = entry.getValue().path(kind);
                if (array.size() > 100) {
                    return Optional.of("body failed validation: body.properties." + entry.getKey() + "." + kind
                            + ".length should be ≤ `100`, instead was `" + array.size() + "`.");
                }
                for (JsonNode item : array) {
                    int length = item.path("text").path("content").asText("").length();
                    if (length > 2000) {
                        return Optional.of("body failed validation: body.properties." + entry.getKey() + "." + kind
                                + "[0].text.content.length should be ≤ `2000`, instead was `" + length + "`.");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private String create(String databaseId, ObjectNode properties) {
        String id = UUID.randomUUID().toString();
        ObjectNode page = JSON.createObjectNode()
                .put("object", "page")
                .put("id", id)
                .put("created_time", Instant.now().toString())
                .put("last_edited_time", Instant.now().toString());
        page.set("parent", JSON.createObjectNode().put("type", "database_id").put("database_id", databaseId));
        page.put("archived", false);
        ObjectNode stored = page.putObject("properties");
        properties.fields().forEachRemaining(entry -> {
            stored.set(entry.getKey(), stored(entry.getValue()));
            learn(databaseId, entry.getKey(), entry.getValue());
        });
        page.put("url", "https://www.notion.so/" + id.replace("-", ""));
        pages.put(id, page);
        pageDatabase.put(id, databaseId);
        return id;
    }

    private void learn(String databaseId, String property, JsonNode value) {
        schemas.computeIfAbsent(databaseId, db -> new LinkedHashMap<>()).putIfAbsent(property, typeOf(value));
    }

    /** A property value as Notion stores and returns it: with its type, and plain_text on text. */
    private static JsonNode stored(JsonNode value) {
        String type = typeOf(value);
        ObjectNode stored =
                JSON.createObjectNode().put("id", type.substring(0, 3)).put("type", type);
        if (type.equals("title") || type.equals("rich_text")) {
            ArrayNode array = stored.putArray(type);
            for (JsonNode item : value.path(type)) {
                String content = item.path("text").path("content").asText("");
                ObjectNode text = JSON.createObjectNode().put("type", "text");
                text.set("text", JSON.createObjectNode().put("content", content).putNull("link"));
                text.put("plain_text", content);
                text.putNull("href");
                array.add(text);
            }
        } else if (type.equals("date")) {
            JsonNode date = value.path("date");
            if (date.isNull()) {
                stored.putNull("date");
            } else {
                stored.set(
                        "date",
                        JSON.createObjectNode()
                                .put("start", date.path("start").asText())
                                .putNull("end")
                                .putNull("time_zone"));
            }
        } else if (type.equals("select")) {
            JsonNode select = value.path("select");
            stored.set(
                    "select",
                    select.isNull()
                            ? null
                            : JSON.createObjectNode()
                                    .put("id", "opt")
                                    .put("name", select.path("name").asText())
                                    .put("color", "default"));
        } else {
            stored.set(type, value.path(type));
        }
        return stored;
    }

    private static String typeOf(JsonNode value) {
        for (String type : List.of(
                "title",
                "rich_text",
                "email",
                "number",
                "select",
                "date",
                "checkbox",
                "multi_select",
                "url",
                "phone_number")) {
            if (value.has(type)) return type;
        }
        throw new IllegalArgumentException("unsupported property value: " + value);
    }

    /** The page with every schema property present, unset ones as null (as Notion answers). */
    private ObjectNode render(ObjectNode page) {
        ObjectNode copy = page.deepCopy();
        ObjectNode properties = (ObjectNode) copy.path("properties");
        Map<String, String> schema =
                schemas.getOrDefault(pageDatabase.get(page.path("id").asText()), Map.of());
        schema.forEach((name, type) -> {
            if (!properties.has(name)) {
                ObjectNode empty =
                        JSON.createObjectNode().put("id", type.substring(0, 3)).put("type", type);
                if (type.equals("title") || type.equals("rich_text") || type.equals("multi_select"))
                    empty.putArray(type);
                else if (type.equals("checkbox")) empty.put(type, false);
                else empty.putNull(type);
                properties.set(name, empty);
            }
        });
        return copy;
    }

    private static ArrayNode textArray(String text) {
        ArrayNode array = JSON.createArrayNode();
        array.add(JSON.createObjectNode().set("text", JSON.createObjectNode().put("content", text)));
        return array;
    }

    private static String plainText(JsonNode array) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : array)
            text.append(item.path("plain_text")
                    .asText(item.path("text").path("content").asText("")));
        return text.toString();
    }

    private static ResponseDefinition ok(JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body.toString())
                .build();
    }

    public static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode()
                .put("object", "error")
                .put("status", status)
                .put("code", code)
                .put("message", message)
                .put("request_id", UUID.randomUUID().toString());
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body.toString())
                .build();
    }

    /** The JSON body of a Notion error, for fault stubs. */
    public static String errorBody(int status, String code, String message) {
        return JSON.createObjectNode()
                .put("object", "error")
                .put("status", status)
                .put("code", code)
                .put("message", message)
                .put("request_id", UUID.randomUUID().toString())
                .toString();
    }
}
