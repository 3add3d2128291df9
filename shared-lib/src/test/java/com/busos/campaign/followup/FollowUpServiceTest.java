package com.busos.campaign.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.CrmWork;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.UnifiedJedis;

/** The follow-up sequences against the Notion and Resend stand-ins and a real Redis. */
class FollowUpServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-11-28T15:00:00Z");
    private static final String EMAIL = "ada@example.com";

    private TestCampaign env;
    private UnifiedJedis redis;
    private Schedule schedule;
    private ByteArrayOutputStream logs;

    @BeforeEach
    void setUp() {
        env = new TestCampaign();
        redis = TestRedis.client();
        schedule = new Schedule(redis, env.redisPrefix);
        logs = new ByteArrayOutputStream();
    }

    @AfterEach
    void tearDown() {
        redis.close();
        env.close();
    }

    private FollowUps service() {
        return service(Map.of());
    }

    private FollowUps service(Map<Setting, String> overrides) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.putAll(env.settings());
        settings.putAll(overrides);
        Log log = Log.to("test", new PrintStream(logs, true, StandardCharsets.UTF_8));
        Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.fixed(NOW, ZoneOffset.UTC));
        return new FollowUps(campaign, campaign.followUpService(log), log);
    }

    /** The webhook's call, then its CRM job (the tracker record in Notion), as the dispatcher runs it. */
    private static final class FollowUps {
        final Campaign campaign;
        final FollowUpService service;
        final Log log;

        FollowUps(Campaign campaign, FollowUpService service, Log log) {
            this.campaign = campaign;
            this.service = service;
            this.log = log;
        }

        ObjectNode start(FollowUp request) {
            ObjectNode answer = service.start(request);
            CrmWork.runDue(campaign, log);
            return answer;
        }

        /** The tracker record the call's CRM job found or made. */
        String trackerOf(JsonNode answer) {
            String id = answer.has("sequence_id")
                    ? answer.path("sequence_id").asText()
                    : answer.path("existing_sequence_id").asText();
            return campaign.schedule().trackerOf(id).orElseThrow();
        }
    }

    static NoShow noShow() {
        return NoShow.from(RequestFields.of(FollowUpRequestsTest.noShowBody()));
    }

    static PostCall postCall() {
        return PostCall.from(RequestFields.of(FollowUpRequestsTest.postCallBody()));
    }

    static Onboarding onboarding() {
        return Onboarding.from(RequestFields.of(FollowUpRequestsTest.onboardingBody()));
    }

    /** The properties of the one page created in Notion, exactly as sent. */
    private JsonNode createdProperties() {
        List<LoggedRequest> creates = env.notion.server().findAll(postRequestedFor(urlEqualTo("/v1/pages")));
        assertEquals(1, creates.size(), "pages created");
        JsonNode body = json(creates.get(0).getBodyAsString());
        assertEquals(
                FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB),
                body.path("parent").path("data_source_id").asText());
        return body.path("properties");
    }

    private int trackerPages() {
        return env.notion.pagesOf(TestCampaign.TRACKER_DB).size();
    }

    private ScheduledSend scheduled(String sendId) {
        Map<String, String> hash = schedule.inspect(sendId);
        assertFalse(hash.isEmpty(), "send " + sendId + " is scheduled");
        return ScheduledSend.fromJson(hash.get("payload"));
    }

    /** The variables of the answer's email {@code number}, as scheduled. */
    private Map<String, String> fieldsOf(JsonNode answer, String sequence, int number) {
        return scheduled(sequence + ":" + answer.path("sequence_id").asText() + ":" + number)
                .fields();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String logText() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    /** Asserts the answer's scheduled_emails and the schedule in Redis: due at NOW + each delay. */
    private void assertScheduled(JsonNode answer, String sequence, List<String> templates, List<Duration> delays) {
        String trackerId = answer.path("sequence_id").asText();
        JsonNode entries = answer.path("scheduled_emails");
        assertEquals(3, entries.size(), entries.toString());
        for (int i = 0; i < 3; i++) {
            int number = i + 1;
            String sendId = sequence + ":" + trackerId + ":" + number;
            JsonNode entry = entries.get(i);
            assertEquals(number, entry.path("email_number").asInt());
            assertEquals(templates.get(i), entry.path("template").asText());
            assertEquals(sendId, entry.path("send_id").asText());
            assertEquals(
                    NOW.plus(delays.get(i)).toString(),
                    entry.path("scheduled_time").asText());
            assertFalse(entry.path("already_scheduled").asBoolean());
            assertEquals(NOW.plus(delays.get(i)), schedule.dueAt(sendId).orElseThrow());
            ScheduledSend send = scheduled(sendId);
            assertEquals(templates.get(i), send.template());
            assertEquals(trackerId, send.sequenceId());
            assertEquals(EMAIL, send.email());
        }
        assertEquals(3, schedule.countScheduled());
    }

    // ---- tracker records, answers and schedules ----

    @Test
    void noShowCreatesItsTrackerRecordAndSchedulesThreeEmails() {
        String contactId = env.notion.addContact(TestCampaign.CONTACTS_DB, EMAIL);
        ObjectNode answer = service().start(noShow());

        assertEquals(json("""
                {"Email": {"email": "ada@example.com"},
                 "First Name": {"rich_text": [{"text": {"content": "Ada"}}]},
                 "Business Name": {"rich_text": [{"text": {"content": "Ada's Salon"}}]},
                 "Template Type": {"select": {"name": "No-Show Recovery"}},
                 "Campaign": {"select": {"name": "Christmas 2025"}},
                 "Sequence Created": {"date": {"start": "2025-11-28T15:00:00Z"}},
                 "Sequence Completed": {"checkbox": false},
                 "Calendly Event URI": {"rich_text": [{"text": {"content": "https://api.calendly.com/scheduled_events/EV1"}}]},
                 "Scheduled Time": {"rich_text": [{"text": {"content": "2025-11-28T14:00:00Z"}}]},
                 "Event Type": {"rich_text": [{"text": {"content": "Discovery Call - $2997 Diagnostic"}}]}}
                """), createdProperties());

        String trackerId =
                env.notion.pagesOf(TestCampaign.TRACKER_DB).get(0).path("id").asText();
        assertEquals(
                Set.of("status", "email", "campaign", "message", "sequence_id", "scheduled_emails", "timestamp"),
                fieldNames(answer));
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(
                "No-show recovery sequence will begin shortly",
                answer.path("message").asText());
        assertEquals(EMAIL, answer.path("email").asText());
        assertEquals("Christmas Traditional Service", answer.path("campaign").asText());
        assertEquals(
                trackerId,
                schedule.trackerOf(answer.path("sequence_id").asText()).orElseThrow(),
                "its CRM job recorded the tracker record it made");
        assertEquals(NOW.toString(), answer.path("timestamp").asText());
        assertScheduled(
                answer,
                "noshow",
                List.of("noshow_recovery_email_1", "noshow_recovery_email_2", "noshow_recovery_email_3"),
                List.of(Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(48)));

        Map<String, String> fields = fieldsOf(answer, "noshow", 2);
        assertEquals("Ada", fields.get("first_name"));
        assertEquals("Ada's Salon", fields.get("business_name"));
        assertEquals("https://api.calendly.com/scheduled_events/EV1", fields.get("calendly_event_uri"));
        assertEquals("2025-11-28T14:00:00Z", fields.get("scheduled_time"));
        assertEquals("Discovery Call - $2997 Diagnostic", fields.get("event_type"));
        assertTrue(fields.containsKey("reschedule_url"));
        assertFalse(fields.containsKey("segment"));
    }

    @Test
    void postCallCreatesItsTrackerRecordAndSchedulesThreeEmails() {
        env.notion.addContact(TestCampaign.CONTACTS_DB, EMAIL);
        String notes = "a".repeat(1999) + "\uD83D\uDE00" + "b".repeat(500);
        ObjectNode body =
                FollowUpRequestsTest.postCallBody().put("call_notes", notes).put("follow_up_priority", "High");
        body.putArray("objections").add("price").add("timing");
        ObjectNode answer = service().start(PostCall.from(RequestFields.of(body)));

        JsonNode properties = createdProperties();
        // Cut to Notion's 2,000 characters, one fewer so the emoji's surrogate pair is not split.
        assertEquals(
                "a".repeat(1999),
                properties
                        .path("Call Notes")
                        .path("rich_text")
                        .get(0)
                        .path("text")
                        .path("content")
                        .asText());
        ((ObjectNode) properties).remove("Call Notes");
        assertEquals(json("""
                {"Email": {"email": "ada@example.com"},
                 "First Name": {"rich_text": [{"text": {"content": "Ada"}}]},
                 "Business Name": {"rich_text": [{"text": {"content": "Ada's Salon"}}]},
                 "Template Type": {"select": {"name": "Post-Call Follow-Up"}},
                 "Campaign": {"select": {"name": "Christmas 2025"}},
                 "Sequence Created": {"date": {"start": "2025-11-28T15:00:00Z"}},
                 "Sequence Completed": {"checkbox": false},
                 "Call Date": {"rich_text": [{"text": {"content": "2025-11-27T16:00:00Z"}}]},
                 "Call Outcome": {"rich_text": [{"text": {"content": "Maybe"}}]},
                 "Follow-Up Priority": {"rich_text": [{"text": {"content": "High"}}]},
                 "Objections": {"rich_text": [{"text": {"content": "price, timing"}}]}}
                """), properties);

        assertEquals(
                Set.of(
                        "status",
                        "email",
                        "campaign",
                        "message",
                        "call_outcome",
                        "sequence_id",
                        "scheduled_emails",
                        "timestamp"),
                fieldNames(answer));
        assertEquals(
                "Post-call follow-up sequence will begin shortly",
                answer.path("message").asText());
        assertEquals("Maybe", answer.path("call_outcome").asText());
        assertScheduled(
                answer,
                "postcall",
                List.of("postcall_maybe_email_1", "postcall_maybe_email_2", "postcall_maybe_email_3"),
                List.of(Duration.ofHours(1), Duration.ofHours(72), Duration.ofHours(168)));
        Map<String, String> fields = fieldsOf(answer, "postcall", 1);
        assertEquals(notes, fields.get("call_notes"));
        assertEquals("price, timing", fields.get("objections"));
        assertEquals("Maybe", fields.get("call_outcome"));
        assertEquals("High", fields.get("follow_up_priority"));
        assertEquals("2025-11-27T16:00:00Z", fields.get("call_date"));
    }

    @Test
    void postCallWritesNotesAndObjectionsOnlyWhenGiven() {
        ObjectNode body = FollowUpRequestsTest.postCallBody().put("call_notes", "");
        body.putArray("objections");
        service().start(PostCall.from(RequestFields.of(body)));
        JsonNode properties = createdProperties();
        assertFalse(properties.has("Call Notes"));
        assertFalse(properties.has("Objections"));
        assertEquals(
                "Medium",
                properties
                        .path("Follow-Up Priority")
                        .path("rich_text")
                        .get(0)
                        .path("text")
                        .path("content")
                        .asText());
    }

    @Test
    void onboardingCreatesItsTrackerRecordAndSchedulesThreeEmails() {
        env.notion.addContact(TestCampaign.CONTACTS_DB, EMAIL);
        ObjectNode body = FollowUpRequestsTest.onboardingBody()
                .put("salon_address", "1 Main St, Toronto")
                .put("start_date", "2025-12-01");
        body.putArray("observation_dates").add("2025-12-02").add("2025-12-03");
        ObjectNode answer = service().start(Onboarding.from(RequestFields.of(body)));

        assertEquals(json("""
                {"Email": {"email": "ada@example.com"},
                 "First Name": {"rich_text": [{"text": {"content": "Ada"}}]},
                 "Business Name": {"rich_text": [{"text": {"content": "Ada's Salon"}}]},
                 "Template Type": {"select": {"name": "Onboarding"}},
                 "Campaign": {"select": {"name": "Christmas 2025"}},
                 "Sequence Created": {"date": {"start": "2025-11-28T15:00:00Z"}},
                 "Sequence Completed": {"checkbox": false},
                 "Payment Amount": {"number": 2997.0},
                 "Payment Date": {"date": {"start": "2025-11-27"}},
                 "Package Type": {"rich_text": [{"text": {"content": "Phase 1 - Traditional Service Diagnostic"}}]},
                 "Salon Address": {"rich_text": [{"text": {"content": "1 Main St, Toronto"}}]},
                 "Observation Dates": {"rich_text": [{"text": {"content": "2025-12-02, 2025-12-03"}}]},
                 "Start Date": {"date": {"start": "2025-12-01"}}}
                """), createdProperties());

        assertEquals(
                Set.of(
                        "status",
                        "email",
                        "campaign",
                        "message",
                        "payment_amount",
                        "sequence_id",
                        "scheduled_emails",
                        "cancelled_sends",
                        "timestamp"),
                fieldNames(answer));
        assertEquals(0, answer.path("cancelled_sends").size(), "no sales emails were pending");
        assertEquals(
                "Onboarding welcome sequence will begin shortly",
                answer.path("message").asText());
        assertTrue(answer.path("payment_amount").isDouble());
        assertEquals("2997.0", answer.path("payment_amount").toString());
        assertScheduled(
                answer,
                "onboarding",
                List.of("onboarding_phase1_email_1", "onboarding_phase1_email_2", "onboarding_phase1_email_3"),
                List.of(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(72)));
        Map<String, String> fields = fieldsOf(answer, "onboarding", 3);
        assertEquals("2997", fields.get("payment_amount"));
        assertEquals("2025-11-27", fields.get("payment_date"));
        assertEquals("2025-12-02, 2025-12-03", fields.get("observation_dates"));
        assertEquals("1 Main St, Toronto", fields.get("salon_address"));
        assertEquals("2025-12-01", fields.get("start_date"));
        assertEquals("Phase 1 - Traditional Service Diagnostic", fields.get("package_type"));
    }

    @Test
    void onboardingWritesTheOptionalPropertiesOnlyWhenGiven() {
        service().start(onboarding());
        JsonNode properties = createdProperties();
        assertFalse(properties.has("Salon Address"));
        assertFalse(properties.has("Observation Dates"));
        assertFalse(properties.has("Start Date"));
    }

    @Test
    void docusignNotCompletedOnlyWarns() {
        ObjectNode answer = service()
                .start(Onboarding.from(
                        RequestFields.of(FollowUpRequestsTest.onboardingBody().put("docusign_completed", false))));
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(3, schedule.countScheduled());
        assertTrue(logText().contains("\"level\":\"warn\""));
        assertTrue(logText().contains("\"event\":\"docusign.not_completed\""));
    }

    static Stream<Arguments> everySequence() {
        return Stream.of(
                Arguments.of("noshow", (Supplier<FollowUp>) FollowUpServiceTest::noShow),
                Arguments.of("postcall", (Supplier<FollowUp>) FollowUpServiceTest::postCall),
                Arguments.of("onboarding", (Supplier<FollowUp>) FollowUpServiceTest::onboarding));
    }

    @ParameterizedTest
    @MethodSource("everySequence")
    void testingModeSendsAtOneTwoAndThreeMinutes(String sequence, Supplier<FollowUp> request) {
        ObjectNode answer = service(Map.of(Setting.TESTING_MODE, "true")).start(request.get());
        String trackerId = answer.path("sequence_id").asText();
        for (int n = 1; n <= 3; n++) {
            assertEquals(
                    NOW.plus(Duration.ofMinutes(n)),
                    schedule.dueAt(sequence + ":" + trackerId + ":" + n).orElseThrow());
            assertEquals(
                    NOW.plus(Duration.ofMinutes(n)).toString(),
                    answer.path("scheduled_emails")
                            .get(n - 1)
                            .path("scheduled_time")
                            .asText());
        }
    }

    // ---- a missing contact (D6) ----

    @ParameterizedTest
    @MethodSource("everySequence")
    void aMissingContactDoesNotBlockTheSequence(String sequence, Supplier<FollowUp> request) {
        ObjectNode answer = service().start(request.get());
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(1, trackerPages());
        assertEquals(3, schedule.countScheduled());
        assertTrue(logText().contains("\"event\":\"contact.not_found\""), logText());
        assertTrue(env.notion.pagesOf(TestCampaign.CONTACTS_DB).isEmpty(), "the contact is not created");
    }

    // ---- idempotency (D3) ----

    @ParameterizedTest
    @MethodSource("everySequence")
    void aSecondIdenticalCallIsSkippedAndSchedulesNothing(String sequence, Supplier<FollowUp> request) {
        ObjectNode first = service().start(request.get());
        ObjectNode second = service().start(request.get());
        assertEquals("skipped", second.path("status").asText());
        assertEquals(
                "duplicate_" + sequence + "_sequence", second.path("reason").asText());
        assertEquals(
                first.path("sequence_id").asText(),
                second.path("existing_sequence_id").asText());
        assertEquals(EMAIL, second.path("email").asText());
        assertEquals("Christmas Traditional Service", second.path("campaign").asText());
        assertEquals(
                first.path("scheduled_emails").findValuesAsText("send_id"),
                second.path("scheduled_emails").findValuesAsText("send_id"),
                "what the first call scheduled");
        assertEquals(1, trackerPages());
        assertEquals(3, schedule.countScheduled());
    }

    /** Tracker records of the address as Notion holds them: a 5-day one first, with no Template Type. */
    private String seedTracker(String templateType) {
        PropertyValues properties = new PropertyValues()
                .email("Email", EMAIL)
                .richText("First Name", "Ada")
                .select("Campaign", "Christmas 2025");
        if (templateType != null) properties.select("Template Type", templateType);
        else properties.date("Email 1 Sent", NOW.minus(Duration.ofDays(3)));
        return env.notion.addPage(TestCampaign.TRACKER_DB, properties.build());
    }

    @Test
    void theDuplicateCheckLooksAtEveryRecordOfTheAddress() {
        seedTracker(null);
        String postCallId = seedTracker("Post-Call Follow-Up");
        String noShowId = seedTracker("No-Show Recovery");
        assertTrue(
                env.notion
                        .pagesOf(TestCampaign.TRACKER_DB)
                        .get(0)
                        .path("properties")
                        .path("Template Type")
                        .path("select")
                        .isNull(),
                "the first record's Template Type comes back as null");

        // The webhook cannot know (it reads no Notion): its CRM job finds each record and stops the sequence.
        FollowUps followUps = service();
        ObjectNode noShowTaken = followUps.start(noShow());
        assertEquals("accepted", noShowTaken.path("status").asText());
        assertEquals(noShowId, followUps.trackerOf(noShowTaken), "the record Notion had");
        for (JsonNode email : noShowTaken.path("scheduled_emails")) {
            assertEquals(
                    "cancelled",
                    schedule.inspect(email.path("send_id").asText()).get("state"));
        }
        ObjectNode noShowAnswer = followUps.start(noShow());
        assertEquals("skipped", noShowAnswer.path("status").asText());
        assertEquals("duplicate_noshow_sequence", noShowAnswer.path("reason").asText());
        assertEquals(
                noShowTaken.path("sequence_id").asText(),
                noShowAnswer.path("existing_sequence_id").asText());

        ObjectNode postCallTaken = followUps.start(postCall());
        assertEquals(postCallId, followUps.trackerOf(postCallTaken));
        ObjectNode postCallAnswer = followUps.start(postCall());
        assertEquals(
                "duplicate_postcall_sequence", postCallAnswer.path("reason").asText());
        assertEquals(3, trackerPages());
        assertEquals(0, schedule.countScheduled());

        // No onboarding record yet: that sequence starts, beside the others.
        ObjectNode onboardingAnswer = service().start(onboarding());
        assertEquals("accepted", onboardingAnswer.path("status").asText());
        assertEquals(4, trackerPages());
        assertEquals(3, schedule.countScheduled());
    }

    @Test
    void aFiveDayRecordWithoutTemplateTypeDoesNotCountNorFail() {
        seedTracker(null);
        ObjectNode answer = service().start(noShow());
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(2, trackerPages());
    }

    @Test
    void theDuplicateCheckFollowsPagination() {
        for (int i = 0; i < 120; i++) seedTracker(i % 2 == 0 ? null : "Onboarding");
        String noShowId = seedTracker("No-Show Recovery");

        FollowUps followUps = service();
        ObjectNode answer = followUps.start(noShow());
        assertEquals(noShowId, followUps.trackerOf(answer), "found on the second page of results");
        assertEquals(0, schedule.countScheduled(), "a duplicate: its new emails are cancelled");
        assertTrue(
                env.notion
                                .server()
                                .findAll(postRequestedFor(urlEqualTo("/v1/data_sources/"
                                        + FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB) + "/query")))
                                .size()
                        >= 2,
                "the tracker query read more than one page of results");
        assertEquals(121, trackerPages());
        assertEquals(0, schedule.countScheduled());
    }

    @Test
    void otherAddressesRecordsDoNotCount() {
        env.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", "grace@example.com")
                        .select("Template Type", "No-Show Recovery")
                        .build());
        assertEquals("accepted", service().start(noShow()).path("status").asText());
    }

    // ---- Redis down ----

    @ParameterizedTest
    @MethodSource("everySequence")
    void redisDownFailsBeforeAnythingIsWritten(String sequence, Supplier<FollowUp> request) {
        FollowUps service = service(Map.of(Setting.REDIS_URL, "redis://127.0.0.1:" + TestRedis.freePort()));
        int notionRequests = env.notion.requestCount();
        assertThrows(ScheduleUnavailableException.class, () -> service.start(request.get()));
        assertEquals(notionRequests, env.notion.requestCount(), "Notion was not called");
        assertEquals(0, trackerPages());
        assertEquals(0, schedule.countScheduled());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
