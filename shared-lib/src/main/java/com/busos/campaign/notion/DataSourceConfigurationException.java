package com.busos.campaign.notion;

import lombok.Getter;

/**
 * The configuration does not say which of a database's data sources to use, or names one the database
 * does not have. No retry mends it, and it is nothing the request that met it did wrong. The message
 * is for the operator (it lists the database's data sources, ids and names); {@link #summary()} names
 * only the setting, for answers to callers.
 */
@Getter
public final class DataSourceConfigurationException extends RuntimeException {
    /** What is wrong, naming the setting but no database, data source or value. */
    private final String summary;

    DataSourceConfigurationException(String message, String summary) {
        super(message);
        this.summary = summary;
    }
}
