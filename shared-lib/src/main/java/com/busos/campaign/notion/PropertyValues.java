package com.busos.campaign.notion;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Builds a page's {@code properties} object in the shapes Notion accepts, within Notion's limits:
 * at most 2,000 characters per rich-text object and 100 objects per array.
 */
public final class PropertyValues {
    public static final int MAX_TEXT_CONTENT = 2000;
    public static final int MAX_ARRAY = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectNode properties = NODES.objectNode();

    public PropertyValues title(String name, String text) {
        properties.set(name, NODES.objectNode().set("title", segments(text)));
        return this;
    }

    /** A single rich-text value, cut to 2,000 characters without splitting a surrogate pair. */
    public PropertyValues richText(String name, String text) {
        ArrayNode array = NODES.arrayNode();
        array.add(textObject(truncate(text, MAX_TEXT_CONTENT)));
        properties.set(name, NODES.objectNode().set("rich_text", array));
        return this;
    }

    /** A long rich-text value kept whole: split across as many 2,000-character objects as it needs. */
    public PropertyValues richTextSegments(String name, String text) {
        properties.set(name, NODES.objectNode().set("rich_text", segments(text)));
        return this;
    }

    public PropertyValues email(String name, String address) {
        properties.set(name, NODES.objectNode().put("email", address));
        return this;
    }

    public PropertyValues number(String name, Number value) {
        ObjectNode node = NODES.objectNode();
        if (value == null) node.putNull("number");
        else if (value instanceof Integer || value instanceof Long) node.put("number", value.longValue());
        else node.put("number", value.doubleValue());
        properties.set(name, node);
        return this;
    }

    public PropertyValues select(String name, String option) {
        properties.set(name, NODES.objectNode().set("select", NODES.objectNode().put("name", option)));
        return this;
    }

    public PropertyValues checkbox(String name, boolean checked) {
        properties.set(name, NODES.objectNode().put("checkbox", checked));
        return this;
    }

    /** A date-time, written in UTC with its offset ("…Z"), never as naive local time. */
    public PropertyValues date(String name, Instant instant) {
        return dateText(name, instant.toString());
    }

    /** A date given as text by the caller (e.g. a payment date), written as the date's start. */
    public PropertyValues dateText(String name, String isoDate) {
        properties.set(name, NODES.objectNode().set("date", NODES.objectNode().put("start", isoDate)));
        return this;
    }

    public ObjectNode build() {
        return properties.deepCopy();
    }

    private static ArrayNode segments(String text) {
        ArrayNode array = NODES.arrayNode();
        String rest = text == null ? "" : text;
        while (!rest.isEmpty() && array.size() < MAX_ARRAY) {
            String piece = truncate(rest, MAX_TEXT_CONTENT);
            array.add(textObject(piece));
            rest = rest.substring(piece.length());
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "text longer than Notion allows in one property (" + MAX_ARRAY * MAX_TEXT_CONTENT + " characters)");
        }
        if (array.isEmpty()) array.add(textObject(""));
        return array;
    }

    private static ObjectNode textObject(String content) {
        return NODES.objectNode().set("text", NODES.objectNode().put("content", content));
    }

    /** The first {@code max} characters, one fewer if the cut would split a surrogate pair. */
    public static String truncate(String text, int max) {
        if (text == null) return "";
        if (text.length() <= max) return text;
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
