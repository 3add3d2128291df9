package com.busos.campaign.console;

import static com.busos.campaign.html.Html.escape;

import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** The emails-per-day chart: one bar per UTC day, drawn on the server as inline SVG (no script). */
final class SvgChart {
    /** One day's bar: its label (the date), its count, and whether it is delivered (behind) or scheduled (ahead). */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    static final class Bar {
        final String label;
        final long value;
        final boolean delivered;
    }

    private static final int BAR = 28;
    private static final int GAP = 6;
    private static final int HEIGHT = 160;
    private static final int TOP = 16;
    private static final int BOTTOM = 42;

    private SvgChart() {}

    static String bars(List<Bar> bars, String title) {
        long max = 1;
        for (Bar bar : bars) max = Math.max(max, bar.value);
        int width = Math.max(1, bars.size()) * (BAR + GAP) + GAP;
        int total = TOP + HEIGHT + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart\" role=\"img\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(total)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(total)
                .append("\"><title>")
                .append(escape(title))
                .append("</title>");
        int x = GAP;
        for (Bar bar : bars) {
            int h = (int) Math.round((double) bar.value * HEIGHT / max);
            int y = TOP + HEIGHT - h;
            String kind = bar.delivered ? "delivered" : "scheduled";
            svg.append("<g class=\"day\" data-date=\"")
                    .append(escape(bar.label))
                    .append("\" data-kind=\"")
                    .append(kind)
                    .append("\" data-value=\"")
                    .append(bar.value)
                    .append("\">");
            svg.append("<rect class=\"")
                    .append(kind)
                    .append("\" x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(BAR)
                    .append("\" height=\"")
                    .append(h)
                    .append("\"><title>")
                    .append(escape(bar.label + ": " + bar.value + " " + kind))
                    .append("</title></rect>");
            svg.append("<text x=\"")
                    .append(x + BAR / 2)
                    .append("\" y=\"")
                    .append(y - 3)
                    .append("\" text-anchor=\"middle\">")
                    .append(bar.value)
                    .append("</text>");
            String day = bar.label.length() >= 10 ? bar.label.substring(5) : bar.label;
            svg.append("<text x=\"")
                    .append(x + BAR / 2)
                    .append("\" y=\"")
                    .append(TOP + HEIGHT + 14)
                    .append("\" text-anchor=\"middle\">")
                    .append(escape(day))
                    .append("</text></g>");
            x += BAR + GAP;
        }
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"")
                .append(TOP + HEIGHT)
                .append("\" x2=\"")
                .append(width)
                .append("\" y2=\"")
                .append(TOP + HEIGHT)
                .append("\"/>");
        svg.append("<text x=\"")
                .append(GAP)
                .append("\" y=\"")
                .append(total - 6)
                .append("\">")
                .append("blue: delivered (UTC days behind) · amber: scheduled (days ahead)</text></svg>");
        return svg.toString();
    }
}
