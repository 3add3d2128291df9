package com.busos.campaign.suppression;

import java.util.Optional;

/**
 * The port the suppression list is kept behind: one stored value per normalised address. The adapter
 * ({@code redis.RedisSuppressionStore}) answers {@link com.busos.campaign.schedule.ScheduleUnavailableException}
 * when its store cannot be used.
 */
public interface SuppressionStore {
    /** Stores the value unless the address has one; true when it was stored. */
    boolean putIfAbsent(String address, String value);

    boolean contains(String address);

    Optional<String> get(String address);

    long count();
}
