package com.busos.campaign.console;

import java.time.LocalDate;
import java.util.Map;

/**
 * The counters the console's overview and chart show that the schedule itself does not hold: emails
 * delivered per UTC day and leads enrolled per sequence. Kept by the schedule's counters in Redis
 * ({@code schedule.Schedule#deliveredPerDay}, {@code #enrolledPerSequence}); the console only reads them.
 */
public interface CampaignCounts {
    /** Emails (not CRM jobs) delivered each UTC day from {@code fromInclusive} to {@code toInclusive}; a day without any may be missing. */
    Map<LocalDate, Long> deliveredPerDay(LocalDate fromInclusive, LocalDate toInclusive);

    /** Leads enrolled per sequence key ("5day" → count). */
    Map<String, Long> enrolledPerSequence();

    /** False when no counters are kept (the pages then say so instead of showing zeros). */
    default boolean available() {
        return true;
    }

    /** No counters: every page says "not counted". */
    static CampaignCounts unavailable() {
        return new CampaignCounts() {
            @Override
            public Map<LocalDate, Long> deliveredPerDay(LocalDate fromInclusive, LocalDate toInclusive) {
                return Map.of();
            }

            @Override
            public Map<String, Long> enrolledPerSequence() {
                return Map.of();
            }

            @Override
            public boolean available() {
                return false;
            }
        };
    }
}
