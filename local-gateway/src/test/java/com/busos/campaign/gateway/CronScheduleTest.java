package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static ZonedDateTime utc(String text) {
        return ZonedDateTime.parse(text + "Z").withZoneSameInstant(ZoneOffset.UTC);
    }

    private static ZonedDateTime next(String expression, String after) {
        return CronSchedule.parse(expression).next(utc(after));
    }

    @Test
    void everyMinuteFiresAtTheNextMinuteBoundary() {
        assertEquals(utc("2025-12-01T10:16:00"), next("* * * * *", "2025-12-01T10:15:00"));
        assertEquals(utc("2025-12-01T10:16:00"), next("* * * * *", "2025-12-01T10:15:59.999"));
        assertEquals(utc("2026-01-01T00:00:00"), next("* * * * *", "2025-12-31T23:59:30"));
    }

    @Test
    void stepsRangesListsAndNames() {
        assertEquals(utc("2025-12-01T10:30:00"), next("*/15 * * * *", "2025-12-01T10:15:00"));
        assertEquals(utc("2025-12-01T11:00:00"), next("*/15 * * * *", "2025-12-01T10:45:00"));
        assertEquals(utc("2025-12-01T10:20:00"), next("5,20,40 * * * *", "2025-12-01T10:05:00"));
        assertEquals(utc("2025-12-01T12:10:00"), next("10 12-14 * * *", "2025-12-01T10:05:00"));
        // 2025-12-06 is a Saturday: the next weekday 09:00 is Monday the 8th
        assertEquals(utc("2025-12-08T09:00:00"), next("0 9 * * MON-FRI", "2025-12-05T09:00:00"));
        assertEquals(utc("2026-01-01T00:00:00"), next("0 0 1 jan *", "2025-06-01T00:00:00"));
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // the 15th, or any Sunday: 2025-12-07 is a Sunday
        assertEquals(utc("2025-12-07T00:00:00"), next("0 0 15 * 0", "2025-12-01T00:00:00"));
        // with a star day-of-week, only the 15th
        assertEquals(utc("2025-12-15T00:00:00"), next("0 0 15 * *", "2025-12-01T00:00:00"));
    }

    @Test
    void descriptors() {
        assertEquals(utc("2025-12-01T11:00:00"), next("@hourly", "2025-12-01T10:15:00"));
        assertEquals(utc("2025-12-02T00:00:00"), next("@daily", "2025-12-01T10:15:00"));
        assertEquals(utc("2026-01-01T00:00:00"), next("@monthly", "2025-12-01T10:15:00"));
        assertEquals(utc("2025-12-07T00:00:00"), next("@weekly", "2025-12-01T10:15:00"));
    }

    @Test
    void everyGoDurationCountsFromTheStart() {
        assertEquals(utc("2025-12-01T10:16:30"), next("@every 1m30s", "2025-12-01T10:15:00.250"));
        assertEquals(utc("2025-12-01T10:15:01"), next("@every 200ms", "2025-12-01T10:15:00"), "at least one second");
        assertEquals(Duration.ofMinutes(90), CronSchedule.parseGoDuration("1.5h"));
        assertEquals(Duration.ofMillis(1500), CronSchedule.parseGoDuration("1s500ms"));
    }

    @Test
    void whatTheConnectorRejectsIsRejected() {
        for (String invalid : new String[] {
            "",
            "* * * *",
            "0 * * * * *",
            "61 * * * *",
            "@reboot",
            "*/0 * * * *",
            "@every",
            "@every 5x",
            "a b c d e",
            "0 0 30-2 * *"
        }) {
            assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(invalid), invalid);
        }
    }

    @Test
    void impossibleDatesHaveNoNextRun() {
        assertEquals(null, next("0 0 31 2 *", "2025-12-01T00:00:00"));
    }
}
