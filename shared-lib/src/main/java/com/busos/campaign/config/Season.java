package com.busos.campaign.config;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * The Christmas season a date falls in: its deadline is the next 5 December on or after that day, and
 * its campaign is "Christmas &lt;the deadline's year&gt;". Where CAMPAIGN_DEADLINE and CAMPAIGN_NAME are
 * unset, every function, preview, tool and the outbox take them from here, so they all agree.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
@Getter
public final class Season {
    /** The day the campaign's offer ends, each year. */
    public static final int DEADLINE_MONTH = 12;

    public static final int DEADLINE_DAY = 5;

    private final LocalDate deadline;

    /** The season of {@code today}: this year's 5 December, or next year's once it has passed. */
    public static Season of(LocalDate today) {
        LocalDate thisYear = LocalDate.of(today.getYear(), DEADLINE_MONTH, DEADLINE_DAY);
        return new Season(today.isAfter(thisYear) ? thisYear.plusYears(1) : thisYear);
    }

    /** The season of today's UTC date on {@code clock}. */
    public static Season current(Clock clock) {
        return of(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /** The campaign's name for a deadline: "Christmas 2026" for 5 December 2026. */
    public static String campaignName(LocalDate deadline) {
        return "Christmas " + deadline.getYear();
    }

    public String campaignName() {
        return campaignName(deadline);
    }
}
