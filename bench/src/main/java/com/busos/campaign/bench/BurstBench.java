package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.Setting;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.testing.TestCampaign;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Benchmark 6: a burst of signups for distinct addresses, as a newsletter or an ad brings them, against
 * Notion at its rate limit. The webhook answers from Redis (the intake) and the CRM work drains behind
 * the schedule; side by side, the synchronous path the webhooks had before: the answer waits for the
 * lead's CRM work.
 */
final class BurstBench {
    static final int NOTION_LIMIT = 3;
    static final Duration LATENCY = Duration.ofMillis(200);
    /** A website's form handler or a CRM automation gives up on a call after this long. */
    static final Duration CALLER_TIMEOUT = Duration.ofSeconds(30);
    /** The website's server: every signup comes from it. */
    static final String WEBSITE = "203.0.113.10";

    private BurstBench() {}

    /** One side's answers. */
    record Answers(String path, LoadGenerator.Result load) {}

    /** The CRM backlog of the asynchronous side, drained behind the answers. */
    record Backlog(
            int leads,
            int trackers,
            int contactsExpected,
            int contactsUpdated,
            int notion429,
            int notionTotal,
            double windowSeconds,
            int notionInWindow,
            double drainSeconds,
            boolean limitLifted,
            int ticks) {
        double notionRate() {
            return notionInWindow / windowSeconds;
        }
    }

    static Section run(Size size) {
        Section section = new Section("6. A burst of signups: answered from Redis, the CRM work behind it");
        Answers async;
        Backlog backlog;
        try (DeliveryRig rig = new DeliveryRig(NOTION_LIMIT, 100, LATENCY, false)) {
            Object[] result = asynchronous(rig, size);
            async = (Answers) result[0];
            backlog = (Backlog) result[1];
        }
        Answers sync;
        try (DeliveryRig rig = new DeliveryRig(NOTION_LIMIT, 100, LATENCY, false)) {
            sync = synchronous(rig, size);
        }
        section.text(String.format(
                Locale.ROOT,
                """
                %,d signups for distinct addresses (half of them with a BusinessX contact) are posted, signed as the
                website signs them, by %d concurrent clients from one address (`X-Forwarded-For`), as the website's server posts them
                (signed calls are not counted against the per-client limit of 600 a minute, which is in force), each
                posting its next signup as soon as the last one is answered, to christmas-signup running as its image runs it (child JVM, the
                template's entrypoint). Notion is the stand-in behind a limit of %d requests per calendar second
                (the rest answered Notion's `429 rate_limited`) with %d ms latency on every request; the functions
                have `NOTION_RATE_LIMIT=%d`. A caller gives up after %d s.

                - **Intake (today):** the webhook validates, writes the lead in one Redis script and answers `202`;
                  the real `Dispatcher` (in this JVM, ticking back to back) hands the CRM jobs (find or create the
                  tracker record, update the contact) to send-email (child JVM), paced by the shared Notion bucket.
                - **Synchronous (before):** the same intake, and the answer waits until one CRM job has run in the
                  request (a small HTTP front in this JVM calls christmas-signup, then runs the next due enrolment
                  job with the same `CrmJobs`, through the same shared bucket): the 3–4 Notion requests per signup
                  the webhook used to make before answering. It runs for %d s of the burst; what was not answered by
                  then is counted as not answered.
                """,
                async.load().requests(),
                size.burstClients(),
                NOTION_LIMIT,
                LATENCY.toMillis(),
                NOTION_LIMIT,
                CALLER_TIMEOUT.getSeconds(),
                size.burstSyncSeconds()));
        Table answers = new Table(
                "path",
                "signups posted",
                "answered 2xx",
                "not answered 2xx",
                "answered per second",
                "p50 (ms)",
                "p99 (ms)",
                "max (ms)",
                "first failure");
        for (Answers side : List.of(async, sync)) {
            LoadGenerator.Result r = side.load();
            answers.row(
                    side.path(),
                    String.format(Locale.ROOT, "%,d", r.requests()),
                    Table.percent((double) (r.requests() - r.errors()) / r.requests()),
                    r.errors(),
                    Table.num((r.requests() - r.errors()) / r.seconds()),
                    Table.num(r.p50()),
                    Table.num(r.p99()),
                    Table.num(r.max()),
                    r.firstError() == null
                            ? ""
                            : "`" + abbreviate(r.firstError()).replace("`", "'") + "`");
        }
        section.table(answers);
        section.text(String.format(
                Locale.ROOT,
                """
                Behind the answers, the CRM work of the %,d leads (the burst and %d warm-up signups) drained through
                the schedule%s:
                """,
                backlog.leads(),
                backlog.leads() - async.load().requests(),
                backlog.limitLifted()
                        ? String.format(
                                Locale.ROOT,
                                ". Notion's use is measured over the first %s s; then, so that the check of every"
                                        + " record takes minutes instead of the %s min the whole backlog needs at %d/s,"
                                        + " the stand-in's limit and the functions' rate were raised to 1,000/s"
                                        + " (send-email restarted with it) and the rest drained",
                                Table.num(backlog.windowSeconds()),
                                Table.num(backlog.notionTotal() / (double) NOTION_LIMIT / 60),
                                NOTION_LIMIT)
                        : ", all of it at the limit"));
        Table drained = new Table(
                "leads",
                "tracker records written",
                "contacts to update",
                "contacts updated",
                "Notion 429s",
                "window (s)",
                "Notion requests in the window",
                "Notion requests/s",
                "÷ the limit",
                "drained in (s)",
                "ticks that claimed");
        drained.row(
                String.format(Locale.ROOT, "%,d", backlog.leads()),
                String.format(Locale.ROOT, "%,d", backlog.trackers()),
                String.format(Locale.ROOT, "%,d", backlog.contactsExpected()),
                String.format(Locale.ROOT, "%,d", backlog.contactsUpdated()),
                backlog.notion429(),
                Table.num(backlog.windowSeconds()),
                backlog.notionInWindow(),
                Table.num(backlog.notionRate()),
                Table.ratio(backlog.notionRate() / NOTION_LIMIT),
                Table.num(backlog.drainSeconds()),
                backlog.ticks());
        section.table(drained);
        LoadGenerator.Result a = async.load();
        LoadGenerator.Result s = sync.load();
        double asyncOk = (double) (a.requests() - a.errors()) / a.requests();
        double syncOk = (double) (s.requests() - s.errors()) / s.requests();
        section.text(String.format(
                Locale.ROOT,
                """
                Goals: 100%% answered 2xx (%s), p99 ≤ 100 ms on this machine (%s ms: %s), every tracker record and
                contact update written (%s), 0 × 429 from Notion (%d), Notion used at ≥ 0.95 × %d requests/s while
                the backlog lasts (%s).
                """,
                Table.percent(asyncOk),
                Table.num(a.p99()),
                a.p99() <= 100 ? "met" : "missed",
                backlog.trackers() == backlog.leads() && backlog.contactsUpdated() == backlog.contactsExpected()
                        ? "met"
                        : "missed",
                backlog.notion429(),
                NOTION_LIMIT,
                Table.ratio(backlog.notionRate() / NOTION_LIMIT)));
        section.figure("async_ok", asyncOk)
                .figure("async_p99", a.p99())
                .figure("sync_ok", syncOk)
                .figure("notion_ratio", backlog.notionRate() / NOTION_LIMIT)
                .figure("notion_429", backlog.notion429())
                .figure("trackers_missing", backlog.leads() - backlog.trackers());
        section.headline(String.format(
                Locale.ROOT,
                "Burst: %,d signups from %d clients, Notion at %d/s with %d ms latency: %s answered 2xx, p99 %s ms"
                        + " (synchronous path: %s answered 2xx, p99 %s ms); the CRM work drained behind at %s of"
                        + " Notion's limit, %d × 429, %,d of %,d tracker records written",
                a.requests(),
                size.burstClients(),
                NOTION_LIMIT,
                LATENCY.toMillis(),
                Table.percent(asyncOk),
                Table.num(a.p99()),
                Table.percent(syncOk),
                Table.num(s.p99()),
                Table.ratio(backlog.notionRate() / NOTION_LIMIT),
                backlog.notion429(),
                backlog.trackers(),
                backlog.leads()));
        return section;
    }

    private static Object[] asynchronous(DeliveryRig rig, Size size) {
        int signups = size.burstSignups();
        int warmups = size.burstClients();
        for (int i = 0; i < signups + warmups; i += 2) rig.stands.notion.addContact(TestCampaign.CONTACTS_DB, email(i));
        HttpClient http = LoadGenerator.client();
        try (FunctionJvm signup = rig.start("christmas-signup", "burst")) {
            rig.startSendEmail("burst");
            URI uri = signup.uri();
            // Warm-up: the first calls load the handler and its clients; the leads they make count in the backlog.
            for (int i = 0; i < warmups; i++) {
                HttpResponse<String> answer = FunctionJvm.sendOnceStarted(http, request(uri, signups + i));
                if (answer.statusCode() != 202)
                    throw new IllegalStateException("warm-up signup answered " + answer.statusCode() + ": "
                            + answer.body() + " / " + signup.jvm.tail());
            }
            LoadGenerator.Result load = LoadGenerator.run(
                    http, n -> request(uri, (int) n), size.burstClients(), signups, Duration.ofMinutes(5));
            System.out.printf(
                    Locale.ROOT,
                    "[bench 6] intake: %d signups, %d not 2xx, p99 %.1f ms%n",
                    load.requests(),
                    load.errors(),
                    load.p99());

            // The CRM backlog, behind the answers.
            int leads = signups + warmups;
            Campaign campaign = rig.campaign();
            Schedule schedule = campaign.schedule();
            long started = System.nanoTime();
            long window = started + size.burstWindow().toNanos();
            int ticks = DeliveryRig.tickUntil(
                    campaign.dispatcher(DeliveryRig.quiet("email-dispatcher")),
                    () -> DeliveryRig.idle(schedule),
                    window);
            long windowEnd = Math.min(System.nanoTime(), window);
            boolean lifted = !DeliveryRig.idle(schedule);
            double windowSeconds = (windowEnd - started) / 1e9;
            int inWindow = rig.notion.forwardedBetween(started, windowEnd);
            if (lifted) {
                rig.notion.limit(0);
                rig.set(Setting.NOTION_RATE_LIMIT, "1000");
                rig.startSendEmail("burst-lifted");
                campaign.close();
                campaign = rig.campaign();
                Schedule after = campaign.schedule();
                ticks += DeliveryRig.tickUntil(
                        campaign.dispatcher(DeliveryRig.quiet("email-dispatcher")),
                        () -> DeliveryRig.idle(after),
                        System.nanoTime() + Duration.ofMinutes(10).toNanos());
            }
            double drainSeconds = (System.nanoTime() - started) / 1e9;
            int trackers = rig.stands.notion.pagesOf(TestCampaign.TRACKER_DB).size();
            int contactsUpdated = rig.notion.kinds().getOrDefault("Notion update page", 0);
            campaign.close();
            Backlog backlog = new Backlog(
                    leads,
                    trackers,
                    (leads + 1) / 2,
                    contactsUpdated,
                    rig.notion.refused(),
                    rig.notion.forwardedCount(),
                    windowSeconds,
                    inWindow,
                    drainSeconds,
                    lifted,
                    ticks);
            System.out.printf(
                    Locale.ROOT,
                    "[bench 6] backlog: %d trackers of %d leads, %d contacts updated, Notion %.2f/s in %.0f s, %d × 429%n",
                    trackers,
                    leads,
                    contactsUpdated,
                    backlog.notionRate(),
                    windowSeconds,
                    backlog.notion429());
            return new Object[] {new Answers("intake (202 from Redis)", load), backlog};
        }
    }

    private static Answers synchronous(DeliveryRig rig, Size size) {
        int signups = size.burstSignups();
        for (int i = 0; i < signups; i += 2) rig.stands.notion.addContact(TestCampaign.CONTACTS_DB, email(i));
        HttpClient http = LoadGenerator.client();
        ExecutorService threads = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "synchronous-signup");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer front = null;
        try (FunctionJvm signup = rig.start("christmas-signup", "burst-synchronous")) {
            rig.startSendEmail("burst-synchronous"); // not used: the front runs the jobs itself
            Campaign campaign = rig.campaign();
            Schedule schedule = campaign.schedule();
            CrmJobs jobs = campaign.crmJobs(DeliveryRig.quiet("christmas-signup"));
            front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            front.setExecutor(threads);
            URI intake = signup.uri();
            front.createContext("/", exchange -> synchronousSignup(exchange, http, intake, schedule, jobs));
            front.start();
            URI uri = URI.create("http://127.0.0.1:" + front.getAddress().getPort() + "/");
            FunctionJvm.sendOnceStarted(http, request(intake, signups + 1)); // loads the handler
            LoadGenerator.Result load = LoadGenerator.run(
                    http,
                    n -> request(uri, (int) n),
                    size.burstClients(),
                    signups,
                    Duration.ofSeconds(size.burstSyncSeconds()));
            System.out.printf(
                    Locale.ROOT,
                    "[bench 6] synchronous: %d signups, %d not 2xx, p99 %.1f ms%n",
                    load.requests(),
                    load.errors(),
                    load.p99());
            front.stop(0);
            threads.shutdownNow();
            campaign.close();
            return new Answers("synchronous (answer after the CRM work)", load);
        } catch (IOException e) {
            throw new IllegalStateException("synchronous front: " + e, e);
        } finally {
            if (front != null) front.stop(0);
            threads.shutdownNow();
        }
    }

    /** The synchronous path: the intake, then one enrolment job run before the answer. */
    private static void synchronousSignup(
            HttpExchange exchange, HttpClient http, URI intake, Schedule schedule, CrmJobs jobs) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder forward = HttpRequest.newBuilder(intake)
                    .timeout(CALLER_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of(
                    "Content-Type", "webhook-id", "webhook-timestamp", "webhook-signature", "X-Forwarded-For")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) forward.header(header, value);
            }
            int status;
            String answer;
            try {
                HttpResponse<String> accepted = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
                status = accepted.statusCode();
                answer = accepted.body();
                if (status == 202) {
                    List<ClaimedSend> claimed =
                            schedule.claimDue(0, 1, Dispatcher.LEASE, Campaign.DEFAULT_MAX_ATTEMPTS);
                    for (ClaimedSend job : claimed) jobs.run(job);
                    status = 200;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
                answer = "{\"status\":\"interrupted\"}";
            } catch (RuntimeException e) {
                status = 503;
                answer = "{\"status\":\"error\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String email(int i) {
        return "burst-" + i + "@example.com";
    }

    /** Signup {@code i}, signed, from the website's server (one address for every client). */
    private static HttpRequest request(URI uri, int i) {
        String body = ProviderRequestsBench.signupBody(email(i), i);
        HttpRequest signed = LoadGenerator.signedRequest(uri, body, TestCampaign.WEBHOOK_SECRET);
        HttpRequest.Builder copy = HttpRequest.newBuilder(uri)
                .timeout(CALLER_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("X-Forwarded-For", WEBSITE);
        signed.headers().map().forEach((name, values) -> values.forEach(value -> copy.header(name, value)));
        return copy.build();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
