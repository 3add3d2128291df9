package com.busos.campaign.sequence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lombok.RequiredArgsConstructor;

/**
 * The variables a template can use, built from the contact's fields at send time. The common set is
 * the original system's (its §7.2 rules, defaults and tip texts); each sequence adds its own fields.
 */
@RequiredArgsConstructor
public final class TemplateVariables {
    /** Every variable available to every sequence's templates. */
    public static final List<String> COMMON = List.of(
            "first_name",
            "business_name",
            "overall_score",
            "assessment_score",
            "segment",
            "readiness_zone",
            "weakest_system_1",
            "weakest_system_2",
            "strongest_system",
            "WeakestSystem1",
            "WeakestSystem2",
            "StrongestSystem",
            "revenue_leak_total",
            "TotalRevenueLeak_K",
            "days_to_deadline",
            "deadline_date",
            "personalized_tip_1",
            "personalized_tip_2",
            "personalized_tip_3",
            "calendly_link",
            "red_systems",
            "orange_systems",
            "yellow_systems",
            "green_systems",
            "pdf_download_link",
            "spots_remaining",
            "bookings_count",
            "weakest_system");

    static final String CALENDLY_LINK = "https://cal.com/sangletech/discovery-call";
    static final String PDF_DOWNLOAD_LINK = "https://sangletech.com/en/flows/businessX/dfu/xmas-a01/assessment";
    static final String TIP_3 = "Block 2 hours this weekend to plan your December capacity.";

    /** Tip per system, in the order names are matched (first key found as a substring wins). */
    private static final Map<String, String> TIPS = new LinkedHashMap<>();

    static {
        TIPS.put("GPS", "Map your customer journey from first contact to payment in a Google Doc");
        TIPS.put("CREW", "Write down 3 tasks you do every day that someone else could do with a checklist");
        TIPS.put("ENGINE", "List your top 3 services by profit margin (not revenue)");
        TIPS.put("FUEL", "Track where your last 10 clients came from");
        TIPS.put("CABIN", "Send a 'How are we doing?' text to 5 recent clients today");
        TIPS.put("COCKPIT", "Check if you know your exact profit margin per service");
        TIPS.put("RADAR", "Create a simple spreadsheet tracking daily bookings for 1 week");
        TIPS.put("AUTOPILOT", "Identify 1 task you do manually that could be automated");
    }

    private static final DateTimeFormatter DEADLINE_FORMAT = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

    private final LocalDate deadline;
    private final Clock clock;

    /** Today's UTC date on this clock (the day the variables are built for). */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    /**
     * The variables for one send. {@code fields} holds the contact's and the sequence's fields as
     * text (absent or null when not given); {@code sequence} names the sequence-specific ones to add.
     */
    public Map<String, String> build(Map<String, String> fields, Sequence sequence) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("first_name", orDefault(fields.get("first_name"), null, "there"));
        vars.put("business_name", orDefault(fields.get("business_name"), null, "your business"));
        String score = orDefault(fields.get("assessment_score"), "", "N/A");
        vars.put("overall_score", score);
        vars.put("assessment_score", score);
        String segment = orDefault(fields.get("segment"), "", "OPTIMIZE");
        vars.put("segment", segment);
        vars.put("readiness_zone", Segment.readinessZone(segment));
        String weakest1 = orDefault(fields.get("weakest_system_1"), "", "GPS");
        String weakest2 = orDefault(fields.get("weakest_system_2"), "", "FUEL");
        String strongest = orDefault(fields.get("strongest_system"), "", "CABIN");
        vars.put("weakest_system_1", weakest1);
        vars.put("weakest_system_2", weakest2);
        vars.put("strongest_system", strongest);
        vars.put("WeakestSystem1", weakest1);
        vars.put("WeakestSystem2", weakest2);
        vars.put("StrongestSystem", strongest);
        long leak = parseLong(fields.get("revenue_leak_total"));
        vars.put("revenue_leak_total", Long.toString(leak));
        vars.put("TotalRevenueLeak_K", thousandsHalfEven(leak));
        vars.put("days_to_deadline", Long.toString(daysToDeadline()));
        vars.put("deadline_date", DEADLINE_FORMAT.format(deadline));
        vars.put("personalized_tip_1", tip(fields.get("weakest_system_1"), "GPS"));
        vars.put("personalized_tip_2", tip(fields.get("weakest_system_2"), "CREW"));
        vars.put("personalized_tip_3", TIP_3);
        vars.put("calendly_link", CALENDLY_LINK);
        for (String count : List.of("red_systems", "orange_systems", "yellow_systems", "green_systems")) {
            vars.put(count, orDefault(fields.get(count), "", "0"));
        }
        vars.put("pdf_download_link", PDF_DOWNLOAD_LINK);
        vars.put("spots_remaining", "12");
        vars.put("bookings_count", "18");
        vars.put("weakest_system", weakest1);
        for (String name : sequence.variables()) {
            String value = fields.get(name);
            vars.put(name, value == null ? "" : value);
        }
        return vars;
    }

    /** Whole days (floored) from now until the deadline's midnight UTC; never negative. */
    long daysToDeadline() {
        Instant deadlineStart = deadline.atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration left = Duration.between(clock.instant(), deadlineStart);
        return Math.max(0, Math.floorDiv(left.getSeconds(), 86_400L));
    }

    /** round(leak / 1000) with Python's half-to-even rule: 14500 → 14, 15500 → 16, 14700 → 15. */
    static String thousandsHalfEven(long leak) {
        if (leak == 0) return "0";
        return BigDecimal.valueOf(leak)
                .divide(BigDecimal.valueOf(1000))
                .setScale(0, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    static String tip(String systemName, String defaultKey) {
        if (systemName != null) {
            String upper = systemName.toUpperCase(Locale.ROOT);
            for (Map.Entry<String, String> entry : TIPS.entrySet()) {
                if (upper.contains(entry.getKey())) return entry.getValue();
            }
        }
        return TIPS.get(defaultKey);
    }

    /** {@code value}, or {@code fallback} when it is null or equal to {@code emptyMeaning}. */
    private static String orDefault(String value, String emptyMeaning, String fallback) {
        if (value == null || value.equals(emptyMeaning)) return fallback;
        return value;
    }

    private static long parseLong(String value) {
        if (value == null || value.isEmpty()) return 0;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
