package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.delivery.EmailDelivery;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.signup.SignupService;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * Benchmark 3: requests made to the providers per unit of work, counted where they arrive (the WireMock
 * stand-ins' request journals), with the email analytics database configured and not.
 */
final class ProviderRequestsBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderRequestsBench() {}

    /**
     * Requests per unit, averaged over the units measured, with a breakdown by kind. A database's data
     * source lookup (Notion 2025-09-03, once per client: at a function instance's first use) is no
     * unit's cost: it is counted apart, in {@link #lookups}.
     */
    static final class Tally {
        int units;
        int notion;
        int resend;
        int lookups;
        final Map<String, Integer> kinds = new TreeMap<>();

        double notionPerUnit() {
            return units == 0 ? Double.NaN : (double) notion / units;
        }

        double resendPerUnit() {
            return units == 0 ? Double.NaN : (double) resend / units;
        }

        String breakdown() {
            StringBuilder out = new StringBuilder();
            kinds.forEach((kind, count) -> {
                if (out.length() > 0) out.append(", ");
                out.append(kind).append(' ').append(Table.num((double) count / units));
            });
            return out.toString();
        }
    }

    record Run(Tally signupWithContact, Tally signupWithoutContact, Tally email) {
        int signupLookups() {
            return signupWithContact.lookups + signupWithoutContact.lookups;
        }
    }

    static Section run(Size size) {
        Section section = new Section("3. Provider requests per unit of work");
        Run off = measure(size.signups(), false);
        Run on = measure(size.signups(), true);
        section.text(String.format(
                Locale.ROOT, """
                Counted at the stand-ins (`FakeNotion`, `FakeResend`: WireMock servers with the providers' real
                shapes), from their request journals, for %d signups through `SignupService` (half of the addresses
                have a BusinessX contact) with the CRM job each signup schedules (the webhook itself makes none),
                and for every email those signups scheduled (E2–E5: %d emails), delivered through `EmailDelivery`
                (send-email's own path: claim, template (cached 60 s), Resend, ack) with its CRM jobs (`Email N
                Sent`, the analytics page), as `Campaign` builds them. "Original" is the Prefect system's count, from its
                behavioural specification (signup: search tracker, search contact, update contact when found, create
                tracker; email: search tracker, fetch template, update tracker, create analytics page; one Resend
                request). Our Notion client takes one token from the shared bucket in Redis before each request
                (`RedisRateLimiter`): one Redis `EVAL`, no HTTP request. Not in the table: each client finds the
                data source of a database the first time it uses it (`GET /v1/databases/{id}`, Notion 2025-09-03),
                once per function instance and database, not per unit: with analytics on, %d for all the signups
                (tracker, contacts) and %d for all the emails (templates, analytics).
                """, size.signups(), off.email().units, on.signupLookups(), on.email().lookups));
        Table table = new Table(
                "unit of work",
                "original: Notion",
                "ours, analytics off: Notion",
                "ours, analytics on: Notion",
                "original: Resend",
                "ours: Resend",
                "ours, analytics on: requests by kind");
        table.row(
                "signup, contact found",
                "4",
                Table.num(off.signupWithContact().notionPerUnit()),
                Table.num(on.signupWithContact().notionPerUnit()),
                "0",
                Table.num(on.signupWithContact().resendPerUnit()),
                on.signupWithContact().breakdown());
        table.row(
                "signup, no contact",
                "3",
                Table.num(off.signupWithoutContact().notionPerUnit()),
                Table.num(on.signupWithoutContact().notionPerUnit()),
                "0",
                Table.num(on.signupWithoutContact().resendPerUnit()),
                on.signupWithoutContact().breakdown());
        table.row(
                "email sent",
                "4",
                Table.num(off.email().notionPerUnit()),
                Table.num(on.email().notionPerUnit()),
                "1",
                Table.num(on.email().resendPerUnit()),
                on.email().breakdown());
        section.table(table);
        section.text(String.format(
                Locale.ROOT,
                """
                With analytics off, an email costs %s Notion requests (breakdown: %s). The tracker is read by its
                page id (kept in the send) instead of searched by address, which is also what makes a second
                tracker record of the same address harmless. With analytics on it costs %s, as in the original:
                `Campaign.notionRequestsPerSend()`, which sizes the dispatcher's ticks, counts the analytics page
                when its database is set (it counted 3 either way until this benchmark showed 4, so a tick with
                analytics on asked Notion for a third more than its budget allowed).
                """,
                Table.num(off.email().notionPerUnit()),
                off.email().breakdown(),
                Table.num(on.email().notionPerUnit())));
        section.figure("signup.notion", on.signupWithContact().notionPerUnit())
                .figure("email.notion.off", off.email().notionPerUnit())
                .figure("email.notion.on", on.email().notionPerUnit())
                .figure("email.resend", on.email().resendPerUnit());
        section.headline(String.format(
                Locale.ROOT,
                "Provider requests: %s Notion requests per signup (original 4),"
                        + " %s per email with analytics on / %s off (original 4), %s Resend request per email",
                Table.num(on.signupWithContact().notionPerUnit()),
                Table.num(on.email().notionPerUnit()),
                Table.num(off.email().notionPerUnit()),
                Table.num(on.email().resendPerUnit())));
        return section;
    }

    private static Run measure(int signups, boolean analytics) {
        try (TestCampaign stands = new TestCampaign()) {
            Map<Setting, String> settings = stands.settings();
            // The shared limiter stays in the path; its rates are raised so that it never waits here.
            settings.put(Setting.NOTION_RATE_LIMIT, "10000");
            settings.put(Setting.RESEND_RATE_LIMIT, "10000");
            if (analytics) settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, TestCampaign.ANALYTICS_DB);
            Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.systemUTC());
            Log log = Log.to("bench", new PrintStream(OutputStream.nullOutputStream()));
            SignupService signupService = campaign.signupService(log);
            CrmJobs crm = campaign.crmJobs(log);
            Schedule schedule = campaign.schedule();
            WireMockServer notion = stands.notion.server();
            WireMockServer resend = stands.resend.server();
            Tally withContact = new Tally();
            Tally withoutContact = new Tally();
            for (int i = 0; i < signups; i++) {
                String email = "bench-lead-" + i + "@example.com";
                boolean contact = i % 2 == 0;
                if (contact) stands.notion.addContact(TestCampaign.CONTACTS_DB, email);
                notion.resetRequests();
                resend.resetRequests();
                String status = signupService
                        .signup(Signup.from(RequestFields.parse(signupBody(email, i))))
                        .path("status")
                        .asText();
                if (!"accepted".equals(status)) throw new IllegalStateException("signup " + status);
                // The webhook itself makes none: its CRM job (tracker record, contact) does, behind the schedule.
                runCrmJobs(schedule, crm);
                count(contact ? withContact : withoutContact, notion.getAllServeEvents(), resend.getAllServeEvents());
            }
            // Every scheduled email due now, then delivered one by one as send-email does.
            try (UnifiedJedis redis = TestRedis.client()) {
                for (String scheduledKey : TestRedis.scheduledSets(stands.redisPrefix)) {
                    for (String id : redis.zrange(scheduledKey, 0, -1)) redis.zadd(scheduledKey, 0, id);
                }
            }
            EmailDelivery delivery = campaign.emailDelivery(log);
            Tally email = new Tally();
            List<ClaimedSend> claims;
            while (!(claims = schedule.claimDue(100, Dispatcher.LEASE, campaign.maxAttempts())).isEmpty()) {
                for (ClaimedSend claim : claims) {
                    notion.resetRequests();
                    resend.resetRequests();
                    String status = delivery.deliver(claim).path("status").asText();
                    if (!"delivered".equals(status)) throw new IllegalStateException("send " + status);
                    runCrmJobs(schedule, crm); // its mirror: Email N Sent, the analytics page
                    count(email, notion.getAllServeEvents(), resend.getAllServeEvents());
                }
            }
            if (email.units != signups * 4)
                throw new IllegalStateException(email.units + " emails for " + signups + " signups");
            return new Run(withContact, withoutContact, email);
        }
    }

    /** The due CRM jobs, run as send-email runs them. */
    private static void runCrmJobs(Schedule schedule, CrmJobs crm) {
        List<ClaimedSend> jobs;
        while (!(jobs = schedule.claimDue(0, 100, Dispatcher.LEASE, 8)).isEmpty()) {
            for (ClaimedSend job : jobs) {
                String status = crm.run(job).path("status").asText();
                if (!"done".equals(status)) throw new IllegalStateException("CRM job " + status);
            }
        }
    }

    private static void count(Tally tally, List<ServeEvent> notion, List<ServeEvent> resend) {
        tally.units++;
        tally.resend += resend.size();
        for (ServeEvent event : notion) {
            if (isDataSourceLookup(event)) {
                tally.lookups++;
                continue;
            }
            tally.notion++;
            tally.kinds.merge("Notion " + kind(event), 1, Integer::sum);
        }
        for (ServeEvent event : resend) {
            tally.kinds.merge(
                    "Resend " + event.getRequest().getMethod().getName() + " "
                            + event.getRequest().getUrl(),
                    1,
                    Integer::sum);
        }
    }

    /** {@code GET /v1/databases/{id}}: which data source the database's pages are in. */
    private static boolean isDataSourceLookup(ServeEvent event) {
        return event.getRequest().getMethod().getName().equals("GET")
                && event.getRequest().getUrl().startsWith("/v1/databases/");
    }

    /** "query tracker", "get page", "update page", "create page in analytics" … */
    private static String kind(ServeEvent event) {
        String method = event.getRequest().getMethod().getName();
        String path = event.getRequest().getUrl().split("\\?")[0];
        if (method.equals("POST") && path.endsWith("/query")) return "query " + database(path.split("/")[3]);
        if (method.equals("GET")) return "get page";
        if (method.equals("PATCH")) return "update page";
        if (method.equals("POST") && path.equals("/v1/pages")) {
            try {
                JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
                return "create page in "
                        + database(body.path("parent").path("data_source_id").asText());
            } catch (Exception e) {
                return "create page";
            }
        }
        return method + " " + path;
    }

    /** Which of the campaign's databases a data source (the stand-in's first of each) is in. */
    private static String database(String dataSourceId) {
        for (Map.Entry<String, String> database : Map.of(
                        TestCampaign.TRACKER_DB, "tracker",
                        TestCampaign.CONTACTS_DB, "contacts",
                        TestCampaign.TEMPLATES_DB, "templates",
                        TestCampaign.ANALYTICS_DB, "analytics")
                .entrySet()) {
            if (FakeNotion.dataSourceOf(database.getKey()).equals(dataSourceId)) return database.getValue();
        }
        return dataSourceId;
    }

    static String signupBody(String email, int i) {
        return JSON.createObjectNode()
                .put("email", email)
                .put("first_name", "Lead" + i)
                .put("business_name", "Salon " + i)
                .put("assessment_score", 42)
                .put("red_systems", 2)
                .put("orange_systems", 1)
                .put("yellow_systems", 3)
                .put("green_systems", 2)
                .put("gps_score", 40)
                .put("money_score", 30)
                .put("weakest_system_1", "GPS")
                .put("weakest_system_2", "Money")
                .put("revenue_leak_total", 14500)
                .toString();
    }
}
