package com.busos.campaign.notion;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The query filters the campaign uses, in Notion's shapes. */
public final class Filters {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Filters() {}

    /** {@code {"property": <name>, "email": {"equals": <address>}}} */
    public static ObjectNode emailEquals(String property, String address) {
        ObjectNode filter = NODES.objectNode().put("property", property);
        filter.set("email", NODES.objectNode().put("equals", address));
        return filter;
    }

    /** {@code {"property": <name>, "title": {"equals": <text>}}} */
    public static ObjectNode titleEquals(String property, String text) {
        ObjectNode filter = NODES.objectNode().put("property", property);
        filter.set("title", NODES.objectNode().put("equals", text));
        return filter;
    }
}
