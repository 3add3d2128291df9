package com.busos.campaign.sandbox;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.notion.PropertyValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Notion's shapes, for the sandbox: a property value as a client writes it becomes the value Notion
 * stores and answers (with its {@code type}, {@code plain_text} on every text object, a select with
 * its id and colour, a date with end and time zone); Notion's write limits are enforced with its
 * error; and the database-query filters the campaign uses are evaluated.
 */
final class PageShapes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final List<String> TYPES = List.of(
            "title",
            "rich_text",
            "email",
            "number",
            "select",
            "multi_select",
            "date",
            "checkbox",
            "url",
            "phone_number");

    private PageShapes() {}

    /** Notion's 400 validation_error (never retryable). */
    static ProviderException validationError(String message) {
        return new ProviderException("notion", 400, "validation_error", message, false, null, null);
    }

    static ProviderException notFound(String message) {
        return new ProviderException("notion", 404, "object_not_found", message, false, null, null);
    }

    /** Checks a properties object as Notion does: known value types, 2,000 characters per text object, 100 per array. */
    static void validate(JsonNode properties) {
        if (!properties.isObject())
            throw validationError("body failed validation: body.properties should be an object.");
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String type = typeOf(entry.getValue());
            if (type == null) {
                throw validationError("body failed validation: body.properties." + entry.getKey()
                        + " should be a property value (one of " + String.join(", ", TYPES) + ").");
            }
            JsonNode array = entry.getValue().path(type);
            if ((type.equals("title") || type.equals("rich_text")) && array.isArray()) {
                if (array.size() > PropertyValues.MAX_ARRAY) {
                    throw validationError("body failed validation: body.properties." + entry.getKey() + "." + type
                            + ".length should be ≤ `100`, instead was `" + array.size() + "`.");
                }
                for (int i = 0; i < array.size(); i++) {
                    int length =
                            array.get(i).path("text").path("content").asText("").length();
                    if (length > PropertyValues.MAX_TEXT_CONTENT) {
                        throw validationError("body failed validation: body.properties." + entry.getKey() + "." + type
                                + "[" + i + "].text.content.length should be ≤ `2000`, instead was `" + length + "`.");
                    }
                }
            }
        }
    }

    static String typeOf(JsonNode value) {
        if (value == null || !value.isObject()) return null;
        for (String type : TYPES) {
            if (value.has(type)) return type;
        }
        return null;
    }

    /** A property value as Notion stores and returns it. */
    static ObjectNode stored(JsonNode value) {
        String type = typeOf(value);
        ObjectNode stored = NODES.objectNode()
                .put("id", Integer.toHexString(type.hashCode() & 0xffff))
                .put("type", type);
        JsonNode raw = value.path(type);
        switch (type) {
            case "title":
            case "rich_text": {
                ArrayNode array = stored.putArray(type);
                for (JsonNode item : raw)
                    array.add(textObject(item.path("text").path("content").asText("")));
                break;
            }
            case "date":
                if (raw.isNull()) {
                    stored.putNull("date");
                } else {
                    ObjectNode date = stored.putObject("date");
                    date.put("start", raw.path("start").asText());
                    if (raw.hasNonNull("end")) date.put("end", raw.path("end").asText());
                    else date.putNull("end");
                    date.putNull("time_zone");
                }
                break;
            case "select":
                if (raw.isNull()) {
                    stored.putNull("select");
                } else {
                    String name = raw.path("name").asText();
                    stored.putObject("select")
                            .put("id", Integer.toHexString(name.hashCode()))
                            .put("name", name)
                            .put("color", "default");
                }
                break;
            case "multi_select": {
                ArrayNode options = stored.putArray("multi_select");
                for (JsonNode option : raw) {
                    String name = option.path("name").asText();
                    options.addObject()
                            .put("id", Integer.toHexString(name.hashCode()))
                            .put("name", name)
                            .put("color", "default");
                }
                break;
            }
            default:
                stored.set(type, raw.deepCopy());
        }
        return stored;
    }

    /** One rich-text object as Notion answers it. */
    static ObjectNode textObject(String content) {
        ObjectNode text = NODES.objectNode().put("type", "text");
        text.putObject("text").put("content", content).putNull("link");
        text.putObject("annotations")
                .put("bold", false)
                .put("italic", false)
                .put("strikethrough", false)
                .put("underline", false)
                .put("code", false)
                .put("color", "default");
        text.put("plain_text", content);
        text.putNull("href");
        return text;
    }

    /**
     * Whether the page's properties match a database-query filter: {@code email}, {@code title},
     * {@code rich_text}, {@code select} and {@code checkbox} "equals", and compound {@code and} /
     * {@code or}. An empty or absent filter matches every page; any other condition is Notion's 400.
     */
    static boolean matches(JsonNode properties, JsonNode filter) {
        if (filter == null || filter.isMissingNode() || filter.isNull() || filter.isEmpty()) return true;
        if (filter.has("and")) {
            for (JsonNode part : filter.path("and")) if (!matches(properties, part)) return false;
            return true;
        }
        if (filter.has("or")) {
            for (JsonNode part : filter.path("or")) if (matches(properties, part)) return true;
            return false;
        }
        JsonNode value = properties.path(filter.path("property").asText());
        if (filter.has("email"))
            return equalsCondition(filter, "email", value.path("email").asText(""));
        if (filter.has("title")) return equalsCondition(filter, "title", plainText(value.path("title")));
        if (filter.has("rich_text")) return equalsCondition(filter, "rich_text", plainText(value.path("rich_text")));
        if (filter.has("select"))
            return equalsCondition(
                    filter, "select", value.path("select").path("name").asText(""));
        if (filter.has("checkbox")) {
            return value.path("checkbox").asBoolean(false)
                    == filter.path("checkbox").path("equals").asBoolean();
        }
        throw validationError("the sandbox supports email, title, rich_text, select and checkbox \"equals\" filters"
                + " (and compound and/or), not: " + filter);
    }

    private static boolean equalsCondition(JsonNode filter, String kind, String actual) {
        JsonNode condition = filter.path(kind);
        if (!condition.has("equals")) {
            throw validationError("the sandbox supports only \"equals\" conditions, not: " + filter);
        }
        return actual.equals(condition.path("equals").asText());
    }

    /** The plain text of a title or rich_text array: every object's plain_text, concatenated. */
    static String plainText(JsonNode array) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : array) {
            text.append(
                    item.path("plain_text").isTextual()
                            ? item.path("plain_text").asText()
                            : item.path("text").path("content").asText(""));
        }
        return text.toString();
    }
}
