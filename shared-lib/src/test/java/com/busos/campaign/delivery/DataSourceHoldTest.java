package com.busos.campaign.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Email Templates database with two data sources (Notion 2025-09-03): with
 * NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID the chosen one's template is sent; without it every send meets
 * a configuration error, and each one stays on the schedule, its attempts not counted, however often
 * it comes back: never dead-lettered for it.
 */
class DataSourceHoldTest {
    private static final String LEAD = "jane@example.com";

    private TestCampaign tc;
    private ByteArrayOutputStream logs;
    private Schedule schedule;
    private EmailDelivery delivery;
    private UnifiedJedis redis;
    private String drafts;

    @BeforeEach
    void setUp() {
        tc = new TestCampaign();
        drafts = tc.notion.addDataSource(TestCampaign.TEMPLATES_DB, "Drafts");
        tc.notion.addTemplateTo(drafts, "5-Day E2", "Draft subject for {{first_name}}", "<p>Draft body</p>");
        logs = new ByteArrayOutputStream();
        redis = TestRedis.client();
    }

    @AfterEach
    void tearDown() {
        redis.close();
        tc.close();
    }

    private void use(Map<Setting, String> settings) {
        Campaign campaign = new Campaign(CampaignConfig.of(settings), Clock.systemUTC());
        schedule = campaign.schedule();
        delivery = campaign.emailDelivery(Log.to("send-email", new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    private ScheduledSend scheduled() {
        String tracker = tc.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .richText("First Name", "Jane")
                        .build());
        ScheduledSend send = new ScheduledSend("5day", 2, "5-Day E2", LEAD, tracker, Map.of("first_name", "Jane"));
        assertTrue(schedule.add(send, Instant.parse("2020-01-01T00:00:00Z")));
        return send;
    }

    private List<ClaimedSend> claimDue() {
        return schedule.claimDue(10, Duration.ofMinutes(5), Campaign.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void withTheSettingTheChosenDataSourcesTemplateIsSent() {
        Map<Setting, String> settings = tc.settings();
        settings.put(Setting.NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID, drafts);
        use(settings);
        ScheduledSend send = scheduled();

        ObjectNode result = delivery.deliver(claimDue().get(0));

        assertEquals("delivered", result.path("status").asText(), result.toString());
        assertEquals(1, tc.resend.delivered().size());
        assertEquals("Draft subject for Jane", tc.resend.delivered().get(0).subject());
        assertEquals("delivered", schedule.inspect(send.id()).get("state"));
    }

    @Test
    void withoutTheSettingEverySendIsHeldNeverDeadLettered() {
        use(tc.settings());
        ScheduledSend send = scheduled();
        String scheduledKey = TestRedis.scheduledSetOf(tc.redisPrefix, send.id());

        for (int attempt = 1; attempt <= Campaign.DEFAULT_MAX_ATTEMPTS + 2; attempt++) {
            List<ClaimedSend> claims = claimDue();
            assertEquals(1, claims.size(), "claimable again, attempt " + attempt);
            assertEquals(1, claims.get(0).attempt(), "the held attempts are not counted");

            ObjectNode result = delivery.deliver(claims.get(0));

            assertEquals("held", result.path("status").asText(), result.toString());
            String error = result.path("error").asText();
            assertTrue(error.startsWith("missing configuration: NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID"), error);
            assertTrue(error.contains(drafts + " (\"Drafts\")"), "names the data sources found: " + error);
            assertEquals(
                    EmailDelivery.CONFIGURATION_RETRY.getSeconds(),
                    result.path("retry_in_seconds").asLong());
            assertEquals("scheduled", schedule.inspect(send.id()).get("state"));
            assertEquals(0, schedule.countDead());
            assertEquals(List.of(), claimDue(), "due again only later");
            Instant due = schedule.dueAt(send.id()).orElseThrow();
            assertTrue(due.isAfter(Instant.now().plus(Duration.ofMinutes(4))), due.toString());
            redis.zadd(scheduledKey, 0, send.id()); // the wait is over: due now
        }

        assertEquals(0, tc.resend.delivered().size(), "nothing sent");
        assertEquals(0, schedule.countDead());
        assertTrue(schedule.inspect(send.id()).get("error").contains("NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID"));
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"event\":\"send.held\""), log);
        assertTrue(!log.contains("dead_lettered"), log);
    }
}
