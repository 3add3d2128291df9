package com.busos.campaign.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import lombok.Getter;

/**
 * A Notion page and null-safe readers of its properties. Notion returns every property of the schema,
 * with unset values as JSON null ({@code "select": null}); a reader treats null, absent and
 * wrongly-typed alike and answers "no value" instead of failing.
 */
@Getter
public final class NotionPage {
    private final String id;
    private final JsonNode properties;

    public NotionPage(String id, JsonNode properties) {
        this.id = id;
        this.properties = properties == null ? MissingNode.getInstance() : properties;
    }

    static NotionPage fromJson(JsonNode page) {
        return new NotionPage(page.path("id").asText(null), page.path("properties"));
    }

    /** {@code properties[name].date.start}, when the date is set. */
    public Optional<String> dateStart(String name) {
        return text(properties.path(name).path("date").path("start"));
    }

    /** {@code properties[name].select.name}, when an option is selected. */
    public Optional<String> selectName(String name) {
        return text(properties.path(name).path("select").path("name"));
    }

    /** The plain text of a rich_text or title property: every segment's plain_text, concatenated. */
    public String plainText(String name) {
        JsonNode property = properties.path(name);
        JsonNode segments = property.has("title") ? property.path("title") : property.path("rich_text");
        StringBuilder text = new StringBuilder();
        if (segments.isArray()) {
            for (JsonNode segment : segments) {
                JsonNode plain = segment.path("plain_text");
                if (plain.isTextual()) {
                    text.append(plain.asText());
                } else if (segment.path("text").path("content").isTextual()) {
                    text.append(segment.path("text").path("content").asText());
                }
            }
        }
        return text.toString();
    }

    public Optional<String> email(String name) {
        return text(properties.path(name).path("email"));
    }

    public Optional<Double> number(String name) {
        JsonNode number = properties.path(name).path("number");
        return number.isNumber() ? Optional.of(number.asDouble()) : Optional.empty();
    }

    public boolean checkbox(String name) {
        return properties.path(name).path("checkbox").asBoolean(false);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }
}
