package com.busos.campaign.console;

import static com.busos.campaign.console.ConsoleLayout.button;
import static com.busos.campaign.html.Html.escape;

import com.busos.campaign.admin.AdminToken;
import com.busos.campaign.admin.BadTokenGuard;
import com.busos.campaign.admin.CampaignAdmin;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.webhook.EmailAddresses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The operator's console, served by campaign-admin next to its JSON API: server-rendered pages, no
 * script. Paths (after {@code /function/campaign-admin}):
 * <pre>
 *   /                      the overview (without an Authorization header; with one it is the JSON API's list)
 *   /console/sign-in       POST token=…: the session cookie and the overview; wrong tokens count in the API's BadTokenGuard
 *   /console/sign-out      POST: the cookie cleared, the sign-in form
 *   /console/chart         emails per UTC day: delivered behind (?days=14, 1–60), scheduled ahead (today and 6 more)
 *   /console/dead          dead letters (?page=N, 50 a page), POST /console/dead/requeue, /console/dead/discard
 *   /console/lead          ?email=…: the address's timeline
 *   /console/suppressed    the suppression list (?cursor=…, about 100 a page), POST /console/suppressed/lift
 *   /console/templates     the template check
 * </pre>
 * Every page but the sign-in needs the session ({@link ConsoleSession}); every POST but the sign-in
 * carries the session's CSRF token, checked before anything changes (403 otherwise), and is answered
 * with its page (200) saying what was done, never a redirect. Everything read
 * from the store is escaped ({@link com.busos.campaign.html.Html#escape}); every list is bounded.
 */
public final class Console {
    public static final int DEAD_PAGE = 50;
    public static final int SUPPRESSED_PAGE = 100;
    public static final int TIMELINE_LIMIT = 200;
    public static final int COUNT_BOUND = 10_000;
    public static final int DAYS_AHEAD = 7;
    public static final int MAX_DAYS_BEHIND = 60;

    private final Optional<String> token;
    private final BadTokenGuard guard;
    private final Supplier<CampaignAdmin> admin;
    private final Supplier<Schedule> schedule;
    private final Supplier<Suppressions> suppressions;
    private final Supplier<CampaignCounts> counts;
    private final Clock clock;

    public Console(
            Optional<String> token,
            BadTokenGuard guard,
            Supplier<CampaignAdmin> admin,
            Supplier<Schedule> schedule,
            Supplier<Suppressions> suppressions,
            Supplier<CampaignCounts> counts,
            Clock clock) {
        this.token = token.filter(value -> !value.isBlank());
        this.guard = guard;
        this.admin = admin;
        this.schedule = schedule;
        this.suppressions = suppressions;
        this.counts = counts;
        this.clock = clock;
    }

    /** Is {@code path} the console's (the adapter sends "/" here only without an Authorization header)? */
    public static boolean isConsolePath(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    public ConsoleAnswer handle(ConsoleRequest request) {
        String prefix = request.prefix;
        if (token.isEmpty()) {
            return ConsoleLayout.page(
                    503,
                    "Not configured",
                    prefix,
                    null,
                    "<p class=\"err\">admin-token (ADMIN_TOKEN) is not set: the console, like campaign-admin, refuses"
                            + " every call until it is.</p>");
        }
        ConsoleSession sessions = new ConsoleSession(token.get());
        Instant now = clock.instant();
        String path = request.path;
        if (path.equals("/console/sign-in")) return signIn(request, sessions, now);
        String session = sessions.valid(request.session, now) ? request.session : null;
        if (request.isPost()) {
            if (session == null || !sessions.csrfMatches(session, request.form.get("csrf"))) {
                return ConsoleLayout.page(
                        403,
                        "Refused",
                        prefix,
                        null,
                        "<p class=\"err\" id=\"refused\">Refused: this form did not carry the session's CSRF token"
                                + " (or the session has ended). Nothing was changed.</p><p><a href=\""
                                + escape(prefix) + "/\">Back to the console</a></p>");
            }
            return change(request, session, sessions);
        }
        if (session == null) return signInPage(200, prefix, null);
        String csrf = sessions.csrfToken(session);
        switch (path) {
            case "/":
            case "/console":
            case "/console/":
                return overview(prefix, csrf, now);
            case "/console/chart":
                return chart(request, csrf, now);
            case "/console/dead":
                return dead(request, csrf);
            case "/console/lead":
                return lead(request, csrf);
            case "/console/suppressed":
                return suppressed(request, csrf);
            case "/console/templates":
                return templates(prefix, csrf);
            case "/console/sign-out":
            case "/console/dead/requeue":
            case "/console/dead/discard":
            case "/console/suppressed/lift":
                return ConsoleLayout.page(
                        405,
                        "Use the page's button",
                        prefix,
                        csrf,
                        "<p>This address only takes the console's forms.</p>");
            default:
                return ConsoleLayout.page(404, "Not found", prefix, csrf, "<p>No such console page.</p>");
        }
    }

    /** A page saying why the console cannot answer now (Redis unavailable, a malformed form). */
    public static ConsoleAnswer failure(int status, String prefix, String message) {
        return ConsoleLayout.page(
                status, "Unavailable", prefix, null, "<p class=\"err\" id=\"error\">" + escape(message) + "</p>");
    }

    // --- sign-in and out

    private ConsoleAnswer signIn(ConsoleRequest request, ConsoleSession sessions, Instant now) {
        String prefix = request.prefix;
        if (!request.isPost()) return signInPage(200, prefix, null);
        Optional<Duration> wait = guard.lockedOut(request.client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return signInPage(429, prefix, "Too many wrong tokens: try again in " + seconds + " s.")
                    .header("Retry-After", Long.toString(seconds));
        }
        if (!new AdminToken(token.get()).matches(request.form.get("token"))) {
            guard.failed(request.client);
            return signInPage(401, prefix, "Wrong admin token.");
        }
        guard.succeeded(request.client);
        String session = sessions.issue(now);
        return overview(prefix, sessions.csrfToken(session), now)
                .header("Set-Cookie", cookie(session, request, ConsoleSession.LIFETIME.getSeconds()));
    }

    private ConsoleAnswer signOut(ConsoleRequest request) {
        return signInPage(200, request.prefix, null).header("Set-Cookie", cookie("", request, 0));
    }

    /** The session cookie: HttpOnly, SameSite=Strict, scoped to the function's path, Secure unless plain http on loopback. */
    static String cookie(String value, ConsoleRequest request, long maxAgeSeconds) {
        return ConsoleSession.COOKIE + "=" + value + "; Path=" + request.prefix + "; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (request.secure ? "; Secure" : "");
    }

    private static ConsoleAnswer signInPage(int status, String prefix, String error) {
        StringBuilder html = new StringBuilder();
        if (error != null)
            html.append("<p class=\"err\" id=\"error\">").append(escape(error)).append("</p>");
        html.append("<form method=\"post\" action=\"")
                .append(escape(prefix))
                .append("/console/sign-in\">")
                .append("<p><label for=\"token\">Admin token</label><br>")
                .append("<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\""
                        + " required size=\"40\"></p>")
                .append("<p><button type=\"submit\" id=\"sign-in\">Sign in</button></p></form>")
                .append("<p>The admin token is campaign-admin's (the <code>admin-token</code> secret; in the sandbox"
                        + " <code>sandbox/secrets/admin-token</code>).</p>");
        return ConsoleLayout.page(status, "Sign in", prefix, null, html.toString());
    }

    // --- changes (a valid session and CSRF token)

    private ConsoleAnswer change(ConsoleRequest request, String session, ConsoleSession sessions) {
        String prefix = request.prefix;
        Map<String, String> form = request.form;
        switch (request.path) {
            case "/console/sign-out":
                return signOut(request);
            case "/console/dead/requeue":
            case "/console/dead/discard": {
                String id = form.getOrDefault("send_id", "");
                CampaignAdmin operations = admin.get();
                boolean requeue = request.path.endsWith("requeue");
                String done;
                if (id.isEmpty() || !operations.isDead(id)) done = "not-dead";
                else {
                    ObjectNode result = requeue ? operations.requeueDead(id) : operations.discardDead(id);
                    done = result.path("count").asInt() == 1 ? (requeue ? "requeued" : "discarded") : "not-dead";
                }
                return dead(after(request, done, id), sessions.csrfToken(session));
            }
            case "/console/suppressed/lift": {
                String email = form.getOrDefault("email", "");
                boolean lifted = !email.isEmpty() && suppressions.get().lift(email);
                return suppressed(
                        after(request, lifted ? "lifted" : "not-suppressed", email), sessions.csrfToken(session));
            }
            default:
                return ConsoleLayout.page(
                        404, "Not found", prefix, sessions.csrfToken(session), "<p>No such console form.</p>");
        }
    }

    /**
     * The page a change answers with (200, never a redirect: not every gateway and watchdog in between
     * is known to pass a 303 on), saying what was done; reloading it repeats the POST, which finds
     * nothing left to do and says so.
     */
    private static ConsoleRequest after(ConsoleRequest request, String done, String id) {
        return new ConsoleRequest(
                request.path,
                Map.of("done", done, "id", id),
                null,
                request.session,
                request.client,
                request.prefix,
                request.secure);
    }

    // --- pages

    private ConsoleAnswer overview(String prefix, String csrf, Instant now) {
        Schedule plan = schedule.get();
        CampaignCounts counted = counts.get();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        StringBuilder html = new StringBuilder();
        html.append("<p>At ").append(escape(now.toString())).append(" (UTC).</p>");

        html.append("<h2>Leads per sequence</h2>");
        if (!counted.available()) html.append("<p id=\"leads-unavailable\">Not counted here.</p>");
        else {
            html.append("<table id=\"leads\"><tr><th>Sequence</th><th>Leads</th></tr>");
            for (Map.Entry<String, Long> sequence : new TreeMap<>(counted.enrolledPerSequence()).entrySet()) {
                html.append("<tr><td>")
                        .append(escape(sequence.getKey()))
                        .append("</td><td class=\"n\" id=\"leads-")
                        .append(escape(sequence.getKey()))
                        .append("\">")
                        .append(sequence.getValue())
                        .append("</td></tr>");
            }
            html.append("</table>");
        }

        html.append("<h2>Now</h2><table id=\"numbers\">");
        if (counted.available()) {
            Map<LocalDate, Long> delivered = counted.deliveredPerDay(today.minusDays(6), today);
            long week = 0;
            for (long count : delivered.values()) week += count;
            row(html, "sent-today", "Emails delivered today (UTC)", delivered.getOrDefault(today, 0L));
            row(html, "sent-7-days", "Emails delivered in the last 7 days (today included)", week);
        }
        row(
                html,
                "due-24h",
                "Sends due within the next 24 h, overdue included (emails and CRM jobs)",
                plan.countDue(now.plus(Duration.ofHours(24))));
        row(html, "due-now", "Due now, not yet claimed", plan.countDue(now));
        row(html, "scheduled", "Scheduled (emails and CRM jobs)", plan.countScheduled());
        row(html, "claimed", "Claimed (being sent)", plan.countClaimed());
        long jobs = plan.countPendingJobs(COUNT_BOUND);
        html.append("<tr><th>CRM jobs pending (scheduled or claimed)</th><td class=\"n\" id=\"n-crm-jobs\">")
                .append(jobs)
                .append(jobs >= COUNT_BOUND ? "+" : "")
                .append("</td></tr>");
        row(html, "dead", "Dead letters", plan.countDead());
        row(html, "suppressed", "Suppressed addresses", suppressions.get().count());
        html.append("</table>");
        html.append("<p><a href=\"").append(escape(prefix)).append("/console/chart\">Emails per day</a></p>");
        return ConsoleLayout.page(200, "Overview", prefix, csrf, html.toString());
    }

    private static void row(StringBuilder html, String id, String label, long value) {
        html.append("<tr><th>")
                .append(escape(label))
                .append("</th><td class=\"n\" id=\"n-")
                .append(id)
                .append("\">")
                .append(value)
                .append("</td></tr>");
    }

    private ConsoleAnswer chart(ConsoleRequest request, String csrf, Instant now) {
        int behind = intParam(request.query, "days", 14, 1, MAX_DAYS_BEHIND);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        CampaignCounts counted = counts.get();
        List<SvgChart.Bar> bars = new ArrayList<>();
        Map<LocalDate, Long> delivered =
                counted.available() ? counted.deliveredPerDay(today.minusDays(behind - 1), today) : Map.of();
        if (counted.available()) {
            for (int i = behind - 1; i >= 0; i--) {
                LocalDate day = today.minusDays(i);
                bars.add(new SvgChart.Bar(day.toString(), delivered.getOrDefault(day, 0L), true));
            }
        }
        Schedule plan = schedule.get();
        for (int i = 0; i < DAYS_AHEAD; i++) {
            LocalDate day = today.plusDays(i);
            // today's bar: what is still to go out today, overdue included
            Instant from =
                    i == 0 ? Instant.EPOCH : day.atStartOfDay(ZoneOffset.UTC).toInstant();
            long due = plan.countEmailsDueBetween(
                    from, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), COUNT_BOUND);
            bars.add(new SvgChart.Bar(day.toString(), due, false));
        }
        StringBuilder html = new StringBuilder();
        html.append("<p>Delivered emails per UTC day for the last ")
                .append(behind)
                .append(
                        " days, and the emails scheduled for the rest of today (overdue included) and each of the next ")
                .append(DAYS_AHEAD - 1)
                .append(" (CRM jobs not counted; at most ")
                .append(COUNT_BOUND)
                .append(" a day).</p>");
        if (!counted.available()) html.append("<p id=\"delivered-unavailable\">Deliveries are not counted here.</p>");
        html.append(SvgChart.bars(bars, "Emails per day"));
        String base = escape(request.prefix);
        html.append("<p>Show <a href=\"")
                .append(base)
                .append("/console/chart?days=7\">7</a> · <a href=\"")
                .append(base)
                .append("/console/chart?days=14\">14</a> · <a href=\"")
                .append(base)
                .append("/console/chart?days=30\">30</a> days behind.</p>");
        return ConsoleLayout.page(200, "Emails per day", request.prefix, csrf, html.toString());
    }

    private ConsoleAnswer dead(ConsoleRequest request, String csrf) {
        String prefix = request.prefix;
        StringBuilder html = new StringBuilder();
        done(html, request.query);
        long count = schedule.get().countDead();
        int pages = (int) Math.max(1, (count + DEAD_PAGE - 1) / DEAD_PAGE);
        int page = intParam(request.query, "page", 1, 1, Math.max(1, pages));
        ObjectNode answer = admin.get().deadLetters((long) (page - 1) * DEAD_PAGE, DEAD_PAGE);
        html.append("<p><span id=\"dead-count\">")
                .append(count)
                .append("</span> dead letters; page ")
                .append(page)
                .append(" of ")
                .append(pages)
                .append(", oldest first.</p>");
        html.append("<table id=\"dead\"><tr><th>Send</th><th>Address</th><th>What</th><th>Died</th><th>Attempts</th>")
                .append("<th>Reason</th><th></th></tr>");
        for (JsonNode send : answer.path("dead")) {
            String id = send.path("send_id").asText();
            html.append("<tr class=\"dead-letter\" data-send-id=\"")
                    .append(escape(id))
                    .append("\"><td><code>")
                    .append(escape(id))
                    .append("</code></td><td>")
                    .append(escape(send.path("email").asText("")))
                    .append("</td><td>")
                    .append(escape(what(send)))
                    .append("</td><td>")
                    .append(escape(send.path("dead_at").asText("")))
                    .append("</td><td class=\"n\">")
                    .append(send.path("attempts").asInt())
                    .append("</td><td class=\"reason\">")
                    .append(escape(
                            send.path("error").asText(send.path("payload_error").asText(""))))
                    .append("</td><td>")
                    .append(button(prefix + "/console/dead/requeue", csrf, "Requeue", "requeue-" + id, "send_id", id))
                    .append(' ')
                    .append(button(prefix + "/console/dead/discard", csrf, "Discard", "discard-" + id, "send_id", id))
                    .append("</td></tr>");
        }
        html.append("</table>");
        pager(html, prefix + "/console/dead?page=", page, pages);
        return ConsoleLayout.page(200, "Dead letters", prefix, csrf, html.toString());
    }

    private ConsoleAnswer lead(ConsoleRequest request, String csrf) {
        String prefix = request.prefix;
        String raw = request.query.get("email");
        StringBuilder html = new StringBuilder();
        html.append("<form method=\"get\" action=\"")
                .append(escape(prefix))
                .append("/console/lead\">")
                .append(
                        "<label for=\"email\">Address</label> <input type=\"text\" id=\"email\" name=\"email\" size=\"40\"")
                .append(" value=\"")
                .append(escape(raw == null ? "" : raw))
                .append("\"> ")
                .append("<button type=\"submit\" id=\"search\">Search</button></form>");
        if (raw == null || raw.isBlank()) return ConsoleLayout.page(200, "Search", prefix, csrf, html.toString());
        EmailAddresses.Result parsed = EmailAddresses.parse(raw);
        if (!parsed.valid()) {
            html.append("<p class=\"err\" id=\"error\">Not a valid address (")
                    .append(escape(parsed.reason()))
                    .append("): ")
                    .append(escape(raw))
                    .append("</p>");
            return ConsoleLayout.page(422, "Search", prefix, csrf, html.toString());
        }
        ObjectNode sends = admin.get().sendsOf(parsed.address());
        html.append("<h2>").append(escape(parsed.address())).append("</h2>");
        if (sends.path("suppressed").asBoolean()) {
            JsonNode entry = sends.path("suppression");
            html.append("<p id=\"suppressed\">Suppressed: ")
                    .append(escape(entry.path("reason").asText("")))
                    .append(" at ")
                    .append(escape(entry.path("at").asText("")))
                    .append(". ")
                    .append(button(
                            prefix + "/console/suppressed/lift",
                            csrf,
                            "Lift",
                            "lift-timeline",
                            "email",
                            parsed.address()))
                    .append("</p>");
        } else {
            html.append("<p id=\"sendable\">Not suppressed: may be emailed.</p>");
        }
        List<JsonNode> all = new ArrayList<>();
        sends.path("pending").forEach(all::add);
        sends.path("past").forEach(all::add);
        Map<String, List<JsonNode>> mirrors = new LinkedHashMap<>();
        List<JsonNode> emails = new ArrayList<>();
        List<JsonNode> otherJobs = new ArrayList<>();
        for (JsonNode send : all) {
            if ("crm".equals(send.path("kind").asText())) {
                String forSend = send.path("for_send_id").asText("");
                if (forSend.isEmpty()) otherJobs.add(send);
                else mirrors.computeIfAbsent(forSend, key -> new ArrayList<>()).add(send);
            } else emails.add(send);
        }
        emails.sort((a, b) -> a.path("due").asText("").compareTo(b.path("due").asText("")));
        boolean cut = emails.size() > TIMELINE_LIMIT;
        if (cut) emails = emails.subList(0, TIMELINE_LIMIT);
        html.append("<table id=\"timeline\"><tr><th>Email</th><th>Due</th><th>Claimed</th><th>Outcome</th>")
                .append("<th>Resend id</th><th>CRM mirror</th></tr>");
        for (JsonNode send : emails) {
            String id = send.path("send_id").asText();
            String state = send.path("state").asText("");
            html.append("<tr class=\"send\" data-send-id=\"")
                    .append(escape(id))
                    .append("\" data-state=\"")
                    .append(escape(state))
                    .append("\"><td>")
                    .append(escape(what(send)))
                    .append("<br><code>")
                    .append(escape(id))
                    .append("</code></td><td>")
                    .append(escape(send.path("due").asText("")))
                    .append("</td><td>")
                    .append(escape(claimed(send)))
                    .append("</td><td>")
                    .append(escape(outcome(send)))
                    .append("</td><td class=\"resend-id\"><code>")
                    .append(escape(send.path("resend_id").asText("")))
                    .append("</code></td><td class=\"mirror\">");
            List<JsonNode> jobs = mirrors.getOrDefault(id, List.of());
            if (jobs.isEmpty()) html.append("—");
            for (JsonNode job : jobs) {
                html.append(escape(job.path("job").asText("crm")))
                        .append(": ")
                        .append(escape(outcome(job)))
                        .append("<br>");
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
        if (cut) html.append("<p>Only the first ").append(TIMELINE_LIMIT).append(" emails are shown.</p>");
        if (!otherJobs.isEmpty()) {
            html.append(
                    "<h3>CRM jobs of the enrolments</h3><table id=\"jobs\"><tr><th>Job</th><th>Due</th><th>Outcome</th></tr>");
            int shown = 0;
            for (JsonNode job : otherJobs) {
                if (shown++ >= TIMELINE_LIMIT) break;
                html.append("<tr><td><code>")
                        .append(escape(job.path("send_id").asText("")))
                        .append("</code></td><td>")
                        .append(escape(job.path("due").asText("")))
                        .append("</td><td>")
                        .append(escape(outcome(job)))
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        return ConsoleLayout.page(200, "Search", prefix, csrf, html.toString());
    }

    private ConsoleAnswer suppressed(ConsoleRequest request, String csrf) {
        String prefix = request.prefix;
        String cursor = request.query.getOrDefault("cursor", "0");
        if (!cursor.matches("[0-9]{1,20}")) cursor = "0";
        StringBuilder html = new StringBuilder();
        done(html, request.query);
        Suppressions list = suppressions.get();
        Suppressions.Listing page = list.list(cursor, SUPPRESSED_PAGE);
        html.append("<p><span id=\"suppressed-count\">")
                .append(list.count())
                .append(
                        "</span> addresses suppressed. Lifting one lets it be emailed again (sends cancelled when it was"
                                + " suppressed stay cancelled; a new signup schedules new ones).</p>");
        List<Map.Entry<String, Suppressions.Entry>> entries = new ArrayList<>(page.entries());
        entries.sort(Map.Entry.comparingByKey());
        html.append(
                "<table id=\"suppressions\"><tr><th>Address</th><th>Reason</th><th>Since</th><th>Detail</th><th></th></tr>");
        for (Map.Entry<String, Suppressions.Entry> entry : entries) {
            String address = entry.getKey();
            Suppressions.Entry why = entry.getValue();
            html.append("<tr class=\"suppression\" data-email=\"")
                    .append(escape(address))
                    .append("\"><td>")
                    .append(escape(address))
                    .append("</td><td>")
                    .append(escape(String.valueOf(why.reason())))
                    .append("</td><td>")
                    .append(escape(why.at() == null ? "" : why.at()))
                    .append("</td><td>")
                    .append(escape(why.detail() == null ? "" : why.detail()))
                    .append("</td><td>")
                    .append(button(
                            prefix + "/console/suppressed/lift", csrf, "Lift", "lift-" + address, "email", address))
                    .append("</td></tr>");
        }
        html.append("</table>");
        if (page.hasMore()) {
            html.append("<p><a id=\"next\" href=\"")
                    .append(escape(prefix))
                    .append("/console/suppressed?cursor=")
                    .append(escape(url(page.next())))
                    .append("\">More</a></p>");
        }
        return ConsoleLayout.page(200, "Suppressed addresses", prefix, csrf, html.toString());
    }

    private ConsoleAnswer templates(String prefix, String csrf) {
        StringBuilder html = new StringBuilder();
        ObjectNode report;
        try {
            report = admin.get().checkTemplates();
        } catch (RuntimeException failed) {
            html.append("<p class=\"err\" id=\"error\">The template check could not run: ")
                    .append(escape(String.valueOf(failed.getMessage())))
                    .append("</p>");
            return ConsoleLayout.page(503, "Template check", prefix, csrf, html.toString());
        }
        boolean ok = report.path("ok").asBoolean();
        html.append("<p id=\"verdict\" class=\"")
                .append(ok ? "msg" : "err")
                .append("\">")
                .append(ok ? "Every template passes" : "Problems found")
                .append(" (")
                .append(report.path("checked").asInt())
                .append(" checked).</p>");
        html.append("<table id=\"templates\"><tr><th>Sequence</th><th>#</th><th>Template</th><th>Result</th></tr>");
        for (JsonNode row : report.path("templates")) {
            String template = row.path("template").asText("");
            html.append("<tr><td>")
                    .append(escape(row.path("sequence").asText("")))
                    .append("</td><td class=\"n\">")
                    .append(row.path("email_number").asInt())
                    .append("</td><td>")
                    .append(escape(template))
                    .append("</td><td>");
            if (row.path("ok").asBoolean()) html.append("ok");
            for (JsonNode problem : report.path("problems")) {
                if (!template.equals(problem.path("template").asText())) continue;
                html.append(escape(problem.path("kind").asText("")))
                        .append(": ")
                        .append(escape(problem.path("problem").asText("")))
                        .append("<br>");
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
        return ConsoleLayout.page(200, "Template check", prefix, csrf, html.toString());
    }

    // --- helpers

    private static final Map<String, String> DONE = Map.of(
            "requeued", "Requeued, due now: ",
            "discarded", "Discarded: ",
            "not-dead", "Not a dead letter (any more): ",
            "lifted", "Suppression lifted: ",
            "not-suppressed", "Not suppressed (any more): ");

    private static void done(StringBuilder html, Map<String, String> query) {
        String text = DONE.get(query.getOrDefault("done", ""));
        if (text == null) return;
        html.append("<p class=\"msg\" id=\"done\">")
                .append(escape(text + query.getOrDefault("id", "")))
                .append("</p>");
    }

    private static String what(JsonNode send) {
        if ("crm".equals(send.path("kind").asText())) {
            return "CRM job " + send.path("job").asText("") + " for "
                    + send.path("for_send_id").asText("");
        }
        if (send.has("template")) {
            return send.path("sequence").asText("") + " E"
                    + send.path("email_number").asInt() + " ("
                    + send.path("template").asText("") + ")";
        }
        return send.path("send_id").asText("");
    }

    private static String claimed(JsonNode send) {
        int attempts = send.path("attempts").asInt();
        String state = send.path("state").asText("");
        if ("claimed".equals(state)) return "now (attempt " + attempts + ")";
        if (attempts == 0) return "not yet";
        return attempts + (attempts == 1 ? " time" : " times");
    }

    private static String outcome(JsonNode send) {
        String state = send.path("state").asText("unknown");
        StringBuilder text = new StringBuilder(state);
        String finished = send.path("finished_at").asText("");
        if (!finished.isEmpty()) text.append(" at ").append(finished);
        String why = send.has("cancel_reason")
                ? send.path("cancel_reason").asText()
                : send.path("error").asText("");
        if (!why.isEmpty() && !"delivered".equals(state)) text.append(": ").append(why);
        return text.toString();
    }

    private static void pager(StringBuilder html, String base, int page, int pages) {
        if (pages <= 1) return;
        html.append("<p>");
        if (page > 1)
            html.append("<a id=\"previous\" href=\"")
                    .append(escape(base + (page - 1)))
                    .append("\">Previous</a> ");
        if (page < pages)
            html.append("<a id=\"next\" href=\"")
                    .append(escape(base + (page + 1)))
                    .append("\">Next</a>");
        html.append("</p>");
    }

    private static int intParam(Map<String, String> query, String name, int otherwise, int min, int max) {
        String raw = query.get(name);
        if (raw == null || !raw.matches("[0-9]{1,6}")) return otherwise;
        return Math.max(min, Math.min(max, Integer.parseInt(raw)));
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
