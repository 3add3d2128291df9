package com.busos.campaign.notion;

import java.util.Locale;
import lombok.Getter;

/** One data source of a Notion database, as {@code GET /v1/databases/{id}} lists it: its id and name. */
@Getter
public final class DataSource {
    private final String id;
    private final String name;

    public DataSource(String id, String name) {
        this.id = id;
        this.name = name == null ? "" : name;
    }

    /** Whether {@code other} is this data source's id: Notion ids are the same with or without dashes. */
    public boolean hasId(String other) {
        return other != null && plain(id).equals(plain(other));
    }

    private static String plain(String id) {
        return id.replace("-", "").trim().toLowerCase(Locale.ROOT);
    }

    /** {@code <id> ("<name>")}, as errors list a database's data sources. */
    @Override
    public String toString() {
        return id + " (\"" + name + "\")";
    }
}
