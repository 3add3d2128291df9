package com.busos.campaign.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** §7.2: every variable of get_email_variables, its default and its rule. */
class TemplateVariablesTest {
    private static final LocalDate DEADLINE = LocalDate.of(2025, 12, 5);
    private static final Instant NOW = Instant.parse("2025-11-28T10:00:00Z");
    private static final Sequence FIVE_DAY = Sequences.get(Sequences.FIVE_DAY);

    private static final String TIP_GPS = "Map your customer journey from first contact to payment in a Google Doc";
    private static final String TIP_CREW =
            "Write down 3 tasks you do every day that someone else could do with a checklist";
    private static final String TIP_ENGINE = "List your top 3 services by profit margin (not revenue)";
    private static final String TIP_FUEL = "Track where your last 10 clients came from";
    private static final String TIP_CABIN = "Send a 'How are we doing?' text to 5 recent clients today";
    private static final String TIP_COCKPIT = "Check if you know your exact profit margin per service";
    private static final String TIP_RADAR = "Create a simple spreadsheet tracking daily bookings for 1 week";
    private static final String TIP_AUTOPILOT = "Identify 1 task you do manually that could be automated";

    private static Map<String, String> build(Map<String, String> fields) {
        return build(fields, NOW);
    }

    private static Map<String, String> build(Map<String, String> fields, Instant now) {
        return new TemplateVariables(DEADLINE, Clock.fixed(now, ZoneOffset.UTC)).build(fields, FIVE_DAY);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> fields = new HashMap<>();
        fields.put(key, value);
        return fields;
    }

    @Test
    void firstNameDefaultsToThere() {
        assertEquals("there", build(Map.of()).get("first_name"));
        assertEquals("there", build(with("first_name", null)).get("first_name"));
        assertEquals("Jane", build(with("first_name", "Jane")).get("first_name"));
    }

    @Test
    void businessNameDefaultsToYourBusiness() {
        assertEquals("your business", build(Map.of()).get("business_name"));
        assertEquals("Acme Salon", build(with("business_name", "Acme Salon")).get("business_name"));
    }

    @Test
    void scoresAreNotAvailableWhenMissing() {
        Map<String, String> vars = build(Map.of());
        assertEquals("N/A", vars.get("overall_score"));
        assertEquals("N/A", vars.get("assessment_score"));
    }

    @Test
    void scoresAreTheAssessmentScoreAsText() {
        Map<String, String> vars = build(with("assessment_score", "42"));
        assertEquals("42", vars.get("overall_score"));
        assertEquals("42", vars.get("assessment_score"));
        assertEquals("0", build(with("assessment_score", "0")).get("overall_score"), "a score of 0 is a score");
    }

    @Test
    void segmentDefaultsToOptimize() {
        assertEquals("OPTIMIZE", build(Map.of()).get("segment"));
        assertEquals("OPTIMIZE", build(with("segment", "")).get("segment"));
        assertEquals("CRITICAL", build(with("segment", "CRITICAL")).get("segment"));
    }

    @ParameterizedTest
    @CsvSource({"CRITICAL, Crisis Zone", "URGENT, Warning Zone", "OPTIMIZE, Growth Zone", "SOMETHING, Growth Zone"})
    void readinessZoneFollowsTheSegment(String segment, String zone) {
        assertEquals(zone, build(with("segment", segment)).get("readiness_zone"));
    }

    @Test
    void readinessZoneOfTheDefaultSegmentIsGrowth() {
        assertEquals("Growth Zone", build(Map.of()).get("readiness_zone"));
    }

    @Test
    void systemsDefaultToGpsFuelAndCabinWithTheirCamelCaseCopies() {
        assertSystems(build(Map.of()), "GPS", "FUEL", "CABIN");
    }

    @Test
    void emptySystemNamesTakeTheDefaults() {
        Map<String, String> fields = new HashMap<>();
        fields.put("weakest_system_1", "");
        fields.put("weakest_system_2", "");
        fields.put("strongest_system", "");
        assertSystems(build(fields), "GPS", "FUEL", "CABIN");
    }

    @Test
    void givenSystemNamesAreCopiedToTheCamelCaseVariables() {
        assertSystems(
                build(Map.of(
                        "weakest_system_1", "Money", "weakest_system_2", "Team & Hiring", "strongest_system", "Radar")),
                "Money",
                "Team & Hiring",
                "Radar");
    }

    /** The three systems' variables, each also in its camel-case copy. */
    private static void assertSystems(Map<String, String> vars, String weakest1, String weakest2, String strongest) {
        assertEquals(weakest1, vars.get("weakest_system_1"));
        assertEquals(weakest2, vars.get("weakest_system_2"));
        assertEquals(strongest, vars.get("strongest_system"));
        assertEquals(weakest1, vars.get("WeakestSystem1"));
        assertEquals(weakest2, vars.get("WeakestSystem2"));
        assertEquals(strongest, vars.get("StrongestSystem"));
    }

    @Test
    void revenueLeakTotalIsZeroWhenMissing() {
        assertEquals("0", build(Map.of()).get("revenue_leak_total"));
        assertEquals("0", build(with("revenue_leak_total", null)).get("revenue_leak_total"));
        assertEquals("14500", build(with("revenue_leak_total", "14500")).get("revenue_leak_total"));
    }

    @ParameterizedTest(name = "{0} -> {1}K")
    @CsvSource({
        "14500, 14",
        "15500, 16",
        "14700, 15",
        "0, 0",
        "500, 0",
        "1500, 2",
        "2500, 2",
        "999, 1",
        "400, 0",
        "120000, 120"
    })
    void revenueLeakInThousandsRoundsHalfToEven(String leak, String thousands) {
        assertEquals(thousands, build(with("revenue_leak_total", leak)).get("TotalRevenueLeak_K"));
    }

    @Test
    void revenueLeakInThousandsIsZeroWhenMissing() {
        assertEquals("0", build(Map.of()).get("TotalRevenueLeak_K"));
    }

    @ParameterizedTest(name = "at {0}: {1} days")
    @CsvSource({
        "2025-11-28T10:00:00Z, 6",
        "2025-11-05T00:00:00Z, 30",
        "2025-12-03T00:00:00Z, 2",
        "2025-12-03T00:00:01Z, 1",
        "2025-12-04T23:59:59Z, 0",
        "2025-12-05T00:00:00Z, 0",
        "2025-12-05T00:00:01Z, 0",
        "2026-03-01T12:00:00Z, 0",
    })
    void daysToDeadlineAreWholeDaysFlooredAndNeverNegative(String now, String days) {
        assertEquals(days, build(Map.of(), Instant.parse(now)).get("days_to_deadline"));
    }

    @Test
    void deadlineDateIsWrittenOut() {
        assertEquals("December 5, 2025", build(Map.of()).get("deadline_date"));
        assertEquals(
                "January 15, 2026",
                new TemplateVariables(LocalDate.of(2026, 1, 15), Clock.fixed(NOW, ZoneOffset.UTC))
                        .build(Map.of(), FIVE_DAY)
                        .get("deadline_date"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "GPS | " + TIP_GPS,
                "crew | " + TIP_CREW,
                "Engine room | " + TIP_ENGINE,
                "FUEL | " + TIP_FUEL,
                "Cabin | " + TIP_CABIN,
                "cockpit | " + TIP_COCKPIT,
                "RADAR | " + TIP_RADAR,
                "Autopilot | " + TIP_AUTOPILOT,
                "Fuel & Engine | " + TIP_ENGINE,
                "Crew GPS | " + TIP_GPS,
                "Autopilot Radar | " + TIP_RADAR,
            })
    void tipsMatchTheFirstSystemKeyFoundAsASubstring(String system, String tip) {
        Map<String, String> vars = build(Map.of("weakest_system_1", system, "weakest_system_2", system));
        assertEquals(tip, vars.get("personalized_tip_1"));
        assertEquals(tip, vars.get("personalized_tip_2"));
    }

    @Test
    void tipsDefaultToGpsForTheFirstAndCrewForTheSecond() {
        Map<String, String> vars = build(Map.of());
        assertEquals(TIP_GPS, vars.get("personalized_tip_1"));
        assertEquals(
                TIP_CREW,
                vars.get("personalized_tip_2"),
                "tip 2 defaults to CREW although weakest_system_2 reads FUEL");
        assertEquals("FUEL", vars.get("weakest_system_2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Money", "Team & Hiring", ""})
    void systemsMatchingNoKeyTakeTheDefaultTips(String system) {
        Map<String, String> vars = build(Map.of("weakest_system_1", system, "weakest_system_2", system));
        assertEquals(TIP_GPS, vars.get("personalized_tip_1"));
        assertEquals(TIP_CREW, vars.get("personalized_tip_2"));
    }

    @Test
    void thirdTipIsFixed() {
        assertEquals(
                "Block 2 hours this weekend to plan your December capacity.",
                build(Map.of("weakest_system_1", "Radar")).get("personalized_tip_3"));
    }

    @Test
    void staticLinksAndCounts() {
        Map<String, String> vars = build(Map.of());
        assertEquals("https://cal.com/sangletech/discovery-call", vars.get("calendly_link"));
        assertEquals(
                "https://sangletech.com/en/flows/businessX/dfu/xmas-a01/assessment", vars.get("pdf_download_link"));
        assertEquals("12", vars.get("spots_remaining"));
        assertEquals("18", vars.get("bookings_count"));
    }

    @Test
    void systemCountsDefaultToZero() {
        Map<String, String> vars = build(Map.of());
        for (String count : List.of("red_systems", "orange_systems", "yellow_systems", "green_systems")) {
            assertEquals("0", vars.get(count), count);
        }
        Map<String, String> given =
                build(Map.of("red_systems", "2", "orange_systems", "1", "yellow_systems", "3", "green_systems", "2"));
        assertEquals("2", given.get("red_systems"));
        assertEquals("1", given.get("orange_systems"));
        assertEquals("3", given.get("yellow_systems"));
        assertEquals("2", given.get("green_systems"));
    }

    @Test
    void weakestSystemIsTheFirstWeakestSystem() {
        assertEquals("GPS", build(Map.of()).get("weakest_system"));
        assertEquals("Money", build(with("weakest_system_1", "Money")).get("weakest_system"));
    }

    @Test
    void gpsAndMoneyScoresProduceNoVariables() {
        Map<String, String> vars = build(Map.of("gps_score", "40", "money_score", "55"));
        assertFalse(vars.containsKey("gps_score"));
        assertFalse(vars.containsKey("money_score"));
    }

    @Test
    void commonListsExactlyTheKeysBuiltForTheFiveDaySequence() {
        Set<String> built = build(Map.of()).keySet();
        assertEquals(
                TemplateVariables.COMMON.size(),
                Set.copyOf(TemplateVariables.COMMON).size(),
                "no duplicates");
        assertEquals(Set.copyOf(TemplateVariables.COMMON), built);
        assertEquals(28, built.size());
    }

    @Test
    void everySequenceAddsItsOwnVariablesEmptyWhenNotGiven() {
        TemplateVariables variables = new TemplateVariables(DEADLINE, Clock.fixed(NOW, ZoneOffset.UTC));
        for (Sequence sequence : Sequences.all()) {
            Map<String, String> vars = variables.build(Map.of(), sequence);
            Set<String> expected = new LinkedHashSet<>(TemplateVariables.COMMON);
            expected.addAll(sequence.variables());
            assertEquals(expected, vars.keySet(), sequence.key());
            for (String name : sequence.variables()) assertEquals("", vars.get(name), sequence.key() + " " + name);
        }
    }

    @Test
    void sequenceVariablesCarryTheGivenValues() {
        Sequence noshow = Sequences.get(Sequences.NOSHOW);
        assertEquals(
                List.of("calendly_event_uri", "scheduled_time", "event_type", "reschedule_url"), noshow.variables());
        Map<String, String> fields = new HashMap<>();
        fields.put("reschedule_url", "https://example.com/reschedule/abc");
        fields.put("event_type", null);
        Map<String, String> vars =
                new TemplateVariables(DEADLINE, Clock.fixed(NOW, ZoneOffset.UTC)).build(fields, noshow);
        assertEquals("https://example.com/reschedule/abc", vars.get("reschedule_url"));
        assertEquals("", vars.get("event_type"));
        assertEquals("", vars.get("scheduled_time"));
    }
}
