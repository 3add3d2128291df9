package com.busos.campaign.entrypoint;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as of-watchdog reads its timeouts: plain integer seconds ({@code 30}) or a Go duration
 * ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 1.5h}, {@code 250us}), the syntax of Go's
 * {@code time.ParseDuration}. Unlike the watchdog, which silently falls back to its default on a value it
 * cannot parse, a bad value here is an error naming the setting: a deadline nobody notices is wrong
 * is worse than a process that does not start.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "\u00b5s",
            1_000L,
            "\u03bcs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {}

    /**
     * @param name the setting's name, for the error message
     * @throws IllegalArgumentException naming {@code name} when {@code raw} is not a duration or is negative
     */
    public static Duration parse(String name, String raw) {
        String value = raw == null ? "" : raw.trim();
        if (value.matches("\\d{1,18}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        if (value.startsWith("+")) {
            value = value.substring(1);
        }
        if (value.isEmpty() || value.startsWith("-")) {
            throw invalid(name, raw, value.startsWith("-") ? "must not be negative" : "is empty");
        }
        Matcher m = PART.matcher(value);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < value.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(name, raw, "is not a duration such as 30s, 1m30s, 500ms or a number of seconds");
            }
            nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw invalid(name, raw, "is too long");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static IllegalArgumentException invalid(String name, String raw, String why) {
        return new IllegalArgumentException(name + " " + why + ": '" + raw + "'");
    }
}
