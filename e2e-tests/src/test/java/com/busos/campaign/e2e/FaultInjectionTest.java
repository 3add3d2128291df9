package com.busos.campaign.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.Setting;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.GatewaySendHandoff;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.JsonAnswers;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Delivery guarantees under faults, through the local gateway with the Notion and Resend stand-ins
 * and a real Redis. Each scenario injects its faults, runs the campaign to the end (advancing the
 * schedule's clock and ticking the dispatcher as the cron-connector would) and then checks every send
 * it scheduled: delivered exactly once (one email at Resend for its idempotency key, Email N Sent on its
 * tracker record) or dead-lettered with a reason and never delivered; nothing pending, no email twice.
 * The figures of every scenario add up to one summary, printed after the last one.
 */
class FaultInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Provider rates high enough that the rate limiters do not slow the scenarios down. */
    private static final Map<String, String> FAST = Map.of("NOTION_RATE_LIMIT", "50", "RESEND_RATE_LIMIT", "50");

    private static final Map<String, String> CRON = Map.of("X-Connector", "cron-connector", "X-Topic", "cron-function");
    private static final String EMAILS = "/emails";
    /** The templates' query (Notion 2025-09-03: the templates database's data source is queried). */
    private static final String TEMPLATE_QUERY =
            "/v1/data_sources/" + FakeNotion.dataSourceOf(TestCampaign.TEMPLATES_DB) + "/query";

    private static final AtomicLong FAULTS = new AtomicLong();
    private static final AtomicLong SCHEDULED = new AtomicLong();
    private static final AtomicLong DELIVERED = new AtomicLong();
    private static final AtomicLong DELIVERED_TWICE = new AtomicLong();
    private static final AtomicLong IDEMPOTENT_ANSWERS = new AtomicLong();
    private static final AtomicLong DEAD_LETTERED = new AtomicLong();
    private static final List<String> SCENARIOS = new ArrayList<>();

    @AfterAll
    static void printFigures() {
        StringBuilder block = new StringBuilder("\n==== fault-injection summary ====\n");
        synchronized (SCENARIOS) {
            SCENARIOS.forEach(line -> block.append("  ").append(line).append('\n'));
        }
        block.append(String.format(
                "fault-injection: faults=%d, scheduled=%d, delivered=%d, duplicated=%d"
                        + " (emails delivered twice: %d; repeated Resend POSTs answered by idempotency, not delivered: %d),"
                        + " dead-lettered=%d%n",
                FAULTS.get(),
                SCHEDULED.get(),
                DELIVERED.get(),
                DELIVERED_TWICE.get(),
                DELIVERED_TWICE.get(),
                IDEMPOTENT_ANSWERS.get(),
                DEAD_LETTERED.get()));
        block.append("=================================");
        System.out.println(block);
        // Surefire keeps test output in its report files; .ci/run prints this file after the build.
        try {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("target", "fault-injection-figures.txt"),
                    block.toString().trim() + System.lineSeparator());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- a. Resend 500, 500, then accepted ----

    @Test
    void resendFailingTwiceThenAcceptingDeliversOnce() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer resend = harness.campaign.resend.server();
            List<StubMapping> faults = List.of(
                    resend.stubFor(post(urlEqualTo(EMAILS))
                            .atPriority(1)
                            .inScenario("flaky")
                            .whenScenarioStateIs(STARTED)
                            .willSetStateTo("second")
                            .willReturn(resendError(500, "internal_server_error", "An unexpected error occurred."))),
                    resend.stubFor(post(urlEqualTo(EMAILS))
                            .atPriority(1)
                            .inScenario("flaky")
                            .whenScenarioStateIs("second")
                            .willSetStateTo("ok")
                            .willReturn(resendError(500, "internal_server_error", "An unexpected error occurred."))));
            resend.stubFor(post(urlEqualTo(EMAILS))
                    .atPriority(1)
                    .inScenario("flaky")
                    .whenScenarioStateIs("ok")
                    .willReturn(aResponse().withTransformers("fake-resend")));

            String tracker = signup(harness, "flaky.resend@example.com");
            harness.advance(Duration.ofDays(6));
            JsonNode tick = harness.tickDispatcher();
            // In rounds: the CRM job, E2, then E3 (after E2), E4, E5, each email's mirror after it.
            assertEquals(4, tick.path("handed_off").asInt(), tick.toString());
            assertEquals(0, harness.pendingCount(), "the in-call retries absorbed both 500s");
            assertEquals("delivered", hash(harness, sendId(tracker, 2)).get("state"));

            assertEquals(6, postsTo(resend, EMAILS), "4 sends + 2 retried attempts");
            account(harness, "a. Resend 500, 500, then 200", fired(resend, faults));
        }
    }

    // ---- b. Resend 429 with Retry-After ----

    @Test
    void resendRateLimitWithRetryAfterIsRescheduledAndDeliveredOnce() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer resend = harness.campaign.resend.server();
            List<StubMapping> faults = List.of(resend.stubFor(post(urlEqualTo(EMAILS))
                    .atPriority(1)
                    .inScenario("limited")
                    .whenScenarioStateIs(STARTED)
                    .willSetStateTo("ok")
                    .willReturn(resendError(
                                    429,
                                    "rate_limit_exceeded",
                                    "Too many requests. You can only make 2 requests"
                                            + " per second. See rate limit response headers for more information.")
                            .withHeader("Retry-After", "30")
                            .withHeader("ratelimit-limit", "2")
                            .withHeader("ratelimit-remaining", "0")
                            .withHeader("ratelimit-reset", "30"))));
            resend.stubFor(post(urlEqualTo(EMAILS))
                    .atPriority(1)
                    .inScenario("limited")
                    .whenScenarioStateIs("ok")
                    .willReturn(aResponse().withTransformers("fake-resend")));

            String tracker = signup(harness, "limited.resend@example.com");
            harness.advance(Duration.ofDays(1).plusSeconds(1));
            Instant before = Instant.now();
            harness.tickDispatcher();

            String e2 = sendId(tracker, 2);
            Map<String, String> rescheduled = hash(harness, e2);
            assertEquals("scheduled", rescheduled.get("state"), rescheduled.toString());
            assertTrue(rescheduled.get("error").contains("429"), rescheduled.toString());
            long dueIn = Long.parseLong(rescheduled.get("due")) - before.toEpochMilli();
            assertTrue(
                    dueIn >= 30_000,
                    "a Retry-After longer than the in-call wait reschedules at least that far: " + dueIn);
            assertTrue(harness.campaign.resend.delivered().isEmpty());

            runToTheEnd(harness);
            assertEquals("2", hash(harness, e2).get("attempts"));
            account(harness, "b. Resend 429 Retry-After 30", fired(resend, faults));
        }
    }

    // ---- c. Resend 422 validation_error ----

    @Test
    void resendValidationErrorDeadLettersWithResendsMessage() throws Exception {
        String message = "Invalid `to` field. The email address needs to follow the `email@example.com`"
                + " or `Name <email@example.com>` format.";
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer resend = harness.campaign.resend.server();
            List<StubMapping> faults = List.of(resend.stubFor(post(urlEqualTo(EMAILS))
                    .atPriority(1)
                    .withRequestBody(containing("5-Day E3"))
                    .willReturn(resendError(422, "validation_error", message))));

            String tracker = signup(harness, "invalid.resend@example.com");
            runToTheEnd(harness);

            String e3 = sendId(tracker, 3);
            Map<String, String> dead = hash(harness, e3);
            assertEquals("dead", dead.get("state"));
            assertTrue(dead.get("error").contains(message), dead.get("error"));
            assertEquals(List.of(e3), deadIds(harness));
            assertEquals(1, postsWith(resend, "5-Day E3"), "a validation error is not retried");
            assertTrue(harness.campaign
                    .notion
                    .page(harness.trackerOf(tracker))
                    .orElseThrow()
                    .at("/properties/Email 3 Sent/date")
                    .isNull());
            account(harness, "c. Resend 422 validation_error", fired(resend, faults));
        }
    }

    // ---- d. Notion 503 on the tracker update after Resend accepted ----

    @Test
    void notionDownAfterResendAcceptedIsRetriedWithoutSendingAgain() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer notion = harness.campaign.notion.server();
            String sequence = signup(harness, "notion.down@example.com");
            harness.tickDispatcher(); // the signup's CRM job: its tracker record
            String tracker = harness.trackerOf(sequence);
            StubMapping down = notion.stubFor(patch(urlPathEqualTo("/v1/pages/" + tracker))
                    .atPriority(1)
                    .willReturn(
                            notionError(503, "service_unavailable", "Notion is unavailable, please try again later.")));

            harness.advance(Duration.ofDays(1).plusSeconds(1));
            harness.tickDispatcher();
            String e2 = sendId(sequence, 2);
            Map<String, String> sent = hash(harness, e2);
            assertEquals("delivered", sent.get("state"), "Notion's outage is not the email's: " + sent);
            assertEquals(1, harness.campaign.resend.delivered().size(), "Resend accepted it");
            assertEquals(harness.campaign.resend.delivered().get(0).id, sent.get("resend_id"), "its id is kept");
            // The mirror, Email 2 Sent, came next in the same tick, and Notion refused it.
            Map<String, String> mirror = hash(harness, "crm:mark_sent:" + e2);
            assertEquals("scheduled", mirror.get("state"), "the CRM job waits for its retry: " + mirror);
            assertTrue(mirror.get("error").contains("503"), mirror.toString());
            int faults = fired(notion, List.of(down));
            notion.removeStub(down);

            runToTheEnd(harness);
            assertEquals(4, postsTo(harness.campaign.resend.server(), EMAILS), "the retry did not call Resend again");
            assertFalse(harness.campaign
                    .notion
                    .page(tracker)
                    .orElseThrow()
                    .at("/properties/Email 2 Sent/date/start")
                    .asText()
                    .isEmpty());
            account(harness, "d. Notion 503 on the tracker update", faults);
        }
    }

    // ---- e. Notion 429 on the template query ----

    @Test
    void notionRateLimitOnTheTemplateQueryIsRetriedAndDeliveredOnce() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer notion = harness.campaign.notion.server();
            List<StubMapping> faults = new ArrayList<>();
            String[] states = {STARTED, "2", "3", "ok"};
            for (int i = 0; i < 3; i++) {
                faults.add(notion.stubFor(post(urlEqualTo(TEMPLATE_QUERY))
                        .atPriority(1)
                        .inScenario("limited")
                        .whenScenarioStateIs(states[i])
                        .willSetStateTo(states[i + 1])
                        .willReturn(notionError(
                                        429,
                                        "rate_limited",
                                        "You have been rate limited. Please try again in a few minutes.")
                                .withHeader("Retry-After", "1"))));
            }
            notion.stubFor(post(urlEqualTo(TEMPLATE_QUERY))
                    .atPriority(1)
                    .inScenario("limited")
                    .whenScenarioStateIs("ok")
                    .willReturn(aResponse().withTransformers("fake-notion")));

            String tracker = signup(harness, "notion.limited@example.com");
            harness.advance(Duration.ofDays(1).plusSeconds(1));
            harness.tickDispatcher();
            Map<String, String> waiting = hash(harness, sendId(tracker, 2));
            assertEquals(
                    "scheduled", waiting.get("state"), "three 429s in a row exhaust the in-call retries: " + waiting);
            assertTrue(waiting.get("error").contains("rate_limited"), waiting.toString());

            runToTheEnd(harness);
            account(harness, "e. Notion 429 on the template query (x3)", fired(notion, faults));
        }
    }

    // ---- f. Template missing ----

    @Test
    void missingTemplateDeadLettersWithAReasonNamingIt() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer notion = harness.campaign.notion.server();
            List<StubMapping> faults = List.of(notion.stubFor(post(urlEqualTo(TEMPLATE_QUERY))
                    .atPriority(1)
                    .withRequestBody(containing("5-Day E4"))
                    .willReturn(JsonAnswers.json(
                            200,
                            "{\"object\":\"list\",\"results\":[],\"next_cursor\":null,\"has_more\":false,"
                                    + "\"type\":\"page_or_data_source\",\"page_or_data_source\":{}}"))));

            String tracker = signup(harness, "template.gone@example.com");
            runToTheEnd(harness);

            Map<String, String> dead = hash(harness, sendId(tracker, 4));
            assertEquals("dead", dead.get("state"));
            assertTrue(dead.get("error").contains("Template '5-Day E4' not found"), dead.get("error"));
            assertEquals("1", dead.get("attempts"), "dead-lettered at once, not retried");
            account(harness, "f. template missing", fired(notion, faults));
        }
    }

    // ---- g. connection reset and empty answer from Resend ----

    @Test
    void connectionResetByResendIsRetriedAndDeliveredOnce() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer resend = harness.campaign.resend.server();
            List<StubMapping> faults = List.of(
                    resend.stubFor(post(urlEqualTo(EMAILS))
                            .atPriority(1)
                            .inScenario("reset")
                            .whenScenarioStateIs(STARTED)
                            .willSetStateTo("empty")
                            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
                    resend.stubFor(post(urlEqualTo(EMAILS))
                            .atPriority(1)
                            .inScenario("reset")
                            .whenScenarioStateIs("empty")
                            .willSetStateTo("ok")
                            .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE))));
            resend.stubFor(post(urlEqualTo(EMAILS))
                    .atPriority(1)
                    .inScenario("reset")
                    .whenScenarioStateIs("ok")
                    .willReturn(aResponse().withTransformers("fake-resend")));

            signup(harness, "reset.resend@example.com");
            runToTheEnd(harness);
            account(harness, "g. Resend connection reset + empty response", fired(resend, faults));
        }
    }

    // ---- h. Redis stopped and restarted, before and during a dispatch ----

    @Test
    void redisStoppedBeforeAndDuringADispatchLosesAndDuplicatesNothing() throws Exception {
        try (StdoutCopy logs = new StdoutCopy();
                PersistentRedis redis = new PersistentRedis();
                GatewayHarness harness = new GatewayHarness(FAST, redis.url());
                HoldingProxy notion = new HoldingProxy(harness.campaign.notion.baseUrl())) {
            System.setProperty(Setting.NOTION_BASE_URL.envName(), notion.baseUrl());
            String tracker = signup(harness, "redis.restart@example.com");
            harness.advance(Duration.ofDays(6));

            // Redis down when the cron-connector ticks: a clean 503, logged, nothing claimed.
            redis.stop();
            HttpResponse<String> down = harness.send("email-dispatcher", "", CRON);
            assertEquals(503, down.statusCode(), down.body());
            assertEquals("30", down.headers().firstValue("Retry-After").orElse(null));
            assertTrue(JSON.readTree(down.body()).path("detail").isTextual(), down.body());
            assertTrue(logs.text().contains("\"fn\":\"email-dispatcher\",\"event\":\"redis.unavailable\""), "logged");
            redis.start();
            assertEquals(
                    4 + 1, harness.pendingCount(), "the four sends and the CRM job survived the restart, still due");

            // Redis stops while send-email is in the middle of E2: Notion has answered its template query,
            // the answer is held until Redis is down, so the send cannot go on.
            HoldingProxy.Hold update = notion.holdAfter("POST", TEMPLATE_QUERY);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            JsonNode tick;
            try {
                Future<JsonNode> running = pool.submit(harness::tickDispatcher);
                update.awaitArrival(Duration.ofSeconds(30));
                redis.stop();
                update.release();
                tick = running.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(200, tick.path("_status").asInt(), "the dispatcher finishes its tick: " + tick);
            assertEquals(1, tick.path("claimed").asInt(), "E2; its E3-E5 wait for it: " + tick);
            assertEquals(1, tick.path("failed").asInt(), "it could not be handed over without Redis: " + tick);
            assertEquals(0, harness.campaign.resend.delivered().size(), "nothing reached Resend");

            redis.start();
            Map<String, String> e2 = hash(harness, sendId(tracker, 2));
            assertEquals("claimed", e2.get("state"), "the claim survived the restart: " + e2);
            // The leases end (5 minutes later); the next ticks take the sends again.
            harness.expireLeases();
            int staleConnections = runToTheEnd(harness, true);
            assertEquals("delivered", hash(harness, sendId(tracker, 2)).get("state"));
            assertEquals(4, postsTo(harness.campaign.resend.server(), EMAILS), "no email sent to Resend twice");
            account(
                    harness,
                    "h. Redis stopped before and during a dispatch (" + staleConnections
                            + " tick(s) 503 after restart)",
                    2);
        }
    }

    // ---- i. send-email killed before Resend, between Resend and ack, during the tracker update ----

    @Test
    void sendEmailKilledMidSendIsDeliveredOnceWhenItsLeaseEnds() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST);
                HoldingProxy notion = new HoldingProxy(harness.campaign.notion.baseUrl());
                HoldingProxy resend = new HoldingProxy(harness.campaign.resend.baseUrl())) {
            String address = "killed.worker@example.com";
            String tracker = signup(harness, address);
            Map<String, String> env = new HashMap<>();
            harness.campaign.settings().forEach((setting, value) -> env.put(setting.envName(), value));
            env.putAll(FAST);
            env.put(Setting.REDIS_URL.envName(), harness.redisUrl);
            env.put(Setting.NOTION_BASE_URL.envName(), notion.baseUrl());
            env.put(Setting.RESEND_BASE_URL.envName(), resend.baseUrl());
            FakeResend fakeResend = harness.campaign.resend;

            // E2: killed while reading its template (a new process has none cached), before anything was sent.
            harness.advance(Duration.ofDays(1).plusSeconds(1));
            killMidSend(harness, env, notion.holdBefore("POST", TEMPLATE_QUERY));
            Map<String, String> e2 = hash(harness, sendId(tracker, 2));
            assertEquals("claimed", e2.get("state"));
            assertTrue(fakeResend.delivered().isEmpty());
            harness.expireLeases();
            assertEquals(1, harness.tickDispatcher().path("handed_off").asInt());
            assertEquals("delivered", hash(harness, sendId(tracker, 2)).get("state"));
            assertEquals(1, fakeResend.delivered().size());

            // E3: Resend delivered it, the process died before it heard back (no id recorded).
            harness.advance(Duration.ofDays(2));
            killMidSend(harness, env, resend.holdAfter("POST", EMAILS));
            Map<String, String> e3 = hash(harness, sendId(tracker, 3));
            assertEquals("claimed", e3.get("state"));
            assertNull(e3.get("resend_id"), "the answer never came back: " + e3);
            assertEquals(2, fakeResend.delivered().size(), "Resend has delivered E3");
            harness.expireLeases();
            assertEquals(1, harness.tickDispatcher().path("handed_off").asInt());
            e3 = hash(harness, sendId(tracker, 3));
            assertEquals("delivered", e3.get("state"));
            assertEquals(2, fakeResend.delivered().size(), "the retry was answered by its idempotency key");
            assertEquals(fakeResend.delivered().get(1).id, e3.get("resend_id"), "with the first email's id");
            assertEquals(
                    "campaign-send/" + sendId(tracker, 3),
                    fakeResend.delivered().get(1).idempotencyKey);

            // E4: delivered, then its Email 4 Sent job (the next round of the same tick) killed while Notion
            // took the tracker update (applied, answer lost).
            harness.advance(Duration.ofDays(1));
            killMidSend(harness, env, notion.holdAfter("PATCH", "/v1/pages/" + harness.trackerOf(tracker)));
            assertEquals("delivered", hash(harness, sendId(tracker, 4)).get("state"));
            Map<String, String> mirror = hash(harness, "crm:mark_sent:" + sendId(tracker, 4));
            assertEquals("claimed", mirror.get("state"), mirror.toString());
            harness.expireLeases();
            harness.tickDispatcher();
            assertEquals(
                    "done", hash(harness, "crm:mark_sent:" + sendId(tracker, 4)).get("state"), "run again");
            assertEquals(3, fakeResend.delivered().size(), "a CRM job sends no email");

            runToTheEnd(harness);
            assertEquals(4, fakeResend.deliveredTo(address).size());
            account(harness, "i. send-email killed before Resend / between Resend and ack / during the update", 3);
        }
    }

    /** Claims the due send, hands it to a send-email process of its own and kills that process at the hold. */
    private static void killMidSend(GatewayHarness harness, Map<String, String> env, HoldingProxy.Hold hold)
            throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FunctionProcess worker = FunctionProcess.start("send-email", env);
                UnifiedJedis redis = harness.redis()) {
            Dispatcher dispatcher = new Dispatcher(
                    new Schedule(redis, harness.campaign.redisPrefix),
                    new GatewaySendHandoff(HttpClients.shared(), worker.url()),
                    10,
                    10,
                    1,
                    8,
                    Duration.ofSeconds(40),
                    Clock.systemUTC(),
                    Log.to("email-dispatcher", System.out));
            Future<ObjectNode> tick = pool.submit(dispatcher::tick);
            try {
                hold.awaitArrival(Duration.ofSeconds(30));
            } catch (AssertionError notThere) {
                throw new AssertionError(notThere.getMessage() + "; send-email said: " + worker.output(), notThere);
            }
            worker.kill();
            ObjectNode result = tick.get(60, TimeUnit.SECONDS);
            int claimed =
                    result.path("claimed").asInt() + result.path("jobs_claimed").asInt();
            assertTrue(claimed >= 1, result.toString());
            assertTrue(
                    result.path("failed").asInt() + result.path("jobs_failed").asInt() >= 1,
                    "the held hand-off failed with the process: " + result);
        } finally {
            hold.release();
            pool.shutdownNow();
        }
    }

    // ---- j. two dispatchers at once, with Resend failing some calls ----

    @Test
    void twoDispatchersRacingThroughResendFailuresDeliverEachOnce() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer resend = harness.campaign.resend.server();
            List<StubMapping> faults = new ArrayList<>();
            // lead3's E3 fails until the outage ends; every third other call fails once.
            StubMapping outage = resend.stubFor(post(urlEqualTo(EMAILS))
                    .atPriority(1)
                    .withRequestBody(containing("lead3.race@example.com"))
                    .withRequestBody(containing("5-Day E3"))
                    .willReturn(resendError(503, "internal_server_error", "Service temporarily unavailable.")));
            faults.add(outage);
            String[] cycle = {STARTED, "b", "c"};
            for (int i = 0; i < 3; i++) {
                var stub = post(urlEqualTo(EMAILS))
                        .atPriority(2)
                        .inScenario("every-third")
                        .whenScenarioStateIs(cycle[i])
                        .willSetStateTo(cycle[(i + 1) % 3]);
                if (i < 2) {
                    resend.stubFor(stub.willReturn(aResponse().withTransformers("fake-resend")));
                } else {
                    faults.add(resend.stubFor(stub.willReturn(
                            resendError(500, "internal_server_error", "An unexpected error occurred."))));
                }
            }
            int leads = 10;
            for (int i = 0; i < leads; i++) signup(harness, "lead" + i + ".race@example.com");
            harness.advance(Duration.ofDays(6));

            racingTicks(harness);
            resend.removeStub(outage);
            for (int round = 0; round < 20 && harness.pendingCount() > 0; round++) {
                harness.advance(Duration.ofHours(3));
                racingTicks(harness);
            }
            assertEquals(leads * 4, harness.campaign.resend.delivered().size());
            for (int i = 0; i < leads; i++) {
                List<String> subjects = harness.campaign.resend.deliveredTo("lead" + i + ".race@example.com").stream()
                        .map(FakeResend.Delivered::subject)
                        .collect(Collectors.toList());
                for (int n = 2; n <= 5; n++) {
                    assertTrue(subjects.get(n - 2).contains("5-Day E" + n), "lead" + i + " in order: " + subjects);
                }
            }
            account(harness, "j. two dispatchers at once, Resend failing", fired(resend, faults));
        }
    }

    private static int racingTicks(GatewayHarness harness) throws Exception {
        return racingTicks(harness, 2);
    }

    /** {@code dispatchers} ticks at once; answers how many emails they claimed together. */
    private static int racingTicks(GatewayHarness harness, int dispatchers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(dispatchers);
        try {
            Callable<JsonNode> tick = harness::tickDispatcher;
            int claimed = 0;
            for (Future<JsonNode> result :
                    pool.invokeAll(java.util.Collections.nCopies(dispatchers, tick), 120, TimeUnit.SECONDS)) {
                JsonNode answer = result.get();
                assertEquals(200, answer.path("_status").asInt(), answer.toString());
                claimed += answer.path("claimed").asInt();
            }
            return claimed;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- l. the load: three dispatchers, Resend and Notion failing by turns ----

    @Test
    void threeDispatchersThroughProviderFaultsKeepEveryLeadInOrderAndWriteEveryMirror() throws Exception {
        Map<String, String> settings = new HashMap<>(FAST);
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID.envName(), TestCampaign.ANALYTICS_DB);
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            WireMockServer resend = harness.campaign.resend.server();
            WireMockServer notion = harness.campaign.notion.server();
            List<StubMapping> resendFaults = new ArrayList<>();
            List<StubMapping> notionFaults = new ArrayList<>();
            // Resend: every fifth call fails; Notion: every third tracker update and analytics page.
            resendFaults.addAll(cycle(
                    resend,
                    () -> post(urlEqualTo(EMAILS)),
                    "fake-resend",
                    "resend-fifth",
                    5,
                    resendError(500, "internal_server_error", "An unexpected error occurred.")));
            notionFaults.addAll(cycle(
                    notion,
                    () -> patch(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/pages/.+")),
                    "fake-notion",
                    "notion-update-third",
                    3,
                    notionError(503, "service_unavailable", "Notion is unavailable, please try again later.")));
            notionFaults.addAll(cycle(
                    notion,
                    () -> post(urlEqualTo("/v1/pages")).withRequestBody(containing(TestCampaign.ANALYTICS_DB)),
                    "fake-notion",
                    "notion-analytics-third",
                    3,
                    notionError(500, "internal_server_error", "Internal server error.")));
            int leads = 30;
            for (int i = 0; i < leads; i++) signup(harness, "lead" + i + ".load@example.com");

            harness.advance(Duration.ofDays(6));
            for (int round = 0; round < 40 && harness.pendingCount() > 0; round++) {
                if (round > 0) {
                    harness.advance(Duration.ofHours(3));
                    harness.expireLeases();
                }
                racingTicks(harness, 3);
            }

            int outOfOrder = 0;
            for (int i = 0; i < leads; i++) {
                List<String> subjects = harness.campaign.resend.deliveredTo("lead" + i + ".load@example.com").stream()
                        .map(FakeResend.Delivered::subject)
                        .collect(Collectors.toList());
                assertEquals(4, subjects.size(), "lead" + i + ": " + subjects);
                for (int n = 2; n <= 5; n++) {
                    if (!subjects.get(n - 2).contains("5-Day E" + n)) outOfOrder++;
                }
            }
            assertEquals(0, outOfOrder, "leads with an email out of order");
            List<ObjectNode> pages = harness.campaign.notion.pagesOf(TestCampaign.ANALYTICS_DB);
            Set<String> distinctPages = pages.stream()
                    .map(page -> new com.busos.campaign.notion.NotionPage(
                            page.path("id").asText(), page.path("properties")))
                    .map(page -> page.email("Email").orElse("") + "|" + page.plainText("Template ID"))
                    .collect(Collectors.toSet());
            assertEquals(leads * 4, pages.size(), "one analytics page per email, none missing");
            assertEquals(leads * 4, distinctPages.size(), "and none twice");
            account(
                    harness,
                    "l. three dispatchers, Resend 1 in 5 failing, Notion 1 in 3 failing",
                    fired(resend, resendFaults) + fired(notion, notionFaults));
        }
    }

    /** Stubs {@code request} to fail with {@code fault} every {@code every}-th time, and answer normally otherwise. */
    private static List<StubMapping> cycle(
            WireMockServer server,
            java.util.function.Supplier<com.github.tomakehurst.wiremock.client.MappingBuilder> request,
            String transformer,
            String scenario,
            int every,
            ResponseDefinitionBuilder fault) {
        List<StubMapping> faults = new ArrayList<>();
        for (int i = 0; i < every; i++) {
            String state = i == 0 ? STARTED : scenario + "-" + i;
            String next = (i + 1) % every == 0 ? STARTED : scenario + "-" + (i + 1);
            com.github.tomakehurst.wiremock.client.MappingBuilder step = request.get()
                    .atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next);
            if (i == every - 1) faults.add(server.stubFor(step.willReturn(fault)));
            else server.stubFor(step.willReturn(aResponse().withTransformers(transformer)));
        }
        return faults;
    }

    // ---- k. Notion down for everything: the webhooks still take the leads in ----

    @Test
    void withNotionDownTheWebhooksAnswer202AndTheLeadsFollowOnceNotionIsBack() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            WireMockServer notion = harness.campaign.notion.server();
            StubMapping down = notion.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                            com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .atPriority(1)
                    .willReturn(
                            notionError(503, "service_unavailable", "Notion is unavailable, please try again later.")));
            String address = "notion.outage@example.com";
            String postcall = "{\"email\":\"" + address + "\",\"first_name\":\"Hal\",\"business_name\":\"Hal's Hair\","
                    + "\"call_date\":\"2025-12-02T16:00:00Z\",\"call_notes\":\"Call back\\nafter the holidays\"}";

            String signupSequence = signup(harness, address);
            JsonNode followUp = harness.post("postcall-maybe", postcall);
            assertEquals(202, followUp.path("_status").asInt(), followUp.toString());
            JsonNode repeated = harness.post("postcall-maybe", postcall);
            assertEquals("skipped", repeated.path("status").asText(), "a repeat changes nothing: " + repeated);

            // The CRM jobs meet the outage and wait for their retry; no email goes before its CRM job.
            harness.advance(Duration.ofDays(8));
            harness.tickDispatcher();
            assertTrue(harness.campaign.resend.delivered().isEmpty(), "no email before its tracker record");
            assertEquals(
                    0, harness.campaign.notion.pagesOf(TestCampaign.TRACKER_DB).size());
            int faults = fired(notion, List.of(down));
            assertTrue(faults > 0, "Notion refused the CRM jobs");

            notion.removeStub(down);
            runToTheEnd(harness);

            assertEquals(
                    2, harness.campaign.notion.pagesOf(TestCampaign.TRACKER_DB).size(), "one record per sequence");
            assertEquals(
                    harness.trackerOf(signupSequence),
                    harness.campaign.notion.pagesOf(TestCampaign.TRACKER_DB).stream()
                            .filter(page ->
                                    page.at("/properties/Template Type/select").isNull()
                                            || page.at("/properties/Template Type/select/name")
                                                    .isMissingNode())
                            .findFirst()
                            .orElseThrow()
                            .path("id")
                            .asText());
            assertEquals(7, harness.campaign.resend.deliveredTo(address).size(), "E2-E5 and the three follow-ups");
            account(harness, "k. Notion down when the leads came in (signup, postcall-maybe)", faults);
        }
    }

    // ---- m. christmas-signup killed mid-request: the caller's retry is answered as the first call would have been
    // ----

    @Test
    void aSignupKilledMidRequestIsAnsweredOnItsRetryAsTheFirstCallWouldHaveBeen() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(FAST)) {
            // Killed after the day's cap let the lead in, before the intake; then after the intake script ran
            // (its writes made), before its answer reached the function.
            Map<String, Boolean> afterIntake = new LinkedHashMap<>();
            afterIntake.put(":intake:enrolments:", false);
            afterIntake.put(":by-email:", true);
            int n = 0;
            for (Map.Entry<String, Boolean> kill : afterIntake.entrySet()) {
                String address = "killed.signup" + (++n) + "@example.com";
                String body = "{\"email\":\"" + address + "\",\"first_name\":\"Kim\",\"assessment_score\":50}";
                Map<String, String> headers =
                        GatewayHarness.signed("christmas-signup", body, Map.of("Content-Type", "application/json"));
                String sequenceBeforeRetry;
                try (RedisReplyHold redis =
                        new RedisReplyHold(java.net.URI.create(harness.redisUrl).getPort())) {
                    Map<String, String> env = new HashMap<>();
                    harness.campaign.settings().forEach((setting, value) -> env.put(setting.envName(), value));
                    env.putAll(FAST);
                    env.put(Setting.REDIS_URL.envName(), redis.url());
                    redis.holdReplyTo(kill.getKey() + (kill.getValue() ? address : ""), 1);
                    ExecutorService caller = Executors.newSingleThreadExecutor();
                    try (FunctionProcess signup = FunctionProcess.start("christmas-signup", env)) {
                        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(signup.url() + "/"))
                                .timeout(Duration.ofSeconds(30))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
                        headers.forEach(request::header);
                        Future<HttpResponse<String>> first =
                                caller.submit(() -> java.net.http.HttpClient.newHttpClient()
                                        .send(request.build(), HttpResponse.BodyHandlers.ofString()));
                        String held = redis.awaitHeld(Duration.ofSeconds(30));
                        signup.kill();
                        Exception cut = assertThrowsCause(first);
                        assertNotNull(cut, "the first call got no answer: " + held);
                    } finally {
                        caller.shutdownNow();
                    }
                    try (UnifiedJedis jedis = harness.redis()) {
                        sequenceBeforeRetry = new Schedule(jedis, harness.campaign.redisPrefix)
                                .enrolledRecord(harness.campaign.config().campaignName(), "5day", address)
                                .orElse(null);
                    }
                }
                assertEquals(
                        kill.getValue(),
                        sequenceBeforeRetry != null,
                        "the killed call's intake " + (kill.getValue() ? "was" : "was not") + " written");

                // The caller retries at once, the same body and webhook-id: no 409, no wait.
                HttpResponse<String> retry = harness.sendUnsigned("christmas-signup", body, headers);
                assertEquals(202, retry.statusCode(), retry.body());
                JsonNode answer = JSON.readTree(retry.body());
                assertEquals("accepted", answer.path("status").asText(), answer.toString());
                assertEquals(4, answer.path("scheduled_emails").size(), answer.toString());
                for (JsonNode email : answer.path("scheduled_emails")) {
                    assertEquals(
                            kill.getValue(), email.path("already_scheduled").asBoolean(), answer.toString());
                }
                if (sequenceBeforeRetry != null)
                    assertEquals(sequenceBeforeRetry, answer.path("sequence_id").asText(), "the same sequence");
                assertEquals(
                        retry.body(),
                        harness.sendUnsigned("christmas-signup", body, headers).body(),
                        "a repeat of the retry is answered what the retry was");
            }
            runToTheEnd(harness);
            for (int i = 1; i <= 2; i++) {
                assertEquals(
                        4,
                        harness.campaign
                                .resend
                                .deliveredTo("killed.signup" + i + "@example.com")
                                .size(),
                        "E2-E5 once each");
            }
            account(harness, "m. christmas-signup killed before and after its intake write, then retried", 2);
        }
    }

    /** The exception a call ended with (unwrapped), or null when it answered. */
    private static Exception assertThrowsCause(Future<?> call) throws InterruptedException {
        try {
            call.get(30, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException failed) {
            return failed.getCause() instanceof Exception ? (Exception) failed.getCause() : failed;
        } catch (java.util.concurrent.TimeoutException stuck) {
            throw new AssertionError("the first call neither answered nor failed", stuck);
        }
    }

    // ---- Redis unreachable from the start: the dispatcher and every webhook answer 503 ----

    @Test
    void redisDownGivesA503EverywhereAndWritesNothing() throws Exception {
        String closedPort = "redis://127.0.0.1:" + TestRedis.freePort();
        try (StdoutCopy logs = new StdoutCopy();
                GatewayHarness harness = new GatewayHarness(FAST, closedPort)) {
            for (int tick = 0; tick < 2; tick++) {
                HttpResponse<String> answer = harness.send("email-dispatcher", "", CRON);
                assertEquals(503, answer.statusCode(), answer.body());
                assertEquals("30", answer.headers().firstValue("Retry-After").orElse(null));
                assertTrue(
                        answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
                assertTrue(JSON.readTree(answer.body()).path("detail").asText().contains("unavailable"), answer.body());
            }
            assertTrue(
                    logs.text().contains("\"fn\":\"email-dispatcher\",\"event\":\"redis.unavailable\""),
                    "the dispatcher logs redis.unavailable");

            Map<String, String> webhooks = new LinkedHashMap<>();
            webhooks.put(
                    "christmas-signup",
                    "{\"email\":\"down@example.com\",\"first_name\":\"Dee\",\"assessment_score\":10}");
            webhooks.put(
                    "calendly-noshow",
                    "{\"email\":\"down@example.com\",\"first_name\":\"Dee\",\"business_name\":\"Dee Co\","
                            + "\"calendly_event_uri\":\"https://api.calendly.com/scheduled_events/EV9\",\"scheduled_time\":\"2025-12-01T15:00:00Z\"}");
            webhooks.put(
                    "postcall-maybe",
                    "{\"email\":\"down@example.com\",\"first_name\":\"Dee\",\"business_name\":\"Dee Co\","
                            + "\"call_date\":\"2025-12-02T16:00:00Z\"}");
            webhooks.put(
                    "onboarding-start",
                    "{\"email\":\"down@example.com\",\"first_name\":\"Dee\",\"business_name\":\"Dee Co\","
                            + "\"payment_confirmed\":true,\"payment_amount\":2997.0,\"payment_date\":\"2025-12-03\"}");
            for (Map.Entry<String, String> webhook : webhooks.entrySet()) {
                HttpResponse<String> answer = harness.send(webhook.getKey(), webhook.getValue(), Map.of());
                assertEquals(503, answer.statusCode(), webhook.getKey() + ": " + answer.body());
                assertEquals("30", answer.headers().firstValue("Retry-After").orElse(null), webhook.getKey());
            }
            // With the webhook-secret set, a signed request needs Redis for its replay record: a 503 too.
            String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
            System.setProperty(Setting.WEBHOOK_SECRET.envName(), secret);
            String body = webhooks.get("christmas-signup");
            long now = Instant.now().getEpochSecond();
            HttpResponse<String> signed = harness.send(
                    "christmas-signup",
                    body,
                    Map.of(
                            "webhook-id",
                            "msg_down",
                            "webhook-timestamp",
                            Long.toString(now),
                            "webhook-signature",
                            com.busos.campaign.webhook.StandardWebhookSignature.sign(secret, "msg_down", now, body)));
            assertEquals(503, signed.statusCode(), signed.body());
            assertEquals("30", signed.headers().firstValue("Retry-After").orElse(null));

            assertEquals(0, harness.campaign.notion.requestCount(), "nothing was written to Notion");
            assertTrue(harness.campaign.resend.delivered().isEmpty());
            record("Redis unreachable: dispatcher (2 ticks), 4 webhooks + 1 signed: 503", 1, 0, 0, 0, 0, 0);
        }
    }

    // ---- helpers ----

    private static String signup(GatewayHarness harness, String address) throws Exception {
        JsonNode answer = harness.post(
                "christmas-signup",
                "{\"email\":\"" + address + "\",\"first_name\":\"Pat\","
                        + "\"business_name\":\"Pat's Place\",\"assessment_score\":55,\"red_systems\":1}");
        assertEquals(202, answer.path("_status").asInt(), answer.toString());
        assertEquals(4, answer.path("scheduled_emails").size(), answer.toString());
        return answer.path("sequence_id").asText();
    }

    /**
     * Ticks until nothing is pending: each round moves the schedule three hours on, beyond any retry's
     * backoff so far, so rescheduled sends come due. Bounded: a send still pending after that fails the test.
     */
    private static void runToTheEnd(GatewayHarness harness) throws Exception {
        runToTheEnd(harness, false);
    }

    /**
     * The same; with {@code redisRestarted}, a tick may answer 503 (counted and answered): right after a
     * Redis restart a function's connection pool can still hand out a connection from before it.
     * Answers how many ticks did.
     */
    private static int runToTheEnd(GatewayHarness harness, boolean redisRestarted) throws Exception {
        int unavailable = 0;
        // One email of a sequence a round at most (each waits for the one before), and the mirror after it.
        for (int round = 0; round < 24 && harness.pendingCount() > 0; round++) {
            harness.advance(round == 0 ? Duration.ofDays(8) : Duration.ofHours(3));
            if (round > 0) harness.expireLeases();
            JsonNode tick = harness.tickDispatcher();
            if (redisRestarted && tick.path("_status").asInt() == 503) {
                unavailable++;
                continue;
            }
            assertEquals(200, tick.path("_status").asInt(), tick.toString());
        }
        assertEquals(0, harness.pendingCount(), "every send finished");
        return unavailable;
    }

    private static String sendId(String tracker, int emailNumber) {
        return "5day:" + tracker + ":" + emailNumber;
    }

    private static Map<String, String> hash(GatewayHarness harness, String sendId) {
        try (UnifiedJedis redis = harness.redis()) {
            return redis.hgetAll("{" + harness.campaign.redisPrefix + "}:send:" + sendId);
        }
    }

    private static List<String> deadIds(GatewayHarness harness) {
        try (UnifiedJedis redis = harness.redis()) {
            return redis.zrange("{" + harness.campaign.redisPrefix + "}:dead", 0, -1);
        }
    }

    private static ResponseDefinitionBuilder resendError(int status, String name, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(FakeResend.errorBody(status, name, message));
    }

    private static ResponseDefinitionBuilder notionError(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(FakeNotion.errorBody(status, code, message));
    }

    /** How many requests these fault stubs answered. */
    private static int fired(WireMockServer server, List<StubMapping> faults) {
        Set<UUID> ids = faults.stream().map(StubMapping::getId).collect(Collectors.toSet());
        return (int) server.getAllServeEvents().stream()
                .filter(event -> event.getStubMapping() != null
                        && ids.contains(event.getStubMapping().getId()))
                .count();
    }

    private static long postsTo(WireMockServer server, String path) {
        return server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals(path))
                .count();
    }

    private static long postsWith(WireMockServer server, String bodyPart) {
        return server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getBodyAsString().contains(bodyPart))
                .count();
    }

    /**
     * Checks the end state of every send the scenario scheduled and adds its figures to the summary:
     * delivered (or found delivered) exactly once with Email N Sent on its record, or dead-lettered with
     * a reason and never delivered; nothing pending; no email delivered twice.
     */
    private static void account(GatewayHarness harness, String scenario, int faults) {
        String tag = "{" + harness.campaign.redisPrefix + "}";
        List<FakeResend.Delivered> delivered = harness.campaign.resend.delivered();
        Map<String, Long> byKey = delivered.stream()
                .collect(Collectors.groupingBy(email -> String.valueOf(email.idempotencyKey), Collectors.counting()));
        Map<String, Long> byRecipientAndSubject = delivered.stream()
                .collect(Collectors.groupingBy(email -> email.to() + "|" + email.subject(), Collectors.counting()));
        long twice = byRecipientAndSubject.values().stream()
                        .mapToLong(count -> count - 1)
                        .sum()
                + byKey.values().stream().mapToLong(count -> count - 1).sum();
        long answered200 = harness.campaign.resend.server().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals(EMAILS))
                .filter(event -> event.getResponse() != null
                        && event.getResponse().getFault() == null
                        && event.getResponse().getStatus() == 200)
                .count();
        int sends = 0;
        int done = 0;
        int dead = 0;
        try (UnifiedJedis redis = harness.redis()) {
            assertEquals(
                    0,
                    redis.zcard(tag + ":scheduled") + redis.zcard(tag + ":scheduled-jobs"),
                    scenario + ": nothing left pending");
            assertEquals(0, redis.zcard(tag + ":claimed"), scenario + ": nothing left claimed");
            for (String key : redis.keys(tag + ":send:*")) {
                String id = key.substring((tag + ":send:").length());
                Map<String, String> send = redis.hgetAll(key);
                if (id.startsWith("crm:")) {
                    // The Notion mirror of an email: written, or dead-lettered with Notion's reason.
                    String state = send.get("state");
                    assertTrue(
                            "done".equals(state) || "skipped".equals(state) || "dead".equals(state),
                            scenario + ": CRM job " + id + " is " + send);
                    if ("dead".equals(state)) {
                        assertFalse(send.getOrDefault("error", "").isBlank(), scenario + ": " + id + " has its reason");
                    }
                    continue;
                }
                sends++;
                long copies = byKey.getOrDefault("campaign-send/" + id, 0L);
                String state = send.get("state");
                if ("dead".equals(state)) {
                    dead++;
                    assertNotNull(redis.zscore(tag + ":dead", id), scenario + ": " + id + " in the dead-letter set");
                    assertFalse(send.getOrDefault("error", "").isBlank(), scenario + ": " + id + " has its reason");
                    assertEquals(0, copies, scenario + ": dead-lettered " + id + " was never delivered");
                } else {
                    done++;
                    assertTrue(
                            "delivered".equals(state) || "skipped".equals(state), scenario + ": " + id + " is " + send);
                    assertEquals(1, copies, scenario + ": " + id + " delivered exactly once");
                    String[] parts = id.split(":");
                    ObjectNode record = harness.campaign
                            .notion
                            .page(harness.trackerOf(parts[1]))
                            .orElseThrow();
                    assertFalse(
                            record.at("/properties/Email " + parts[2] + " Sent/date/start")
                                    .asText()
                                    .isEmpty(),
                            scenario + ": Email " + parts[2] + " Sent on " + parts[1]);
                }
            }
        }
        assertEquals(0, twice, scenario + ": an email was delivered twice");
        assertEquals(done, delivered.size(), scenario + ": every delivered email belongs to a finished send");
        record(scenario, faults, sends, delivered.size(), twice, answered200 - delivered.size(), dead);
    }

    private static void record(
            String scenario, long faults, long scheduled, long delivered, long twice, long idempotent, long dead) {
        FAULTS.addAndGet(faults);
        SCHEDULED.addAndGet(scheduled);
        DELIVERED.addAndGet(delivered);
        DELIVERED_TWICE.addAndGet(twice);
        IDEMPOTENT_ANSWERS.addAndGet(idempotent);
        DEAD_LETTERED.addAndGet(dead);
        String line = String.format(
                "%-75s faults=%d scheduled=%d delivered=%d duplicated=%d idempotent-replays=%d dead-lettered=%d",
                scenario, faults, scheduled, delivered, twice, idempotent, dead);
        synchronized (SCENARIOS) {
            SCENARIOS.add(line);
        }
        System.out.println("fault-injection scenario " + line);
    }
}
