package com.busos.campaign.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * A WireMock stand-in for the Notion API (version 2025-09-03) that keeps pages in memory. A database
 * is a container of data sources ({@code GET /v1/databases/{id}} lists them, id and name); each data
 * source has its schema ({@code GET /v1/data_sources/{id}}: its {@code properties}) and its pages:
 * data source query (email, title, rich_text and select "equals" filters, 100 per page with cursors),
 * page get, create (under a {@code data_source_id} parent, or a {@code database_id} one while the
 * database has a single data source) and update, with Notion's response and error shapes. A database
 * made by the seeding methods below has one data source, {@link #dataSourceOf(String)}; more are added
 * with {@link #addDataSource}. Like Notion, a page is returned with every property of its data source's
 * schema, unset ones as null. Fault stubs added to {@link #server()} with a higher priority (1) take
 * precedence over this default behaviour (priority 10).
 */
public final class FakeNotion implements AutoCloseable {
    public static final String TOKEN = "secret_test_notion_token";
    /** The only version this stand-in speaks. */
    public static final String VERSION = "2025-09-03";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATABASE = Pattern.compile("/v1/databases/([^/]+)");
    private static final Pattern DATA_SOURCE = Pattern.compile("/v1/data_sources/([^/]+)");
    private static final Pattern QUERY = Pattern.compile("/v1/data_sources/([^/]+)/query");
    private static final Pattern PAGE = Pattern.compile("/v1/pages/([^/?]+)");
    private static final String CREATED = "2025-11-01T09:00:00.000Z";
    private static final String PARENT_PAGE = "5d1c7a4e-0b8f-4a36-9c2e-3f6a1b2c4d5e";

    /** database id → its data sources' ids, first the one the seeding methods use */
    private final Map<String, List<String>> databases = new LinkedHashMap<>();

    private final Map<String, String> sourceNames = new LinkedHashMap<>();
    private final Map<String, String> sourceDatabase = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> schemas = new LinkedHashMap<>();
    private final Map<String, ObjectNode> pages = new LinkedHashMap<>();
    private final Map<String, String> pageSource = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final WireMockServer server;

    public FakeNotion() {
        server = StandInServer.start("fake-notion", request -> {
            requests.incrementAndGet();
            return handle(request);
        });
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

    /** The id of the data source a database made here starts with (a UUID derived from the database's id). */
    public static String dataSourceOf(String databaseId) {
        return UUID.nameUUIDFromBytes(("data source of " + databaseId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Declares the properties (name → Notion type) of a database's first data source, so pages come back with all of them. */
    public synchronized void schema(String databaseId, Map<String, String> properties) {
        dataSourceSchema(firstSource(databaseId), properties);
    }

    /** Declares a data source's properties (name → Notion type). */
    public synchronized void dataSourceSchema(String dataSourceId, Map<String, String> properties) {
        schemas.computeIfAbsent(dataSourceId, id -> new LinkedHashMap<>()).putAll(properties);
    }

    /** Adds one more data source, named {@code name}, to the database (made if new); answers its id. */
    public synchronized String addDataSource(String databaseId, String name) {
        firstSource(databaseId);
        String id = UUID.randomUUID().toString();
        databases.get(databaseId).add(id);
        sourceNames.put(id, name);
        sourceDatabase.put(id, databaseId);
        schemas.put(id, new LinkedHashMap<>());
        return id;
    }

    /** The ids of the database's data sources, the first one first. */
    public synchronized List<String> dataSources(String databaseId) {
        return List.copyOf(databases.getOrDefault(databaseId, List.of()));
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

    public synchronized String addContact(String databaseId, String email) {
        ObjectNode properties = JSON.createObjectNode();
        properties.set("email", JSON.createObjectNode().put("email", email));
        properties.set("Name", JSON.createObjectNode().set("title", textArray(email)));
        return create(firstSource(databaseId), properties);
    }

    /** Adds a template to the database's first data source. */
    public synchronized String addTemplate(String databaseId, String name, String subject, String html) {
        return addTemplateTo(firstSource(databaseId), name, subject, html);
    }

    /** Adds a template to this data source. */
    public synchronized String addTemplateTo(String dataSourceId, String name, String subject, String html) {
        ObjectNode properties = JSON.createObjectNode();
        properties.set("Template Name", JSON.createObjectNode().set("title", textArray(name)));
        properties.set("Subject Line", JSON.createObjectNode().set("rich_text", textArray(subject)));
        properties.set("Email Body HTML", JSON.createObjectNode().set("rich_text", textArray(html)));
        return create(dataSourceId, properties);
    }

    /** Adds a page with raw property values (as a client would send them) to the database's first data source. */
    public synchronized String addPage(String databaseId, ObjectNode properties) {
        return create(firstSource(databaseId), properties);
    }

    public synchronized Optional<ObjectNode> page(String pageId) {
        ObjectNode page = pages.get(pageId);
        return page == null ? Optional.empty() : Optional.of(render(page));
    }

    /** The pages of every data source of the database. */
    public synchronized List<ObjectNode> pagesOf(String databaseId) {
        List<String> sources = databases.getOrDefault(databaseId, List.of());
        List<ObjectNode> found = new ArrayList<>();
        pages.forEach((id, page) -> {
            if (sources.contains(pageSource.get(id))) found.add(render(page));
        });
        return found;
    }

    /** The pages of one data source. */
    public synchronized List<ObjectNode> pagesIn(String dataSourceId) {
        List<ObjectNode> found = new ArrayList<>();
        pages.forEach((id, page) -> {
            if (dataSourceId.equals(pageSource.get(id))) found.add(render(page));
        });
        return found;
    }

    /** The database's first data source, the database and it made when new. */
    private String firstSource(String databaseId) {
        List<String> sources = databases.computeIfAbsent(databaseId, id -> new ArrayList<>());
        if (sources.isEmpty()) {
            String id = dataSourceOf(databaseId);
            sources.add(id);
            sourceNames.put(id, databaseId);
            sourceDatabase.put(id, databaseId);
            schemas.put(id, new LinkedHashMap<>());
        }
        return sources.get(0);
    }

    // ---- the fake API ----

    private synchronized ResponseDefinition handle(LoggedRequest request) {
        String version = request.getHeader("Notion-Version");
        if (version == null) {
            return error(
                    400,
                    "missing_version",
                    "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
        }
        if (!version.equals(VERSION)) {
            // Notion answers other versions in their own shapes; this stand-in knows only 2025-09-03's.
            return error(
                    400,
                    "validation_error",
                    "this stand-in speaks Notion-Version " + VERSION + " only, not " + version);
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
        Matcher database = DATABASE.matcher(path);
        if (method.equals("GET") && database.matches()) return getDatabase(database.group(1));
        Matcher dataSource = DATA_SOURCE.matcher(path);
        if (method.equals("GET") && dataSource.matches()) return getDataSource(dataSource.group(1));
        Matcher page = PAGE.matcher(path);
        if (method.equals("GET") && page.matches()) return getPage(page.group(1));
        if (method.equals("PATCH") && page.matches()) return updatePage(page.group(1), body);
        if (method.equals("POST") && path.equals("/v1/pages")) return createPage(body);
        // e.g. 2022-06-28's POST /v1/databases/{id}/query, which 2025-09-03 no longer has
        return error(400, "invalid_request_url", "Invalid request URL.");
    }

    /** The database container: its data sources (id and name), no properties (those are each data source's). */
    private ResponseDefinition getDatabase(String databaseId) {
        List<String> sources = databases.get(databaseId);
        if (sources == null) return databaseNotFound(databaseId);
        ObjectNode database = JSON.createObjectNode().put("object", "database").put("id", databaseId);
        database.set("title", textArray(databaseId));
        database.putArray("description");
        database.putObject("parent").put("type", "page_id").put("page_id", PARENT_PAGE);
        database.put("is_inline", false)
                .put("in_trash", false)
                .put("is_locked", false)
                .put("created_time", CREATED)
                .put("last_edited_time", CREATED);
        ArrayNode listed = database.putArray("data_sources");
        for (String id : sources) listed.addObject().put("id", id).put("name", sourceNames.get(id));
        database.putNull("icon").putNull("cover");
        database.put("url", "https://www.notion.so/" + databaseId.replace("-", ""));
        database.putNull("public_url");
        return ok(database);
    }

    /** A data source: its schema ({@code properties}) and its parent database. */
    private ResponseDefinition getDataSource(String dataSourceId) {
        Map<String, String> schema = schemas.get(dataSourceId);
        if (schema == null || !sourceDatabase.containsKey(dataSourceId)) return dataSourceNotFound(dataSourceId);
        ObjectNode source = JSON.createObjectNode().put("object", "data_source").put("id", dataSourceId);
        source.set("title", textArray(sourceNames.get(dataSourceId)));
        source.putArray("description");
        source.putObject("parent").put("type", "database_id").put("database_id", sourceDatabase.get(dataSourceId));
        source.putObject("database_parent").put("type", "page_id").put("page_id", PARENT_PAGE);
        source.put("is_inline", false)
                .put("archived", false)
                .put("in_trash", false)
                .put("created_time", CREATED)
                .put("last_edited_time", CREATED);
        ObjectNode properties = source.putObject("properties");
        schema.forEach((name, type) -> {
            ObjectNode property = properties
                    .putObject(name)
                    .put("id", type.substring(0, 3))
                    .put("name", name)
                    .put("type", type);
            property.putObject(type);
        });
        source.putNull("icon").putNull("cover");
        source.put("url", "https://www.notion.so/" + dataSourceId.replace("-", ""));
        source.putNull("public_url");
        return ok(source);
    }

    private ResponseDefinition query(String dataSourceId, JsonNode body) {
        if (!sourceDatabase.containsKey(dataSourceId)) return dataSourceNotFound(dataSourceId);
        JsonNode filter = body.path("filter");
        List<ObjectNode> matches = new ArrayList<>();
        pages.forEach((id, page) -> {
            if (dataSourceId.equals(pageSource.get(id)) && matches(page, filter)) matches.add(render(page));
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
        list.put("type", "page_or_data_source");
        list.putObject("page_or_data_source");
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
        JsonNode parent = body.path("parent");
        String dataSourceId = parent.path("data_source_id").asText(null);
        if (dataSourceId == null && parent.hasNonNull("database_id")) {
            // 2025-09-03 still takes a database parent while the database has a single data source
            String databaseId = parent.path("database_id").asText();
            List<String> sources = databases.get(databaseId);
            if (sources == null) return databaseNotFound(databaseId);
            if (sources.size() > 1) {
                return error(
                        400,
                        "validation_error",
                        "The database " + databaseId + " has " + sources.size()
                                + " data sources: create the page under a data_source_id parent.");
            }
            dataSourceId = sources.get(0);
        }
        if (dataSourceId == null) {
            return error(400, "validation_error", "body failed validation: body.parent should be defined.");
        }
        if (!sourceDatabase.containsKey(dataSourceId)) return dataSourceNotFound(dataSourceId);
        Optional<String> invalid = validate(body.path("properties"));
        if (invalid.isPresent()) return error(400, "validation_error", invalid.get());
        return ok(render(pages.get(create(dataSourceId, (ObjectNode) body.path("properties")))));
    }

    private static ResponseDefinition databaseNotFound(String databaseId) {
        return error(
                404,
                "object_not_found",
                "Could not find database with ID: " + databaseId
                        + ". Make sure the relevant pages and databases are shared with your integration.");
    }

    private static ResponseDefinition dataSourceNotFound(String dataSourceId) {
        return error(
                404,
                "object_not_found",
                "Could not find data_source with ID: " + dataSourceId
                        + ". Make sure the relevant pages and databases are shared with your integration.");
    }

    private ResponseDefinition updatePage(String id, JsonNode body) {
        ObjectNode page = pages.get(id);
        if (page == null) return error(404, "object_not_found", "Could not find page with ID: " + id + ".");
        Optional<String> invalid = validate(body.path("properties"));
        if (invalid.isPresent()) return error(400, "validation_error", invalid.get());
        ObjectNode stored = (ObjectNode) page.path("properties");
        body.path("properties").fields().forEachRemaining(entry -> {
            stored.set(entry.getKey(), stored(entry.getValue()));
            learn(pageSource.get(id), entry.getKey(), entry.getValue());
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

    private String create(String dataSourceId, ObjectNode properties) {
        String id = UUID.randomUUID().toString();
        ObjectNode page = JSON.createObjectNode()
                .put("object", "page")
                .put("id", id)
                .put("created_time", Instant.now().toString())
                .put("last_edited_time", Instant.now().toString());
        page.set(
                "parent",
                JSON.createObjectNode()
                        .put("type", "data_source_id")
                        .put("data_source_id", dataSourceId)
                        .put("database_id", sourceDatabase.get(dataSourceId)));
        page.put("archived", false);
        page.put("in_trash", false);
        ObjectNode stored = page.putObject("properties");
        properties.fields().forEachRemaining(entry -> {
            stored.set(entry.getKey(), stored(entry.getValue()));
            learn(dataSourceId, entry.getKey(), entry.getValue());
        });
        page.put("url", "https://www.notion.so/" + id.replace("-", ""));
        pages.put(id, page);
        pageSource.put(id, dataSourceId);
        return id;
    }

    private void learn(String dataSourceId, String property, JsonNode value) {
        schemas.computeIfAbsent(dataSourceId, source -> new LinkedHashMap<>()).putIfAbsent(property, typeOf(value));
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
                schemas.getOrDefault(pageSource.get(page.path("id").asText()), Map.of());
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
