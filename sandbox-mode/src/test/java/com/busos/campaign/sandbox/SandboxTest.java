package com.busos.campaign.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.templates.TemplateCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sandbox mode is chosen where the clients are built, from SANDBOX_DIR alone. */
class SandboxTest {
    @TempDir
    Path dir;

    @Test
    void withSandboxDirEveryRequiredSettingHasASandboxValueAndGivenOnesAreKept() {
        CampaignConfig config = Sandbox.filledIn(CampaignConfig.of(Map.of(
                Setting.SANDBOX_DIR,
                dir.toString(),
                Setting.NOTION_EMAIL_SEQUENCE_DB_ID,
                "my-trackers",
                Setting.TESTING_MODE,
                "false")));

        config.requireAll(Campaign.SEND_SETTINGS);
        config.requireAll(Campaign.SIGNUP_SETTINGS);
        config.requireAll(Campaign.FOLLOW_UP_SETTINGS);
        assertEquals("my-trackers", config.require(Setting.NOTION_EMAIL_SEQUENCE_DB_ID));
        assertEquals(Sandbox.TEMPLATES_DB, config.require(Setting.NOTION_EMAIL_TEMPLATES_DB_ID));
        assertEquals(Sandbox.ANALYTICS_DB, config.require(Setting.NOTION_EMAIL_ANALYTICS_DB_ID));
        assertEquals(false, config.testingMode(), "an explicit TESTING_MODE wins");
        assertTrue(
                Sandbox.filledIn(CampaignConfig.of(Map.of(Setting.SANDBOX_DIR, dir.toString())))
                        .testingMode(),
                "TESTING_MODE by default");

        CampaignConfig production = CampaignConfig.of(Map.of(Setting.NOTION_TOKEN, "secret_x"));
        assertSame(production, Sandbox.filledIn(production));
    }

    @Test
    void aCampaignWithSandboxDirReadsTheTemplateFiles() {
        Campaign campaign = new Campaign(
                CampaignConfig.of(Map.of(
                        Setting.SANDBOX_DIR,
                        dir.toString(),
                        Setting.TEMPLATES_DIR,
                        Path.of("..", "templates").toString())),
                Clock.systemUTC());

        TemplateCheck.Report report = campaign.templateCheck().run();

        assertTrue(report.ok(), report.toTable());
        assertEquals(14, report.rows().size());
    }

    @Test
    void aMissingTemplateFileIsReportedAsAMissingFileNotAsMissingFromNotion() {
        String prefix = com.busos.campaign.testing.TestRedis.uniquePrefix();
        try (Campaign campaign = new Campaign(
                CampaignConfig.of(Map.of(
                        Setting.SANDBOX_DIR,
                        dir.toString(),
                        Setting.TEMPLATES_DIR,
                        Path.of("..", "templates").toString(),
                        Setting.REDIS_URL,
                        com.busos.campaign.testing.TestRedis.url(),
                        Setting.REDIS_KEY_PREFIX,
                        prefix)),
                Clock.systemUTC())) {
            com.busos.campaign.schedule.Schedule schedule = campaign.schedule();
            com.busos.campaign.schedule.ScheduledSend send = new com.busos.campaign.schedule.ScheduledSend(
                    "5day", 2, "5-Day E2 (no such file)", "ada@example.com", "tracker-1", Map.of());
            assertTrue(schedule.add(send, java.time.Instant.parse("2020-01-01T00:00:00Z")));
            com.busos.campaign.schedule.ClaimedSend claim =
                    schedule.claimDue(10, java.time.Duration.ofMinutes(5), 8).get(0);

            String error = campaign.emailDelivery(com.busos.campaign.log.Log.forFunction("send-email"))
                    .deliver(claim)
                    .path("error")
                    .asText();

            assertTrue(error.contains("not found in the template files in "), error);
            assertTrue(error.contains("(<Template Name>.html)"), error);
            assertTrue(!error.contains("Notion") && !error.contains("Email Templates database"), error);
        }
    }
}
