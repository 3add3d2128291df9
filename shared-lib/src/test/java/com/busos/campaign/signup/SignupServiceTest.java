package com.busos.campaign.signup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.CrmWork;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * §6.1 signup_handler_flow, ported: E2–E5 on the schedule at once, and the tracker and contact in Notion
 * by the signup's CRM job ({@link #signup} runs the due CRM jobs after the call, as the dispatcher would).
 */
class SignupServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-11-28T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String LEAD = "jane@example.com";
    private static final String BODY = "{\"email\":\"jane@example.com\",\"first_name\":\"Jane\","
            + "\"business_name\":\"Acme Salon\",\"assessment_score\":42,\"red_systems\":1,\"orange_systems\":1,"
            + "\"yellow_systems\":3,\"green_systems\":3,\"gps_score\":40,\"money_score\":55,"
            + "\"weakest_system_1\":\"GPS\",\"weakest_system_2\":\"Money\",\"revenue_leak_total\":14500}";

    private TestCampaign tc;
    private ByteArrayOutputStream logs;
    private SignupService service;
    private Schedule schedule;
    private Campaign campaign;

    @BeforeEach
    void setUp() {
        tc = new TestCampaign();
        logs = new ByteArrayOutputStream();
        use(tc.settings());
    }

    @AfterEach
    void tearDown() {
        tc.close();
    }

    private void use(Map<Setting, String> settings) {
        campaign = new Campaign(CampaignConfig.of(settings), CLOCK);
        schedule = campaign.schedule();
        service =
                campaign.signupService(Log.to("christmas-signup", new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    /** The webhook's call, then its CRM job (the tracker record and the contact), as the dispatcher runs it. */
    private ObjectNode signup(String body) {
        ObjectNode answer = signupOnly(body);
        CrmWork.runDue(campaign, Log.to("send-email", new PrintStream(logs, true, StandardCharsets.UTF_8)));
        return answer;
    }

    private ObjectNode signupOnly(String body) {
        return service.signup(Signup.from(RequestFields.parse(body)));
    }

    /** The tracker record the signup's CRM job found or made. */
    private String trackerOf(ObjectNode answer) {
        return schedule.trackerOf(answer.path("sequence_id").asText()).orElseThrow();
    }

    private List<ObjectNode> trackersOf(String email) {
        return tc.notion.pagesOf(TestCampaign.TRACKER_DB).stream()
                .filter(page -> email.equals(
                        page.path("properties").path("Email").path("email").asText()))
                .collect(Collectors.toList());
    }

    private static NotionPage page(JsonNode json) {
        return new NotionPage(json.path("id").asText(), json.path("properties"));
    }

    private static String sendId(String sequenceId, int number) {
        return "5day:" + sequenceId + ":" + number;
    }

    private Set<String> scheduledIds() {
        try (UnifiedJedis redis = TestRedis.client()) {
            return new java.util.HashSet<>(
                    TestRedis.scheduled(redis, tc.redisPrefix).keySet());
        }
    }

    private static List<Integer> numbers(JsonNode scheduled) {
        List<Integer> numbers = new ArrayList<>();
        scheduled.forEach(entry -> numbers.add(entry.path("email_number").asInt()));
        return numbers;
    }

    @Test
    void aNewSignupCreatesTheTrackerUpdatesTheContactAndSchedulesEmailsTwoToFive() {
        String contactId = tc.notion.addContact(TestCampaign.CONTACTS_DB, LEAD);

        ObjectNode answer = signup(BODY);

        assertEquals("accepted", answer.path("status").asText(), answer.toString());
        assertEquals(LEAD, answer.path("email").asText());
        assertEquals("Christmas 2025", answer.path("campaign").asText());
        assertEquals("URGENT", answer.path("segment").asText());
        assertEquals(NOW.toString(), answer.path("timestamp").asText());
        String sequenceId = answer.path("sequence_id").asText();

        List<ObjectNode> trackers = trackersOf(LEAD);
        assertEquals(1, trackers.size());
        String trackerId = trackers.get(0).path("id").asText();
        assertEquals(trackerId, trackerOf(answer), "the CRM job recorded the tracker it made");
        NotionPage tracker = page(trackers.get(0));
        assertEquals(Optional.of(LEAD), tracker.email("Email"));
        assertEquals("Jane", tracker.plainText("First Name"));
        assertEquals("Acme Salon", tracker.plainText("Business Name"));
        assertEquals(Optional.of(42.0), tracker.number("Assessment Score"));
        assertEquals(Optional.of(1.0), tracker.number("Red Systems"));
        assertEquals(Optional.of(1.0), tracker.number("Orange Systems"));
        assertEquals(Optional.of(3.0), tracker.number("Yellow Systems"));
        assertEquals(Optional.of(3.0), tracker.number("Green Systems"));
        assertEquals(Optional.of("Christmas 2025"), tracker.selectName("Campaign"));
        assertEquals(Optional.of("2025-11-28T10:00:00Z"), tracker.dateStart("Signup Date"));
        assertTrue(tracker.properties().path("Sequence Completed").has("checkbox"));
        assertFalse(tracker.checkbox("Sequence Completed"));
        assertTrue(tracker.checkbox("Assessment Completed"));
        assertEquals(Optional.of("URGENT"), tracker.selectName("Segment"));
        assertEquals(Optional.empty(), tracker.selectName("Template Type"), "no Template Type for the 5-day sequence");
        assertEquals(Optional.empty(), tracker.dateStart("Email 1 Sent"));

        NotionPage contact = page(tc.notion.page(contactId).orElseThrow());
        assertEquals(Optional.of(42.0), contact.number("Assessment Score"));
        assertEquals(Optional.of("URGENT"), contact.selectName("Segment"));
        assertEquals(Optional.of("Nurture Sequence"), contact.selectName("Christmas Campaign Status"));

        assertEquals(List.of(2, 3, 4, 5), numbers(answer.path("scheduled_emails")));
        assertEquals(
                Set.of(sendId(sequenceId, 2), sendId(sequenceId, 3), sendId(sequenceId, 4), sendId(sequenceId, 5)),
                scheduledIds());
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(24))), schedule.dueAt(sendId(sequenceId, 2)));
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(72))), schedule.dueAt(sendId(sequenceId, 3)));
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(96))), schedule.dueAt(sendId(sequenceId, 4)));
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(120))), schedule.dueAt(sendId(sequenceId, 5)));
        for (JsonNode entry : answer.path("scheduled_emails")) {
            assertFalse(entry.path("already_scheduled").asBoolean());
            assertEquals(
                    "5-Day E" + entry.path("email_number").asInt(),
                    entry.path("template").asText());
        }
        assertEquals(
                NOW.plus(Duration.ofHours(24)).toString(),
                answer.path("scheduled_emails").get(0).path("scheduled_time").asText());
    }

    @Test
    void theSignupItselfMakesNoNotionRequestAndItsCrmWorkFollows() {
        String contactId = tc.notion.addContact(TestCampaign.CONTACTS_DB, LEAD);
        int before = tc.notion.requestCount();

        ObjectNode answer = signupOnly(BODY);

        assertEquals("accepted", answer.path("status").asText(), answer.toString());
        assertEquals(before, tc.notion.requestCount(), "no Notion request on the webhook's path");
        assertEquals(4, answer.path("scheduled_emails").size());
        assertTrue(trackersOf(LEAD).isEmpty(), "the tracker record comes with the CRM job");
        String job = "crm:enrol:" + answer.path("sequence_id").asText();
        assertEquals("scheduled", schedule.inspect(job).get("state"));
        assertEquals(
                job,
                schedule.inspect(sendId(answer.path("sequence_id").asText(), 2)).get("after"),
                "E2 waits for it");

        CrmWork.runDue(campaign);

        assertEquals(1, trackersOf(LEAD).size());
        assertEquals("done", schedule.inspect(job).get("state"));
        assertEquals(
                Optional.of(42.0), page(tc.notion.page(contactId).orElseThrow()).number("Assessment Score"));
    }

    @Test
    void caseVariantsOfOneAddressAreOneEnrolment() {
        ObjectNode first = signup(BODY.replace(LEAD, "Jane@Example.com"));
        ObjectNode second = signup(BODY.replace(LEAD, "jane@example.com"));
        ObjectNode third = signup(BODY.replace(LEAD, " JANE@EXAMPLE.COM "));

        assertEquals("accepted", first.path("status").asText(), first.toString());
        assertEquals(
                first.path("sequence_id").asText(), second.path("sequence_id").asText(), second.toString());
        assertEquals(
                first.path("sequence_id").asText(), third.path("sequence_id").asText(), third.toString());
        assertEquals(1, tc.notion.pagesOf(TestCampaign.TRACKER_DB).size(), "one tracker record");
        assertEquals(4, scheduledIds().size(), "one sequence's four emails, not twelve");
        String sequenceId = first.path("sequence_id").asText();
        String trackerId = trackerOf(first);
        // The local part as typed (the domain is lower-cased by validation, as before).
        assertEquals(
                "Jane@example.com",
                tc.notion
                        .page(trackerId)
                        .orElseThrow()
                        .at("/properties/Email/email")
                        .asText(),
                "Notion shows the address as typed first");
        assertTrue(
                schedule.inspect(sendId(sequenceId, 2)).get("payload").contains("\"Jane@example.com\""),
                "the email goes to the address as typed");
    }

    @Test
    void eachScheduledSendCarriesTheContactsFields() {
        String sequenceId = signup(BODY).path("sequence_id").asText();

        ScheduledSend send =
                ScheduledSend.fromJson(schedule.inspect(sendId(sequenceId, 3)).get("payload"));

        assertEquals("5day", send.sequence());
        assertEquals(3, send.emailNumber());
        assertEquals("5-Day E3", send.template());
        assertEquals(LEAD, send.email());
        assertEquals(sequenceId, send.sequenceId());
        assertEquals("Jane", send.fields().get("first_name"));
        assertEquals("Acme Salon", send.fields().get("business_name"));
        assertEquals("42", send.fields().get("assessment_score"));
        assertEquals("URGENT", send.fields().get("segment"));
        assertEquals("1", send.fields().get("red_systems"));
        assertEquals("GPS", send.fields().get("weakest_system_1"));
        assertEquals("Money", send.fields().get("weakest_system_2"));
        assertEquals("14500", send.fields().get("revenue_leak_total"));
    }

    @Test
    void testingModeSchedulesMinutesApart() {
        Map<Setting, String> settings = tc.settings();
        settings.put(Setting.TESTING_MODE, "True");
        use(settings);

        String id = signup(BODY).path("sequence_id").asText();

        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(1))), schedule.dueAt(sendId(id, 2)));
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(2))), schedule.dueAt(sendId(id, 3)));
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(3))), schedule.dueAt(sendId(id, 4)));
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(4))), schedule.dueAt(sendId(id, 5)));
    }

    @Test
    void withoutAContactTheSignupGoesOnWithAWarning() {
        ObjectNode answer = signup(BODY);

        assertEquals("accepted", answer.path("status").asText());
        assertTrue(tc.notion.pagesOf(TestCampaign.CONTACTS_DB).isEmpty(), "no contact is created");
        assertEquals(1, trackersOf(LEAD).size());
        assertEquals(4, schedule.countScheduled());
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"level\":\"warn\"") && log.contains("\"event\":\"contact.not_found\""), log);
    }

    @Test
    void aRepeatedSignupReusesTheRecordAndSchedulesNothingNew() {
        ObjectNode first = signup(BODY);
        ObjectNode second = signup(BODY);

        assertEquals("accepted", second.path("status").asText());
        assertEquals(
                first.path("sequence_id").asText(), second.path("sequence_id").asText());
        assertEquals(1, trackersOf(LEAD).size());
        assertEquals(4, schedule.countScheduled());
        assertEquals(List.of(2, 3, 4, 5), numbers(second.path("scheduled_emails")));
        for (int i = 0; i < 4; i++) {
            JsonNode entry = second.path("scheduled_emails").get(i);
            assertTrue(entry.path("already_scheduled").asBoolean(), entry.toString());
            assertEquals(
                    first.path("scheduled_emails").get(i).path("scheduled_time").asText(),
                    entry.path("scheduled_time").asText(),
                    "the first due time stands");
        }
    }

    @Test
    void aTrackerShowingOnlyEmailOneSentStillGetsEmailsTwoToFive() {
        String existing = tc.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .select("Campaign", "Christmas 2025")
                        .date("Email 1 Sent", NOW.minusSeconds(60))
                        .build());

        ObjectNode answer = signup(BODY);

        assertEquals("accepted", answer.path("status").asText(), answer.toString());
        assertEquals(existing, trackerOf(answer), "the website's record is reused");
        assertEquals(1, trackersOf(LEAD).size());
        assertEquals(List.of(2, 3, 4, 5), numbers(answer.path("scheduled_emails")));
        String id = answer.path("sequence_id").asText();
        assertEquals(Set.of(sendId(id, 2), sendId(id, 3), sendId(id, 4), sendId(id, 5)), scheduledIds());
    }

    @Test
    void aTrackerShowingEmailTwoSentIsSkipped() {
        String contactId = tc.notion.addContact(TestCampaign.CONTACTS_DB, LEAD);
        String existing = tc.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .date("Email 1 Sent", NOW.minusSeconds(90_000))
                        .date("Email 2 Sent", NOW.minusSeconds(3_600))
                        .build());

        ObjectNode taken = signup(BODY);
        // The webhook cannot know (it reads no Notion): its CRM job finds the record and stops the sequence.
        assertEquals("accepted", taken.path("status").asText(), taken.toString());
        assertEquals(existing, trackerOf(taken));
        assertEquals(0, schedule.countScheduled(), "the new emails are cancelled");
        for (JsonNode email : taken.path("scheduled_emails")) {
            assertEquals(
                    "cancelled",
                    schedule.inspect(email.path("send_id").asText()).get("state"));
        }

        ObjectNode answer = signup(BODY);

        assertEquals("skipped", answer.path("status").asText(), answer.toString());
        assertEquals("already_in_sequence", answer.path("reason").asText());
        assertEquals(
                taken.path("sequence_id").asText(), answer.path("sequence_id").asText());
        assertEquals(JSON.createArrayNode().add(1).add(2), answer.path("emails_sent"));
        assertEquals(0, schedule.countScheduled());
        assertEquals(1, trackersOf(LEAD).size());
        assertEquals(
                Optional.empty(),
                page(tc.notion.page(contactId).orElseThrow()).selectName("Christmas Campaign Status"),
                "the contact is left alone");
    }

    @Test
    void aTrackerWithAnUnsetCampaignIsReused() {
        String existing = tc.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues().email("Email", LEAD).build());
        assertTrue(tc.notion
                .page(existing)
                .orElseThrow()
                .path("properties")
                .path("Campaign")
                .get("select")
                .isNull());

        ObjectNode answer = signup(BODY);

        assertEquals("accepted", answer.path("status").asText(), answer.toString());
        assertEquals(existing, trackerOf(answer));
        assertEquals(4, schedule.countScheduled());
    }

    @Test
    void anotherSequencesTrackerIsNotTheFiveDayRecord() {
        String noshow = tc.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .select("Template Type", "No-Show Recovery")
                        .date("Email 2 Sent", NOW.minusSeconds(60))
                        .build());

        ObjectNode answer = signup(BODY);

        assertEquals("accepted", answer.path("status").asText(), answer.toString());
        assertNotEquals(noshow, trackerOf(answer));
        assertEquals(2, trackersOf(LEAD).size());
        assertEquals(4, schedule.countScheduled());
    }

    @Test
    void aMissingOrEmptyBusinessNameIsYourBusiness() {
        Map<String, ObjectNode> answers = Map.of(
                "jane@example.com",
                signup(
                        "{\"email\":\"jane@example.com\",\"first_name\":\"Jane\",\"business_name\":null,\"assessment_score\":42}"),
                "john@example.com",
                signup(
                        "{\"email\":\"john@example.com\",\"first_name\":\"John\",\"business_name\":\"\",\"assessment_score\":42}"));

        for (String email : List.of("jane@example.com", "john@example.com")) {
            ObjectNode tracker = trackersOf(email).get(0);
            assertEquals("your business", page(tracker).plainText("Business Name"), email);
            String payload = schedule.inspect(
                            sendId(answers.get(email).path("sequence_id").asText(), 2))
                    .get("payload");
            assertEquals(
                    "your business", ScheduledSend.fromJson(payload).fields().get("business_name"), email);
        }
    }

    @Test
    void theSegmentFollowsTheSystemCounts() {
        ObjectNode critical = signup("{\"email\":\"a@example.com\",\"first_name\":\"A\",\"assessment_score\":20,"
                + "\"red_systems\":3,\"orange_systems\":1}");
        ObjectNode optimize = signup("{\"email\":\"b@example.com\",\"first_name\":\"B\",\"assessment_score\":90,"
                + "\"red_systems\":0,\"orange_systems\":1,\"green_systems\":7}");
        assertEquals("CRITICAL", critical.path("segment").asText());
        assertEquals("OPTIMIZE", optimize.path("segment").asText());
        assertEquals(
                Optional.of("CRITICAL"),
                page(trackersOf("a@example.com").get(0)).selectName("Segment"));
    }

    @Test
    void whenRedisIsDownNothingIsWrittenToNotion() {
        Map<Setting, String> settings = tc.settings();
        settings.put(Setting.REDIS_URL, "redis://127.0.0.1:" + TestRedis.freePort());
        use(settings);
        tc.notion.addContact(TestCampaign.CONTACTS_DB, LEAD);
        int before = tc.notion.requestCount();

        assertThrows(ScheduleUnavailableException.class, () -> signup(BODY));

        assertEquals(before, tc.notion.requestCount(), "Notion was not called");
        assertTrue(trackersOf(LEAD).isEmpty());
    }
}
