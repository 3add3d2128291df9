package com.busos.campaign.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A CRM job that meets a Notion configuration error (the tracker database has two data sources and
 * NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID is not set) is held: back on the schedule, its attempts not
 * counted, however often it comes back; never dead-lettered for it, and the sequence's emails wait.
 */
class CrmJobHoldTest {
    private final TestCampaign tc = new TestCampaign();

    @AfterEach
    void close() {
        tc.close();
    }

    @Test
    void anEnrolmentJobMeetingAnUnchosenDataSourceIsHeldNeverDeadLettered() {
        tc.notion.addDataSource(TestCampaign.TRACKER_DB, "Archive");
        Campaign campaign = new Campaign(CampaignConfig.of(tc.settings()), Clock.systemUTC());
        Log quiet = Log.to("test", new PrintStream(OutputStream.nullOutputStream()));
        ObjectNode taken = campaign.signupService(quiet)
                .signup(Signup.from(RequestFields.parse(
                        "{\"email\":\"jane@example.com\",\"first_name\":\"Jane\",\"assessment_score\":42}")));
        String job = CrmJob.enrolIdOf(taken.path("sequence_id").asText());
        Schedule schedule = campaign.schedule();
        CrmJobs jobs = campaign.crmJobs(quiet);

        for (int round = 0; round < 10; round++) { // more than SEND_MAX_ATTEMPTS
            ClaimedSend claim =
                    schedule.claimDue(0, 1, Duration.ofMinutes(5), 8).get(0);
            assertEquals(job, claim.id());
            ObjectNode result = jobs.run(claim);
            assertEquals("held", result.path("status").asText(), result.toString());
            makeDue(job);
        }

        Map<String, String> state = schedule.inspect(job);
        assertEquals("scheduled", state.get("state"), state.toString());
        assertEquals("0", state.get("attempts"), "its attempts are not counted");
        assertTrue(state.get("error").contains("NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID"), state.get("error"));
        assertEquals(0, schedule.countDead());
        assertEquals(0, tc.notion.pagesOf(TestCampaign.TRACKER_DB).size());
    }

    private void makeDue(String id) {
        try (UnifiedJedis redis = TestRedis.client()) {
            redis.zadd(TestRedis.scheduledSetOf(tc.redisPrefix, id), 0, id);
        }
    }
}
