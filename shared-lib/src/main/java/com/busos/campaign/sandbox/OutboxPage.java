package com.busos.campaign.sandbox;

import com.busos.campaign.html.Html;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The outbox as a web page (the local gateway's {@code /outbox}): one row per email, newest first,
 * with its time, recipient, sequence, email number and subject, a link to the rendered email and one
 * to its .eml file. It reloads itself every 10 seconds, so emails appear as the dispatcher sends them.
 */
public final class OutboxPage {
    public static final int REFRESH_SECONDS = 10;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private OutboxPage() {}

    /** @param prefix the path the outbox files are served under, e.g. {@code /outbox/} */
    public static String render(List<OutboxEntry> entries, String prefix) {
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
