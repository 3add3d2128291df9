package com.busos.campaign.sandbox;

import com.busos.campaign.html.Html;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import lombok.RequiredArgsConstructor;

/**
 * The outbox as a web page (the local gateway's {@code /outbox}): first the emails still scheduled,
 * soonest first (due, recipient, sequence, email number, template), then one row per email written,
 * newest first, with its time, recipient, sequence, email number and subject, a link to the rendered
 * email and one to its .eml file. It reloads itself every 10 seconds, so emails move from the first
 * table to the second as the dispatcher sends them.
 */
public final class OutboxPage {
    public static final int REFRESH_SECONDS = 10;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private OutboxPage() {}

    /** At most this many scheduled emails are listed (the page says how many more there are). */
    public static final int UPCOMING_SHOWN = 50;

    /** An email still on the schedule. */
    @RequiredArgsConstructor
    public static final class Upcoming {
        final java.time.Instant due;
        final String to;
        final String sequence;
        final int emailNumber;
        final String template;
    }

    /** @param prefix the path the outbox files are served under, e.g. {@code /outbox/} */
    public static String render(List<OutboxEntry> entries, String prefix) {
        return render(entries, List.of(), 0, prefix);
    }

    /** Without the schedule ({@code why} it could not be read): the emails written only. */
    public static String render(List<OutboxEntry> entries, String prefix, String why) {
        return render(entries, null, 0, prefix, why);
    }

    /**
     * @param upcoming      the emails still scheduled, soonest first ({@link #UPCOMING_SHOWN} at most are shown)
     * @param upcomingTotal how many emails are scheduled in all
     * @param prefix        the path the outbox files are served under, e.g. {@code /outbox/}
     */
    public static String render(List<OutboxEntry> entries, List<Upcoming> upcoming, long upcomingTotal, String prefix) {
        return render(entries, upcoming, upcomingTotal, prefix, null);
    }

    private static String render(
            List<OutboxEntry> entries, List<Upcoming> upcoming, long upcomingTotal, String prefix, String why) {
        StringBuilder page = new StringBuilder(2048 + entries.size() * 400);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"")
                .append(REFRESH_SECONDS)
                .append("\">\n")
                .append("<title>Sandbox outbox (")
                .append(entries.size())
                .append(")</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4em .6em;"
                        + "border-bottom:1px solid #ddd;vertical-align:top}th{background:#f4f4f4}"
                        + "td.n{text-align:right}p.note{color:#666}</style>\n")
                .append("</head>\n<body>\n<h1>Sandbox outbox</h1>\n")
                .append("<p class=\"note\">")
                .append(entries.size())
                .append(entries.size() == 1 ? " email" : " emails")
                .append(", newest first. Nothing here was sent: in sandbox mode every email is written to the outbox"
                        + " folder. This page reloads every ")
                .append(REFRESH_SECONDS)
                .append(" seconds.</p>\n");
        if (upcoming == null) {
            page.append("<h2>Still scheduled</h2>\n<p class=\"note\">")
                    .append(Html.escape(why))
                    .append("</p>\n");
        } else if (upcoming.isEmpty()) {
            page.append("<h2>Still scheduled (0)</h2>\n");
            page.append("<p>Nothing is waiting to be sent.</p>\n");
        } else {
            page.append("<h2>Still scheduled (").append(upcomingTotal).append(")</h2>\n");
            page.append("<table>\n<thead><tr><th>Due (UTC)</th><th>To</th><th>Sequence</th><th>Email</th>"
                    + "<th>Template</th></tr></thead>\n<tbody>\n");
            for (Upcoming next : upcoming.subList(0, Math.min(UPCOMING_SHOWN, upcoming.size()))) {
                page.append("<tr class=\"scheduled\"><td>")
                        .append(TIME.format(next.due))
                        .append("</td><td>")
                        .append(Html.escape(next.to))
                        .append("</td><td>")
                        .append(Html.escape(next.sequence))
                        .append("</td><td class=\"n\">")
                        .append(next.emailNumber)
                        .append("</td><td>")
                        .append(Html.escape(next.template))
                        .append("</td></tr>\n");
            }
            page.append("</tbody>\n</table>\n");
            if (upcomingTotal > Math.min(UPCOMING_SHOWN, upcoming.size())) {
                page.append("<p class=\"note\">and ")
                        .append(upcomingTotal - Math.min(UPCOMING_SHOWN, upcoming.size()))
                        .append(" more.</p>\n");
            }
        }
        page.append("<h2>Written to the outbox (").append(entries.size()).append(")</h2>\n");
        if (entries.isEmpty()) {
            page.append("<p>No email yet. Post a signup, then wait for the dispatcher (every minute).</p>\n");
        } else {
            page.append("<table>\n<thead><tr><th>Time (UTC)</th><th>To</th><th>Sequence</th><th>Email</th>"
                    + "<th>Subject</th><th>Message</th></tr></thead>\n<tbody>\n");
            for (OutboxEntry entry : entries) {
                page.append("<tr class=\"email\">")
                        .append("<td>")
                        .append(TIME.format(entry.sentAt()))
                        .append("</td>")
                        .append("<td>")
                        .append(Html.escape(entry.to()))
                        .append("</td>")
                        .append("<td>")
                        .append(Html.escape(entry.sequence().orElse("")))
                        .append("</td>")
                        .append("<td class=\"n\">")
                        .append(entry.emailNumber().map(String::valueOf).orElse(""))
                        .append("</td>")
                        .append("<td><a href=\"")
                        .append(Html.escape(prefix + entry.html()))
                        .append("\">")
                        .append(Html.escape(entry.subject()))
                        .append("</a></td>")
                        .append("<td><a href=\"")
                        .append(Html.escape(prefix + entry.eml()))
                        .append("\">.eml</a></td>")
                        .append("</tr>\n");
            }
            page.append("</tbody>\n</table>\n");
        }
        page.append("</body>\n</html>\n");
        return page.toString();
    }
}
