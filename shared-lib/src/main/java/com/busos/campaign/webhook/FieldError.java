package com.busos.campaign.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One violated field, in FastAPI's (pydantic's) shape: type, loc, msg, input and optional ctx. */
public final class FieldError {
    private final String type;
    private final String field;
    private final String message;
    private final JsonNode input;
    private final ObjectNode context;

    public FieldError(String type, String field, String message, JsonNode input, ObjectNode context) {
        this.type = type;
        this.field = field;
        this.message = message;
        this.input = input;
        this.context = context;
    }

    public String type() {
        return type;
    }

    /** The field's name, or null for an error about the whole body. */
    public String field() {
        return field;
    }

    public String message() {
        return message;
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        // "objections.1" → ["body", "objections", 1], as pydantic locates a list item.
        com.fasterxml.jackson.databind.node.ArrayNode loc =
                JsonNodeFactory.instance.arrayNode().add("body");
        if (field != null) {
            for (String part : field.split("\\.")) {
                if (part.matches("\\d+")) loc.add(Integer.parseInt(part));
                else loc.add(part);
            }
        }
        node.set("loc", loc);
        node.put("msg", message);
        node.set("input", input == null ? JsonNodeFactory.instance.nullNode() : input);
        if (context != null) node.set("ctx", context);
        return node;
    }
}
