package com.busos.campaign.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A call cut at the function's exec_timeout stops there: send-email, run as its image runs it (the
 * entrypoint with of-watchdog's {@code exec_timeout} in its environment), runs a signup's CRM job and
 * waits on a Notion that answers after the deadline; the dispatcher gets 504, and once the cut handler
 * has returned, Notion has received no write and the job is still held by its claim, so the next claim
 * after the lease races nothing.
 */
class DeadlineTest {
    private static final String ADDRESS = "deadline.lead@example.com";

    @Test
    void aCrmJobPastItsDeadlineWritesNothingAfterThe504() throws Exception {
        try (TestCampaign campaign = new TestCampaign();
                HoldingProxy notion = new HoldingProxy(campaign.notion.baseUrl())) {
            Campaign direct = new Campaign(CampaignConfig.of(campaign.settings()), Clock.systemUTC());
            ObjectNode taken = direct.signupService(
                            Log.to("christmas-signup", new PrintStream(OutputStream.nullOutputStream())))
                    .signup(Signup.from(RequestFields.parse(
                            "{\"email\":\"" + ADDRESS + "\",\"first_name\":\"Dee\",\"assessment_score\":50}")));
            Schedule schedule = direct.schedule();
            ClaimedSend job = schedule.claimDue(0, 1, Duration.ofMinutes(5), 8).get(0);
            assertEquals("crm:enrol:" + taken.path("sequence_id").asText(), job.id());

            // The tracker lookup, the job's first read of a record (after its data source's, GET
            // /v1/databases/{id}, which writes nothing), is held until after the 504.
            HoldingProxy.Hold lookup = notion.holdBefore(
                    "POST", "/v1/data_sources/" + FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB) + "/query");
            Map<String, String> env = new HashMap<>();
            campaign.settings().forEach((setting, value) -> env.put(setting.envName(), value));
            env.put("NOTION_BASE_URL", notion.baseUrl());
            env.put("exec_timeout", "2s");

            try (FunctionProcess sendEmail = FunctionProcess.start("send-email", env)) {
                String body = "{\"send_id\":\"" + job.id() + "\",\"token\":\"" + job.token() + "\"}";
                HttpResponse<String> answer = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(sendEmail.url()))
                                        .timeout(Duration.ofSeconds(60))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(504, answer.statusCode(), answer.body());
                assertTrue(lookup.arrived(), "the lookup was under way at the deadline");
                lookup.release();

                // The cut handler returns once Notion has answered the lookup; the entrypoint says so.
                sendEmail.awaitOutput("\"event\":\"late_result_discarded\"", Duration.ofSeconds(60));

                List<LoggedRequest> received = campaign.notion.server().findAll(anyRequestedFor(anyUrl()));
                String dataSourceLookup = "GET /v1/databases/" + TestCampaign.TRACKER_DB;
                List<String> writes = received.stream()
                        .map(r -> r.getMethod() + " " + r.getUrl())
                        .filter(r -> !r.endsWith("/query") && !r.equals(dataSourceLookup))
                        .collect(Collectors.toList());
                assertEquals(
                        List.of(),
                        writes,
                        "no Notion write after the deadline; the function said:\n" + sendEmail.output());
                assertEquals(
                        2,
                        received.size(),
                        "only the tracker database's data source lookup and the lookup that was under way at the"
                                + " deadline: " + received.size());
                Map<String, String> state = schedule.inspect(job.id());
                assertEquals("claimed", state.get("state"), "still held by its claim: " + state);
                assertEquals(
                        java.util.Optional.empty(),
                        schedule.trackerOf(taken.path("sequence_id").asText()),
                        "no tracker recorded");
            }
        }
    }
}
