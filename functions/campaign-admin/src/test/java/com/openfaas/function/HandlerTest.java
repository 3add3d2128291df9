package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.admin.AdminApi;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /function/campaign-admin/&lt;operation&gt; end to end, every operation with and without the token. */
class HandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "function-test-admin-token";
    private static final String LEAD = "ada@example.com";

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private final TestCampaign env = harness.campaign;
    private Schedule schedule;
    private String pendingId;
    private String deadId;

    @BeforeEach
    void setUp() {
        harness.set("ADMIN_TOKEN", TOKEN);
        schedule = harness.schedule();
        deadId = harness.deadLetter(
                new ScheduledSend("5day", 2, "5-Day E2", LEAD, "tracker-1", Map.of()),
                "Template '5-Day E2' not found in Notion.");
        ScheduledSend pending = new ScheduledSend("5day", 3, "5-Day E3", LEAD, "tracker-1", Map.of());
        schedule.add(pending, Instant.now().plus(Duration.ofDays(2)));
        pendingId = pending.id();
    }

    private IResponse call(String path, String query, String body, String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) headers.put("Authorization", authorization);
        return new Handler(harness.config()).Handle(new Request(body, headers, query, path));
    }

    private JsonNode ok(String path, String query, String body) {
        IResponse response = call(path, query, body, "Bearer " + TOKEN);
        assertEquals(200, response.getStatusCode(), path + ": " + response.getBody());
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyOperationAnswersWithTheToken() {
        JsonNode stats = ok("/stats", null, "");
        assertEquals(1, stats.path("scheduled").asInt());
        assertEquals(1, stats.path("dead").asInt());
        assertEquals(7, stats.path("sends_per_day").size());

        JsonNode sends = ok("/sends", "email=" + LEAD, "");
        assertEquals(pendingId, sends.path("pending").get(0).path("send_id").asText());
        assertEquals(deadId, sends.path("past").get(0).path("send_id").asText());

        JsonNode dead = ok("/dead", null, "");
        assertEquals(deadId, dead.path("dead").get(0).path("send_id").asText());

        JsonNode requeued = ok("/dead/requeue", null, "{\"send_id\":\"" + deadId + "\"}");
        assertEquals(1, requeued.path("count").asInt());
        assertEquals("scheduled", schedule.inspect(deadId).get("state"));

        JsonNode cancelled = ok("/cancel", null, "{\"email\":\"" + LEAD + "\",\"sequence\":\"5day\"}");
        assertEquals(2, cancelled.path("count").asInt(), cancelled.toString());
        assertEquals("cancelled", schedule.inspect(pendingId).get("state"));

        String another =
                harness.deadLetter(new ScheduledSend("5day", 4, "5-Day E4", LEAD, "tracker-1", Map.of()), "boom");
        JsonNode discarded = ok("/dead/discard", null, "{\"all\":true}");
        assertEquals(1, discarded.path("count").asInt());
        assertEquals("discarded", schedule.inspect(another).get("state"));

        JsonNode templates = ok("/templates/check", null, "");
        assertTrue(templates.path("ok").asBoolean(), templates.toString());
        assertEquals(0, templates.path("problems").size());

        assertEquals(0, ok("/reindex", null, "").path("indexed").asInt(), "nothing left in the schedule to index");
    }

    @Test
    void everyOperationRequiresTheToken() {
        for (String operation : AdminApi.OPERATIONS) {
            for (String authorization : new String[] {null, "Bearer nope", "Bearer " + TOKEN.substring(1), TOKEN}) {
                IResponse response =
                        call(operation, "email=" + LEAD, "{\"email\":\"" + LEAD + "\",\"all\":true}", authorization);
                assertEquals(401, response.getStatusCode(), operation + " with " + authorization);
            }
        }
        assertEquals("scheduled", schedule.inspect(pendingId).get("state"));
        assertEquals("dead", schedule.inspect(deadId).get("state"));
        assertEquals(1, schedule.countDead());
    }

    @Test
    void withoutTheSecretEveryCallIs503NamingIt() {
        harness.clear("ADMIN_TOKEN");
        for (String operation : AdminApi.OPERATIONS) {
            IResponse response = call(operation, null, "{}", "Bearer " + TOKEN);
            assertEquals(503, response.getStatusCode(), operation);
            assertTrue(response.getBody().contains("admin-token (ADMIN_TOKEN)"), response.getBody());
        }
    }
}
