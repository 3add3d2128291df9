package com.busos.campaign.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.JsonAnswers;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** §6.2 send_email_flow, ported: one claimed send against Notion and Resend stand-ins and a real Redis. */
class EmailDeliveryTest {
    private static final Instant NOW = Instant.parse("2025-11-28T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Long past, so due by Redis's own clock. */
    private static final Instant DUE = Instant.parse("2020-01-01T00:00:00Z");

    private static final String LEAD = "jane@example.com";

    private TestCampaign tc;
    private ByteArrayOutputStream logs;
    private Schedule schedule;
    private EmailDelivery delivery;
    private CrmJobs crm;
    private UnifiedJedis redis;

    @BeforeEach
    void setUp() {
        tc = new TestCampaign();
        logs = new ByteArrayOutputStream();
        use(tc.settings());
        redis = TestRedis.client();
    }

    @AfterEach
    void tearDown() {
        redis.close();
        tc.close();
    }

    private void use(Map<Setting, String> settings) {
        Campaign campaign = new Campaign(CampaignConfig.of(settings), CLOCK);
        schedule = campaign.schedule();
        Log log = Log.to("send-email", new PrintStream(logs, true, StandardCharsets.UTF_8));
        delivery = campaign.emailDelivery(log);
        crm = campaign.crmJobs(log);
    }

    /** Runs the CRM jobs that are due (the mirror in Notion of what was sent), as send-email does. */
    private List<ObjectNode> runCrmJobs() {
        List<ObjectNode> results = new java.util.ArrayList<>();
        for (ClaimedSend job : schedule.claimDue(0, 10, Duration.ofMinutes(5), 8)) {
            assertTrue(job.isJob(), job.id());
            results.add(crm.run(job));
        }
        return results;
    }

    private String tracker(PropertyValues extra) {
        ObjectNode properties =
                extra.email("Email", LEAD).richText("First Name", "Jane").build();
        return tc.notion.addPage(TestCampaign.TRACKER_DB, properties);
    }

    private String tracker() {
        return tracker(new PropertyValues());
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("first_name", "Jane");
        fields.put("business_name", "Acme Salon");
        fields.put("assessment_score", "42");
        fields.put("segment", "URGENT");
        fields.put("red_systems", "1");
        fields.put("orange_systems", "1");
        fields.put("yellow_systems", "3");
        fields.put("green_systems", "3");
        fields.put("gps_score", null);
        fields.put("weakest_system_1", "GPS");
        fields.put("weakest_system_2", null);
        fields.put("strongest_system", null);
        fields.put("revenue_leak_total", "14500");
        return fields;
    }

    private static ScheduledSend send(String trackerId, int number, String template) {
        return new ScheduledSend("5day", number, template, LEAD, trackerId, fields());
    }

    /** The 5-Day E2 template sent as email {@code number} of the tracker's sequence: scheduled, claimed, delivered. */
    private ObjectNode deliverE2(String trackerId, int number) {
        return delivery.deliver(scheduleAndClaim(send(trackerId, number, "5-Day E2")));
    }

    private ClaimedSend scheduleAndClaim(ScheduledSend send) {
        assertTrue(schedule.add(send, DUE));
        return claim(send.id());
    }

    private ClaimedSend claim(String sendId) {
        List<ClaimedSend> claims = schedule.claimDue(10, Duration.ofMinutes(5), 8);
        return claims.stream()
                .filter(c -> c.id().equals(sendId))
                .findFirst()
                .orElseGet(() -> fail("not claimable: " + sendId));
    }

    /** A send rescheduled minutes ahead by retryLater becomes due now. */
    private void makeDue(String sendId) {
        String key = TestRedis.scheduledSetOf(tc.redisPrefix, sendId);
        assertTrue(redis.zscore(key, sendId) != null, "the send is scheduled again");
        redis.zadd(key, 0, sendId);
    }

    private JsonNode trackerProperties(String trackerId) {
        return tc.notion.page(trackerId).orElseThrow().path("properties");
    }

    private Optional<String> sentAt(String trackerId, int number) {
        return new NotionPage(trackerId, trackerProperties(trackerId)).dateStart("Email " + number + " Sent");
    }

    private int resendPosts() {
        return tc.resend
                .server()
                .findAll(postRequestedFor(urlEqualTo("/emails")))
                .size();
    }

    private String log() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    @Test
    void deliversTheRenderedTemplateRecordsItAndAcknowledges() {
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");
        ClaimedSend claim = scheduleAndClaim(send);

        ObjectNode result = delivery.deliver(claim);

        assertEquals("delivered", result.path("status").asText(), result.toString());
        List<FakeResend.Delivered> delivered = tc.resend.delivered();
        assertEquals(1, delivered.size());
        FakeResend.Delivered email = delivered.get(0);
        assertEquals(LEAD, email.to());
        assertEquals("Campaign Test <campaign@example.com>", email.from());
        assertEquals("Jane, 5-Day E2 for Acme Salon", email.subject());
        assertEquals(
                "<p>Hi Jane [5-Day E2]</p><p>Segment URGENT, score 42, leak $14K</p>"
                        + "<p><a href=\"\">unsubscribe</a></p>",
                email.html(),
                "without unsubscribe links configured here, the footer's link is empty");
        assertEquals(send.idempotencyKey(), email.idempotencyKey);
        assertEquals(email.id, result.path("resend_email_id").asText());
        assertEquals(Optional.empty(), sentAt(trackerId, 2), "the Notion mirror is a CRM job of its own");

        List<ObjectNode> jobs = runCrmJobs();
        assertEquals(1, jobs.size(), "one job without analytics: " + jobs);
        assertEquals("done", jobs.get(0).path("status").asText(), jobs.toString());
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 2));
        assertEquals(Optional.empty(), sentAt(trackerId, 3), "only this email is marked");

        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("delivered", state.get("state"));
        assertEquals(email.id, state.get("resend_id"));
        assertEquals(0, schedule.countScheduled());
        assertEquals(0, schedule.countClaimed());
        assertEquals(0, schedule.countDead());
        assertTrue(tc.notion.pagesOf(TestCampaign.ANALYTICS_DB).isEmpty(), "no analytics DB configured");
    }

    @Test
    void everyCommonVariableIsReplaced() {
        StringBuilder html = new StringBuilder();
        for (String name : TemplateVariables.COMMON)
            html.append(name).append("=[{{").append(name).append("}}]\n");
        tc.notion.addTemplate(
                TestCampaign.TEMPLATES_DB,
                "All Variables",
                "{{first_name}} {{days_to_deadline}} days",
                html.toString());
        String trackerId = tracker();

        delivery.deliver(scheduleAndClaim(send(trackerId, 3, "All Variables")));

        FakeResend.Delivered email = tc.resend.delivered().get(0);
        assertEquals("Jane 6 days", email.subject());
        assertFalse(email.html().contains("{{"), email.html());
        assertTrue(email.html().contains("TotalRevenueLeak_K=[14]"), email.html());
        assertTrue(email.html().contains("deadline_date=[December 5, 2025]"), email.html());
        assertTrue(email.html().contains("readiness_zone=[Warning Zone]"), email.html());
        assertTrue(email.html().contains("weakest_system_2=[FUEL]"), email.html());
        assertTrue(email.html().contains("strongest_system=[CABIN]"), email.html());
        assertTrue(email.html().contains("personalized_tip_2=[Write down 3 tasks"), email.html());
    }

    @Test
    void aSecondarySequenceRendersItsOwnTemplateAndVariables() {
        String trackerId = tracker(new PropertyValues().select("Template Type", "No-Show Recovery"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("first_name", "Jane");
        fields.put("reschedule_url", "https://example.com/reschedule/abc");
        ScheduledSend send = new ScheduledSend("noshow", 1, "noshow_recovery_email_1", LEAD, trackerId, fields);

        assertEquals(
                "delivered",
                delivery.deliver(scheduleAndClaim(send)).path("status").asText());

        FakeResend.Delivered email = tc.resend.delivered().get(0);
        assertEquals("Jane, noshow_recovery_email_1 for your business", email.subject());
        assertTrue(email.html().contains("[noshow_recovery_email_1]"), email.html());
        assertTrue(email.html().contains("reschedule_url=https://example.com/reschedule/abc"), email.html());
        assertTrue(email.html().contains("event_type=</p>"), "unset sequence variables are empty: " + email.html());
        runCrmJobs();
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 1));
    }

    @Test
    void anEmailCostsNoNotionRequestOfItsOwnAndOneForItsMirror() {
        String trackerId = tracker();
        deliverE2(trackerId, 2);
        int afterFirst = tc.notion.requestCount();
        ObjectNode second = deliverE2(trackerId, 3);
        int afterSecond = tc.notion.requestCount();

        assertEquals("delivered", second.path("status").asText(), second.toString());
        // The first email finds the templates database's data source (once per client) and reads its template.
        assertEquals(2, afterFirst, "the first email reads its template once: " + afterFirst);
        assertEquals(afterFirst, afterSecond, "the template is cached, the tracker is not read: Redis is the record");

        runCrmJobs();
        assertEquals(afterSecond + 2, tc.notion.requestCount(), "one Email N Sent per email");
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 2));
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 3));
    }

    @Test
    void aTemplateCheckMakesTheNextEmailReadItsTemplateAfresh() {
        String trackerId = tracker();
        deliverE2(trackerId, 2);
        int cached = tc.notion.requestCount();

        schedule.templatesChanged();
        deliverE2(trackerId, 3);

        assertEquals(cached + 1, tc.notion.requestCount(), "read again after the check");
    }

    @Test
    void aSendClaimedTwiceIsDeliveredOnce() throws InterruptedException {
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");
        schedule.add(send, DUE);
        ClaimedSend first = schedule.claimDue(10, Duration.ofMillis(1), 8).get(0);
        ClaimedSend second = null;
        for (int i = 0; i < 1000 && second == null; i++) {
            second = schedule.claimDue(10, Duration.ofMinutes(5), 8).stream()
                    .findFirst()
                    .orElse(null);
            if (second == null) Thread.sleep(2);
        }
        assertTrue(second != null, "the expired lease was claimed again");

        assertEquals("delivered", delivery.deliver(first).path("status").asText());
        assertEquals("skipped", delivery.deliver(second).path("status").asText());
        assertEquals(1, runCrmJobs().size(), "one mirror for the one email");

        assertEquals(1, tc.resend.delivered().size());
        assertEquals(1, resendPosts());
        assertEquals(0, schedule.countClaimed());
        assertEquals(0, schedule.countScheduled());
        assertEquals(0, schedule.countDead());
    }

    @Test
    void aMissingTemplateIsDeadLetteredWithItsNameAndNothingIsSent() {
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2 (deleted)");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));

        assertEquals("dead_lettered", result.path("status").asText());
        assertTrue(
                result.path("error")
                        .asText()
                        .contains("Template '5-Day E2 (deleted)' not found in the Email Templates database"),
                result.toString());
        assertEquals(0, resendPosts());
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("dead", state.get("state"));
        assertTrue(state.get("error").contains("Template '5-Day E2 (deleted)' not found"), state.get("error"));
        assertEquals(List.of(send.id()), schedule.deadLetterIds(10));
        assertEquals(Optional.empty(), sentAt(trackerId, 2));
    }

    @Test
    void aTemplateWithAnEmptySubjectIsDeadLettered() {
        tc.notion.addTemplate(TestCampaign.TEMPLATES_DB, "No Subject", "", "<p>Hi {{first_name}}</p>");
        tc.notion.addTemplate(TestCampaign.TEMPLATES_DB, "Blank Body", "Hello", "   ");
        String trackerId = tracker();
        ScheduledSend noSubject = send(trackerId, 2, "No Subject");
        ScheduledSend blankBody = send(trackerId, 3, "Blank Body");

        ObjectNode first = delivery.deliver(scheduleAndClaim(noSubject));
        ObjectNode second = delivery.deliver(scheduleAndClaim(blankBody));

        assertEquals("dead_lettered", first.path("status").asText());
        assertTrue(first.path("error").asText().contains("'No Subject'"), first.toString());
        assertEquals("dead_lettered", second.path("status").asText());
        assertTrue(second.path("error").asText().contains("'Blank Body'"), second.toString());
        assertEquals(0, resendPosts());
        assertEquals(2, schedule.countDead());
    }

    @Test
    void aResendOutageIsRetriedLaterAndThenDelivered() {
        StubMapping outage = tc.resend
                .server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(
                                500, FakeResend.errorBody(500, "application_error", "An unexpected error occurred."))));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));

        assertEquals("retry_scheduled", result.path("status").asText(), result.toString());
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("scheduled", state.get("state"));
        assertEquals("1", state.get("attempts"));
        assertTrue(state.get("error").contains("resend 500"), state.get("error"));
        assertTrue(state.get("error").contains("An unexpected error occurred."), state.get("error"));
        assertEquals(0, schedule.countClaimed());
        assertTrue(schedule.dueAt(send.id()).orElseThrow().isAfter(Instant.now()), "due again later");
        assertEquals(0, tc.resend.delivered().size());
        assertEquals(Optional.empty(), sentAt(trackerId, 2));

        tc.resend.server().removeStub(outage);
        makeDue(send.id());
        ClaimedSend retry = claim(send.id());
        assertEquals(2, retry.attempt());
        assertEquals("delivered", delivery.deliver(retry).path("status").asText());

        assertEquals(1, tc.resend.delivered().size());
        runCrmJobs();
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 2));
        assertEquals("delivered", schedule.inspect(send.id()).get("state"));
    }

    @Test
    void aSingleResendFailureIsRetriedWithinTheCall() {
        tc.resend
                .server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(JsonAnswers.json(
                                500, FakeResend.errorBody(500, "application_error", "An unexpected error occurred.")))
                        .willSetStateTo("recovered"));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        assertEquals(
                "delivered",
                delivery.deliver(scheduleAndClaim(send)).path("status").asText());

        assertEquals(2, resendPosts());
        assertEquals(1, tc.resend.delivered().size());
        assertEquals("1", schedule.inspect(send.id()).get("attempts"));
    }

    @Test
    void aResendValidationErrorIsDeadLetteredWithResendsMessage() {
        String message = "Invalid `to` field. The email address needs to follow the `email@example.com` or "
                + "`Name <email@example.com>` format.";
        tc.resend
                .server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(422, FakeResend.errorBody(422, "validation_error", message))));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));

        assertEquals("dead_lettered", result.path("status").asText());
        assertTrue(result.path("error").asText().contains(message), result.toString());
        assertEquals(1, resendPosts(), "not retried");
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("dead", state.get("state"));
        assertTrue(state.get("error").contains(message), state.get("error"));
        assertEquals(Optional.empty(), sentAt(trackerId, 2));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "daily_quota_exceeded, 2025-11-29T00:00:00Z",
        "monthly_quota_exceeded, 2025-12-01T00:00:00Z"
    })
    void aSpentResendQuotaPausesSendingUntilItResetsAndDeadLettersNothing(String quota, String reset) {
        String message =
                "You have reached your " + (quota.startsWith("daily") ? "daily" : "monthly") + " email sending quota.";
        StubMapping spent = tc.resend
                .server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(429, FakeResend.errorBody(429, quota, message))));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));

        assertEquals("paused", result.path("status").asText(), result.toString());
        assertEquals(reset, result.path("paused_until").asText());
        assertEquals(1, resendPosts(), "not retried at once");
        Map<String, String> state = schedule.inspect(send.id());
        assertEquals("scheduled", state.get("state"), "still scheduled, not dead");
        assertEquals(Optional.of(Instant.parse(reset)), schedule.dueAt(send.id()), "due when the quota resets");
        assertEquals("0", state.get("attempts"), "the attempt does not count");
        assertTrue(state.get("error").contains(message), state.get("error"));
        assertEquals(0, schedule.countDead());
        assertTrue(log().contains("\"event\":\"send.paused\""), log());

        // While the pause holds, a tick claims nothing, though E3 is due.
        ScheduledSend next = send(trackerId, 3, "5-Day E3");
        assertTrue(schedule.add(next, DUE));
        com.busos.campaign.dispatch.Dispatcher dispatcher = new com.busos.campaign.dispatch.Dispatcher(
                schedule,
                claim -> fail("nothing is handed over while sending is paused: " + claim.id()),
                10,
                8,
                Duration.ofSeconds(40),
                CLOCK,
                Log.to("email-dispatcher", new PrintStream(logs, true, StandardCharsets.UTF_8)));
        ObjectNode tick = dispatcher.tick();
        assertEquals("paused", tick.path("status").asText(), tick.toString());
        assertEquals(0, tick.path("claimed").asInt());
        assertEquals(reset, tick.path("paused_until").asText());
        assertEquals("scheduled", schedule.inspect(next.id()).get("state"));
        assertEquals(1, resendPosts());
        tc.resend.server().removeStub(spent);
    }

    @Test
    void aTrackerUpdateFailureAfterResendAcceptedDoesNotSendTwiceAndIsRetriedUntilWritten() {
        StubMapping notionDown = tc.notion
                .server()
                .stubFor(patch(urlPathMatching("/v1/pages/.+"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(
                                503,
                                FakeNotion.errorBody(
                                        503,
                                        "service_unavailable",
                                        "Notion is unavailable, please try again later."))));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));
        List<ObjectNode> failed = runCrmJobs();

        assertEquals("delivered", result.path("status").asText(), "Notion's outage is not the email's: " + result);
        assertEquals(1, tc.resend.delivered().size());
        assertEquals("delivered", schedule.inspect(send.id()).get("state"));
        assertEquals("retry_scheduled", failed.get(0).path("status").asText(), failed.toString());
        String jobId = failed.get(0).path("job_id").asText();
        assertTrue(
                schedule.inspect(jobId).get("error").contains("notion 503"),
                schedule.inspect(jobId).toString());
        assertEquals(Optional.empty(), sentAt(trackerId, 2));

        tc.notion.server().removeStub(notionDown);
        makeDue(jobId);
        List<ObjectNode> retried = runCrmJobs();

        assertEquals("done", retried.get(0).path("status").asText(), retried.toString());
        assertEquals(1, resendPosts(), "Resend is not called again (D9 fixed)");
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 2));
        assertEquals(0, schedule.countScheduled() + schedule.countClaimed() + schedule.countDead());
    }

    @Test
    void aKeyResendAlreadyAcceptedWithOtherContentCountsAsDeliveredNotDeadLettered() {
        // The answer to an earlier attempt was lost, and the content changed since (a template edit):
        // Resend refuses the same key with another payload. The email went out then; it is not dead.
        tc.resend
                .server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(
                                409,
                                FakeResend.errorBody(
                                        409,
                                        "invalid_idempotent_request",
                                        "Same idempotency key used with a different request payload."))));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));

        assertEquals("delivered", result.path("status").asText(), result.toString());
        runCrmJobs();
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 2));
        assertEquals("delivered", schedule.inspect(send.id()).get("state"));
        assertEquals(0, schedule.countDead());
    }

    @Test
    void eachSendIsRecordedInTheAnalyticsDatabaseWhenConfigured() {
        Map<Setting, String> settings = tc.settings();
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, TestCampaign.ANALYTICS_DB);
        use(settings);
        String trackerId = tracker();

        deliverE2(trackerId, 2);
        assertEquals(2, runCrmJobs().size(), "Email N Sent and the analytics page");

        List<ObjectNode> rows = tc.notion.pagesOf(TestCampaign.ANALYTICS_DB);
        assertEquals(1, rows.size());
        NotionPage row =
                new NotionPage(rows.get(0).path("id").asText(), rows.get(0).path("properties"));
        assertEquals(Optional.of(LEAD), row.email("Email"));
        assertEquals("5-Day E2", row.plainText("Template ID"));
        assertEquals(Optional.of(2.0), row.number("Email Number"));
        assertEquals(Optional.of("sent"), row.selectName("Status"));
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), row.dateStart("Sent Date"));
        assertEquals(Optional.of("Christmas Campaign"), row.selectName("Campaign"));
        assertEquals(tc.resend.delivered().get(0).id, row.plainText("Resend Email ID"));
    }

    @Test
    void aDeadLetteredSendIsRecordedAsFailedInAnalytics() {
        Map<Setting, String> settings = tc.settings();
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, TestCampaign.ANALYTICS_DB);
        use(settings);
        String trackerId = tracker();

        delivery.deliver(scheduleAndClaim(send(trackerId, 2, "Missing Template")));
        runCrmJobs();

        List<ObjectNode> rows = tc.notion.pagesOf(TestCampaign.ANALYTICS_DB);
        assertEquals(1, rows.size());
        NotionPage row =
                new NotionPage(rows.get(0).path("id").asText(), rows.get(0).path("properties"));
        assertEquals(Optional.of("failed"), row.selectName("Status"));
        assertTrue(
                row.plainText("Error Message").contains("Template 'Missing Template' not found"),
                row.plainText("Error Message"));
    }

    @Test
    void anAnalyticsFailureDoesNotFailTheSendAndIsDeadLetteredNotDropped() {
        Map<Setting, String> settings = tc.settings();
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, TestCampaign.ANALYTICS_DB);
        use(settings);
        tc.notion
                .server()
                .stubFor(post(urlEqualTo("/v1/pages"))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath(
                                "$.parent.data_source_id", equalTo(FakeNotion.dataSourceOf(TestCampaign.ANALYTICS_DB))))
                        .willReturn(JsonAnswers.json(
                                400,
                                FakeNotion.errorBody(
                                        400, "validation_error", "Status is not a property that exists."))));
        String trackerId = tracker();
        ScheduledSend send = send(trackerId, 2, "5-Day E2");

        ObjectNode result = delivery.deliver(scheduleAndClaim(send));
        runCrmJobs();

        assertEquals("delivered", result.path("status").asText(), result.toString());
        assertEquals(1, tc.resend.delivered().size());
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), sentAt(trackerId, 2));
        assertEquals("delivered", schedule.inspect(send.id()).get("state"));
        assertTrue(tc.notion.pagesOf(TestCampaign.ANALYTICS_DB).isEmpty());
        assertEquals(1, schedule.countDead(), "the analytics page waits in the dead letters, with Notion's reason");
        String dead = "crm:analytics_sent:" + send.id();
        assertEquals("dead", schedule.inspect(dead).get("state"));
        assertTrue(
                schedule.inspect(dead).get("error").contains("Status is not a property that exists."),
                schedule.inspect(dead).toString());
        assertEquals(0, schedule.countScheduled() + schedule.countClaimed());
    }
}
