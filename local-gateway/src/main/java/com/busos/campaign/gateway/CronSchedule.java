package com.busos.campaign.gateway;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * A {@code schedule} annotation as the cron-connector reads it (robfig/cron v3 with minute, hour,
 * day-of-month, month, day-of-week and descriptors; no seconds field), evaluated in UTC like the
 * connector's container: 5-field expressions ({@code *}, {@code ?}, numbers, names, ranges, lists,
 * {@code /step}), {@code @yearly @annually @monthly @weekly @daily @midnight @hourly} and
 * {@code @every <Go duration>}.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
@Getter
public abstract class CronSchedule {

    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final String[] MONTHS = {
        "", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private final String expression;

    /** The first run strictly after {@code after}, or null when there is none. */
    public abstract ZonedDateTime next(ZonedDateTime after);

    @Override
    public String toString() {
        return expression;
    }

    /** @throws IllegalArgumentException when the connector would not accept the schedule */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty schedule");
        }
        String trimmed = expression.trim();
        if (trimmed.startsWith("@every ")) {
            return new Every(
                    trimmed,
                    parseGoDuration(trimmed.substring("@every ".length()).trim()));
        }
        if (trimmed.startsWith("@")) {
            String fields = DESCRIPTORS.get(trimmed.toLowerCase(Locale.ROOT));
            if (fields == null) {
                throw new IllegalArgumentException("unknown descriptor " + trimmed);
            }
            return Fields.parse(trimmed, fields);
        }
        return Fields.parse(trimmed, trimmed);
    }

    /** Go's time.ParseDuration for non-negative values: {@code 1m}, {@code 1h30m}, {@code 1.5s}, {@code 500ms}. */
    public static Duration parseGoDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        int position = 0;
        double nanos = 0;
        while (position < text.length()) {
            if (!m.find(position) || m.start() != position) {
                throw new IllegalArgumentException("invalid duration " + text);
            }
            double value = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ns":
                    nanos += value;
                    break;
                case "us":
                case "µs":
                case "μs":
                    nanos += value * 1e3;
                    break;
                case "ms":
                    nanos += value * 1e6;
                    break;
                case "s":
                    nanos += value * 1e9;
                    break;
                case "m":
                    nanos += value * 60e9;
                    break;
                default:
                    nanos += value * 3600e9;
                    break;
            }
            position = m.end();
        }
        return Duration.ofNanos((long) nanos);
    }

    /** {@code @every d}: every d (at least 1 s, whole seconds) from the time the schedule starts. */
    @Getter(AccessLevel.PACKAGE)
    static final class Every extends CronSchedule {
        private final Duration period;

        Every(String expression, Duration duration) {
            super(expression);
            Duration whole = Duration.ofSeconds(duration.getSeconds());
            this.period = whole.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : whole;
        }

        @Override
        public ZonedDateTime next(ZonedDateTime after) {
            return after.withNano(0).plus(period);
        }
    }

    /** A five-field expression. */
    static final class Fields extends CronSchedule {
        private final BitSet minutes;
        private final BitSet hours;
        private final BitSet daysOfMonth;
        private final BitSet months;
        private final BitSet daysOfWeek;
        private final boolean domStar;
        private final boolean dowStar;

        private Fields(
                String expression,
                BitSet minutes,
                BitSet hours,
                BitSet daysOfMonth,
                BitSet months,
                BitSet daysOfWeek,
                boolean domStar,
                boolean dowStar) {
            super(expression);
            this.minutes = minutes;
            this.hours = hours;
            this.daysOfMonth = daysOfMonth;
            this.months = months;
            this.daysOfWeek = daysOfWeek;
            this.domStar = domStar;
            this.dowStar = dowStar;
        }

        static Fields parse(String expression, String fields) {
            String[] parts = fields.trim().split("\\s+");
            if (parts.length != 5) {
                throw new IllegalArgumentException(
                        "expected 5 fields (minute hour day-of-month month day-of-week), got " + parts.length + " in '"
                                + expression + "'");
            }
            return new Fields(
                    expression,
                    field(parts[0], 0, 59, null),
                    field(parts[1], 0, 23, null),
                    field(parts[2], 1, 31, null),
                    field(parts[3], 1, 12, MONTHS),
                    field(parts[4], 0, 6, DAYS),
                    isStar(parts[2]),
                    isStar(parts[4]));
        }

        private static boolean isStar(String field) {
            return field.startsWith("*") || field.startsWith("?");
        }

        private static BitSet field(String text, int min, int max, String[] names) {
            BitSet bits = new BitSet(max + 1);
            for (String range : text.split(",", -1)) {
                String[] stepParts = range.split("/", -1);
                if (stepParts.length > 2) {
                    throw new IllegalArgumentException("invalid range " + range);
                }
                int start;
                int end;
                if (stepParts[0].equals("*") || stepParts[0].equals("?")) {
                    start = min;
                    end = max;
                } else {
                    String[] bounds = stepParts[0].split("-", -1);
                    if (bounds.length > 2) {
                        throw new IllegalArgumentException("invalid range " + range);
                    }
                    start = value(bounds[0], names);
                    end = bounds.length == 2 ? value(bounds[1], names) : (stepParts.length == 2 ? max : start);
                }
                int step = 1;
                if (stepParts.length == 2) {
                    step = Integer.parseInt(stepParts[1]);
                    if (step <= 0) {
                        throw new IllegalArgumentException("step must be positive in " + range);
                    }
                }
                if (start < min || end > max || start > end) {
                    throw new IllegalArgumentException(range + " is outside " + min + "-" + max);
                }
                for (int i = start; i <= end; i += step) {
                    bits.set(i);
                }
            }
            return bits;
        }

        private static int value(String text, String[] names) {
            if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (!names[i].isEmpty() && names[i].equalsIgnoreCase(text)) {
                        return i;
                    }
                }
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value '" + text + "'");
            }
        }

        private boolean dayMatches(ZonedDateTime t) {
            boolean dom = daysOfMonth.get(t.getDayOfMonth());
            boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
            // robfig/cron: when either field is a star both must match, otherwise either may.
            return domStar || dowStar ? dom && dow : dom || dow;
        }

        @Override
        public ZonedDateTime next(ZonedDateTime after) {
            ZonedDateTime t = after.withZoneSameInstant(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.MINUTES)
                    .plusMinutes(1);
            ZonedDateTime limit = t.plusYears(5);
            while (t.isBefore(limit)) {
                if (!months.get(t.getMonthValue())) {
                    t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                } else if (!dayMatches(t)) {
                    t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                } else if (!hours.get(t.getHour())) {
                    t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                } else if (!minutes.get(t.getMinute())) {
                    t = t.plusMinutes(1);
                } else {
                    return t;
                }
            }
            return null;
        }
    }
}
