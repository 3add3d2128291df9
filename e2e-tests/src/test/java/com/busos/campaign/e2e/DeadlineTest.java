package com.busos.campaign.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A call cut at the function's exec_timeout stops there: christmas-signup, run as its image runs it
 * (the entrypoint with of-watchdog's {@code exec_timeout} in its environment), waits on a Notion that
 * answers after the deadline; the caller gets 504, and once the cut handler has returned, Notion has
 * received no write and nothing was scheduled, so a caller who retries races nothing.
 */
class DeadlineTest {
    private static final String ADDRESS = "deadline.lead@example.com";

    @Test
    void aSignupPastItsDeadlineWritesNothingAfterThe504() throws Exception {
        try (TestCampaign campaign = new TestCampaign();
                HoldingProxy notion = new HoldingProxy(campaign.notion.baseUrl())) {
            // The tracker lookup, the signup's first read of a record (after its data source's, GET
            // /v1/databases/{id}, which writes nothing), is held until after the caller's 504.
            HoldingProxy.Hold lookup = notion.holdBefore(
                    "POST", "/v1/data_sources/" + FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB) + "/query");
            Map<String, String> env = new HashMap<>();
            campaign.settings().forEach((setting, value) -> env.put(setting.envName(), value));
            env.put("NOTION_BASE_URL", notion.baseUrl());
            env.put("exec_timeout", "2s");

            try (FunctionProcess signup = FunctionProcess.start("christmas-signup", env)) {
                String body = "{\"email\":\"" + ADDRESS + "\",\"first_name\":\"Dee\",\"assessment_score\":50}";
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signup.url()))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                // signed, as the website signs it (the campaign has a webhook-secret)
                TestCampaign.signed(TestCampaign.WEBHOOK_SECRET, body, Map.of("Content-Type", "application/json"))
                        .forEach(request::header);
                HttpResponse<String> answer =
                        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(504, answer.statusCode(), answer.body());
                assertTrue(lookup.arrived(), "the lookup was under way at the deadline");
                lookup.release();

                // The cut handler returns once Notion has answered the lookup; the entrypoint says so.
                signup.awaitOutput("\"event\":\"late_result_discarded\"", Duration.ofSeconds(60));

                List<LoggedRequest> received = campaign.notion.server().findAll(anyRequestedFor(anyUrl()));
                String dataSourceLookup = "GET /v1/databases/" + TestCampaign.TRACKER_DB;
                List<String> writes = received.stream()
                        .map(r -> r.getMethod() + " " + r.getUrl())
                        .filter(r -> !r.endsWith("/query") && !r.equals(dataSourceLookup))
                        .collect(Collectors.toList());
                assertEquals(
                        List.of(),
                        writes,
                        "no Notion write after the deadline; the function said:\n" + signup.output());
                assertEquals(
                        2,
                        received.size(),
                        "only the tracker database's data source lookup and the lookup that was under way at the"
                                + " deadline: " + received.size());
                try (UnifiedJedis redis = RedisClient.create(URI.create(TestRedis.url()))) {
                    String prefix = "{" + campaign.redisPrefix + "}:";
                    assertEquals(0, redis.zcard(prefix + "scheduled"), "nothing scheduled");
                    assertTrue(redis.smembers(prefix + "by-email:" + ADDRESS).isEmpty(), "no send of the address");
                }
            }
        }
    }
}
