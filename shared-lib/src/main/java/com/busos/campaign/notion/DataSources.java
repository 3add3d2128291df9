package com.busos.campaign.notion;

import com.busos.campaign.deadline.KeyedLocks;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data source each database's pages are in (API 2025-09-03: a database is a container of data
 * sources), found from the database's {@code data_sources} at first use and kept for the client's
 * life. One source is used as it is; of several, the one the configuration chose. A failure is not
 * kept: the next use asks Notion again.
 */
final class DataSources {
    private final Function<String, JsonNode> readDatabase;
    private final DataSourceChoices choices;
    private final ConcurrentMap<String, DataSource> resolved = new ConcurrentHashMap<>();
    private final KeyedLocks lookups = new KeyedLocks();

    /** @param readDatabase {@code GET /v1/databases/{id}} */
    DataSources(Function<String, JsonNode> readDatabase, DataSourceChoices choices) {
        this.readDatabase = readDatabase;
        this.choices = choices;
    }

    DataSource of(String databaseId) {
        DataSource known = resolved.get(databaseId);
        if (known != null) return known;
        DataSourceChoices.Choice choice = choices.of(databaseId);
        if (choice.conflict != null) throw conflict(databaseId, choice);
        // One lookup per database at a time: the requests of a cold instance wait for the first.
        return lookups.underLock(databaseId, "the data source of " + databaseId, () -> {
            DataSource meanwhile = resolved.get(databaseId);
            if (meanwhile != null) return meanwhile;
            DataSource found = choose(databaseId, choice, listed(readDatabase.apply(databaseId)));
            resolved.put(databaseId, found);
            return found;
        });
    }

    /** The database's {@code data_sources}, or empty when it has none (or Notion left them out). */
    private static List<DataSource> listed(JsonNode database) {
        List<DataSource> sources = new ArrayList<>();
        for (JsonNode source : database.path("data_sources")) {
            String id = source.path("id").asText("");
            if (!id.isEmpty())
                sources.add(new DataSource(id, source.path("name").asText("")));
        }
        return sources;
    }

    private static DataSource choose(String databaseId, DataSourceChoices.Choice choice, List<DataSource> sources) {
        String database = "the Notion database " + databaseId + " (" + choice.databaseSetting + ")";
        if (choice.chosen.isPresent()) {
            String chosen = choice.chosen.get();
            Optional<DataSource> match =
                    sources.stream().filter(source -> source.hasId(chosen)).findFirst();
            if (match.isPresent()) return match.get();
            throw new DataSourceConfigurationException(
                    "invalid configuration: " + choice.dataSourceSetting + " is " + chosen
                            + ", which is not a data source of " + database + "; its data sources: "
                            + (sources.isEmpty() ? "none" : list(sources)),
                    "invalid configuration: " + choice.dataSourceSetting
                            + " names no data source of its Notion database");
        }
        if (sources.size() == 1) return sources.get(0);
        if (sources.isEmpty()) {
            // A database answered without data_sources: the integration cannot read its content.
            throw new DataSourceConfigurationException(
                    "invalid configuration: " + database + " lists no data source the integration can use"
                            + " (it needs the \"Read content\" capability)",
                    "invalid configuration: the Notion database of " + choice.databaseSetting
                            + " lists no data source");
        }
        throw new DataSourceConfigurationException(
                "missing configuration: " + choice.dataSourceSetting + ": " + database + " has " + sources.size()
                        + " data sources, " + list(sources) + "; set " + choice.dataSourceSetting
                        + " to the id of the one the campaign uses",
                "missing configuration: " + choice.dataSourceSetting
                        + " (its Notion database has several data sources: set it to the one to use)");
    }

    private static DataSourceConfigurationException conflict(String databaseId, DataSourceChoices.Choice choice) {
        return new DataSourceConfigurationException(
                "invalid configuration: " + choice.conflict + " configure the same Notion database " + databaseId
                        + " but do not choose the same data source; the campaign uses one data source per database,"
                        + " so give them the same value, or give each setting its own database",
                "invalid configuration: " + choice.conflict + " choose different data sources of one Notion database");
    }

    private static String list(List<DataSource> sources) {
        return sources.stream().map(DataSource::toString).collect(Collectors.joining(", "));
    }
}
