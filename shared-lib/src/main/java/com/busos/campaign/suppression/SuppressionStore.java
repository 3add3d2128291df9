package com.busos.campaign.suppression;

import java.util.List;
import java.util.Map;
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

    /** Removes the address's value; true when there was one. */
    boolean remove(String address);

    /**
     * One step through every stored value, from {@code cursor} ("0" to start): about {@code count}
     * entries (the store may give a few more, never more than {@link #MAX_PAGE}), and the cursor of the
     * next step ("0" when done). Entries added or removed meanwhile may or may not be seen.
     */
    Page page(String cursor, int count);

    /** The most entries one {@link #page} gives. */
    int MAX_PAGE = 1000;

    /** A step of {@link #page}: address → stored value, and the cursor of the next ("0": no more). */
    final class Page {
        private final List<Map.Entry<String, String>> entries;
        private final String next;

        public Page(List<Map.Entry<String, String>> entries, String next) {
            this.entries = List.copyOf(entries);
            this.next = next;
        }

        public List<Map.Entry<String, String>> entries() {
            return entries;
        }

        /** The cursor of the next step, "0" when this was the last. */
        public String next() {
            return next;
        }
    }
}
