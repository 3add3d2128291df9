package com.busos.campaign.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** One violated field, in FastAPI's (pydantic's) shape: type, loc, msg, input and optional ctx. */
@RequiredArgsConstructor
public final class FieldError {
    @Getter
    private final String type;
    /** The field's name, or null for an error about the whole body. */
    @Getter
    private final String field;

    @Getter
    private final String message;

    private final JsonNode input;
    private final ObjectNode context;

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
