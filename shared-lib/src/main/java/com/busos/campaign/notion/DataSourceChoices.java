package com.busos.campaign.notion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * For each database, the data source the operator chose, if any, and the names of the settings that
 * configure them, for the errors when a choice is needed. The wiring fills it from the configuration;
 * the client only reads it.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class DataSourceChoices {
    public static final DataSourceChoices NONE = new DataSourceChoices(Map.of());

    private final Map<String, Choice> byDatabase;

    /**
     * With the choice for {@code databaseId}: set in {@code dataSourceSetting}, or {@code chosen} empty.
     * Two settings for one database that do not choose alike (different data sources, or one chosen and
     * the other not) are kept as a conflict, raised when the database is first used.
     */
    public DataSourceChoices with(
            String databaseId, String databaseSetting, String dataSourceSetting, Optional<String> chosen) {
        Map<String, Choice> copy = new LinkedHashMap<>(byDatabase);
        Choice added = new Choice(databaseSetting, dataSourceSetting, chosen, null);
        copy.merge(databaseId, added, Choice::merge);
        return new DataSourceChoices(copy);
    }

    /** The choice for {@code databaseId}; none made, with generic names, for a database not configured. */
    Choice of(String databaseId) {
        return byDatabase.getOrDefault(
                databaseId, new Choice("its database setting", "a data source setting", Optional.empty(), null));
    }

    /** One database's choice. */
    @RequiredArgsConstructor(access = AccessLevel.PRIVATE)
    static final class Choice {
        final String databaseSetting;
        final String dataSourceSetting;
        final Optional<String> chosen;
        /** The settings that choose differently for this one database, or null. */
        final String conflict;

        private Choice merge(Choice other) {
            boolean alike = chosen.isEmpty()
                    ? other.chosen.isEmpty()
                    : new DataSource(chosen.get(), "").hasId(other.chosen.orElse(null));
            if (conflict != null || alike) return this;
            return new Choice(
                    databaseSetting, dataSourceSetting, chosen, dataSourceSetting + " and " + other.dataSourceSetting);
        }
    }
}
