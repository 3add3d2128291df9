package com.busos.campaign.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** §5.2: the segment from red and orange counts only, with the original's own examples. */
class SegmentTest {

    @ParameterizedTest(name = "{0} red, {1} orange -> {2}")
    @CsvSource({
        "2, 0, CRITICAL", // 2R
        "3, 1, CRITICAL", // 3R1O
        "8, 8, CRITICAL",
        "1, 1, URGENT", // 1R1O
        "0, 2, URGENT", // 0R2O
        "0, 3, URGENT", // 0R3O
        "1, 0, URGENT",
        "0, 1, OPTIMIZE", // 0R1O
        "0, 0, OPTIMIZE", // all zeros, and all green (yellow/green are not inputs)
    })
    void classifiesByRedAndOrangeCounts(int red, int orange, Segment expected) {
        assertEquals(expected, Segment.classify(red, orange));
    }

    @Test
    void readinessZoneOfEachSegment() {
        assertEquals("Crisis Zone", Segment.readinessZone("CRITICAL"));
        assertEquals("Warning Zone", Segment.readinessZone("URGENT"));
        assertEquals("Growth Zone", Segment.readinessZone("OPTIMIZE"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "critical", "UNKNOWN", " URGENT"})
    void anythingElseReadsAsTheGrowthZone(String segment) {
        assertEquals("Growth Zone", Segment.readinessZone(segment));
    }
}
