package com.busos.campaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SeasonTest {
    @Test
    void theDeadlineIsTheNextFifthOfDecember() {
        assertEquals(
                LocalDate.of(2026, 12, 5), Season.of(LocalDate.of(2026, 1, 1)).deadline());
        assertEquals(
                LocalDate.of(2026, 12, 5), Season.of(LocalDate.of(2026, 11, 28)).deadline());
        assertEquals(
                LocalDate.of(2026, 12, 5), Season.of(LocalDate.of(2026, 12, 5)).deadline(), "the day itself");
        assertEquals(
                LocalDate.of(2027, 12, 5), Season.of(LocalDate.of(2026, 12, 6)).deadline(), "the day after");
    }

    @Test
    void theCampaignIsNamedAfterTheDeadlinesYear() {
        assertEquals("Christmas 2026", Season.of(LocalDate.of(2026, 12, 2)).campaignName());
        assertEquals("Christmas 2027", Season.of(LocalDate.of(2026, 12, 24)).campaignName());
    }
}
