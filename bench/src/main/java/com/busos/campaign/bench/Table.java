package com.busos.campaign.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table, and the number formats every benchmark uses. */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = Arrays.asList(headers);
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells)
            row.add(cell == null ? "" : String.valueOf(cell).replace("|", "\\|"));
        rows.add(row);
        return this;
    }

    int size() {
        return rows.size();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (String header : headers) out.append(isNumeric(header) ? "---:|" : "---|");
        out.append('\n');
        for (List<String> row : rows)
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        return out.toString();
    }

    /** Columns whose header names a figure are right-aligned. */
    private boolean isNumeric(String header) {
        int column = headers.indexOf(header);
        return !rows.isEmpty()
                && rows.stream()
                        .allMatch(r -> r.get(column).isEmpty()
                                || Character.isDigit(r.get(column).charAt(0))
                                || r.get(column).startsWith("−")
                                || r.get(column).startsWith("-"));
    }

    // ---- formats ----

    /** 12,345 (no decimals) or 12.3 / 1.23 for small values. */
    static String num(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return "n/a";
        double abs = Math.abs(value);
        if (abs >= 100) return String.format(Locale.ROOT, "%,.0f", value);
        if (abs >= 10) return String.format(Locale.ROOT, "%.1f", value);
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) return "n/a";
        if (millis >= 100) return String.format(Locale.ROOT, "%,.0f", millis);
        if (millis >= 10) return String.format(Locale.ROOT, "%.1f", millis);
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    /** 1.23× */
    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return "n/a";
        if (value >= 10) return String.format(Locale.ROOT, "%.1f×", value);
        return String.format(Locale.ROOT, "%.2f×", value);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f", kib / 1024.0);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }
}
