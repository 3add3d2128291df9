package com.busos.campaign.notion;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.deadline.DeadlineExceededException;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.RecordingSleeper;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.tracker.TrackerRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** §8: the Notion calls (2025-09-03) against the Notion stand-in and against plain stubs of Notion's errors. */
class NotionClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACKER_DB = "db-tracker";

    @Nested
    class AgainstFakeNotion {
        private FakeNotion notion;
        private RecordingSleeper sleeper;
        private NotionClient client;

        @BeforeEach
        void start() {
            notion = new FakeNotion();
            notion.trackerSchema(TRACKER_DB);
            sleeper = new RecordingSleeper();
            client = client(notion.baseUrl(), FakeNotion.TOKEN, sleeper.retrying());
        }

        @AfterEach
        void stop() {
            notion.close();
        }

        @Test
        void createsReadsAndUpdatesAPage() {
            NotionPage created = client.createPage(
                    TRACKER_DB,
                    new PropertyValues()
                            .email("Email", "jane@example.com")
                            .richText("First Name", "Jane")
                            .build());
            assertNotNull(created.id());
            assertEquals(Optional.of("jane@example.com"), created.email("Email"));
            assertTrue(notion.page(created.id()).isPresent());

            NotionPage read = client.getPage(created.id());
            assertEquals("Jane", read.plainText("First Name"));
            assertEquals(Optional.empty(), read.dateStart("Email 2 Sent"));

            NotionPage updated = client.updatePage(
                    created.id(),
                    new PropertyValues()
                            .date("Email 2 Sent", Instant.parse("2025-11-28T10:00:00Z"))
                            .build());
            assertEquals(Optional.of("2025-11-28T10:00:00Z"), updated.dateStart("Email 2 Sent"));
            assertEquals(
                    Optional.of("2025-11-28T10:00:00Z"),
                    client.getPage(created.id()).dateStart("Email 2 Sent"));
            assertEquals(
                    "Jane", client.getPage(created.id()).plainText("First Name"), "an update keeps other properties");
        }

        @Test
        void queryFollowsTheCursorOverMoreThanOneHundredPages() {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 130; i++) {
                expected.add(notion.addPage(
                        TRACKER_DB,
                        new PropertyValues().email("Email", "many@example.com").build()));
            }
            for (int i = 0; i < 5; i++) {
                notion.addPage(
                        TRACKER_DB,
                        new PropertyValues().email("Email", "other@example.com").build());
            }

            List<NotionPage> pages = client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "many@example.com"));

            assertEquals(130, pages.size());
            assertEquals(expected, pages.stream().map(NotionPage::id).collect(Collectors.toSet()));
            List<LoggedRequest> queries = notion.server()
                    .findAll(postRequestedFor(
                            urlEqualTo("/v1/data_sources/" + FakeNotion.dataSourceOf(TRACKER_DB) + "/query")));
            assertEquals(2, queries.size(), "two result pages of at most 100");
            assertFalse(body(queries.get(0)).has("start_cursor"));
            assertEquals("100", body(queries.get(1)).path("start_cursor").asText());
            assertEquals(
                    "many@example.com",
                    body(queries.get(1))
                            .path("filter")
                            .path("email")
                            .path("equals")
                            .asText());
        }

        @Test
        void queryWithoutMatchesIsEmpty() {
            assertEquals(
                    List.of(), client.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "nobody@example.com")));
        }

        @Test
        void unsetSelectAndDateComeBackAsNullAndReadAsNoValue() {
            String id = notion.addPage(
                    TRACKER_DB,
                    new PropertyValues().email("Email", "jane@example.com").build());

            NotionPage page = client.getPage(id);

            assertTrue(page.properties().path("Template Type").has("select"));
            assertTrue(page.properties().path("Template Type").get("select").isNull(), "Notion's {\"select\": null}");
            assertTrue(page.properties().path("Email 1 Sent").get("date").isNull());
            assertEquals(Optional.empty(), page.selectName("Template Type"));
            assertEquals(Optional.empty(), page.selectName("Campaign"));
            assertEquals(Optional.empty(), page.dateStart("Email 1 Sent"));
            assertEquals("", page.plainText("First Name"));
            TrackerRecord record = new TrackerRecord(page);
            assertEquals(Optional.empty(), record.templateType());
            assertEquals(List.of(), record.sentEmailNumbers());
            assertFalse(record.sequenceCompleted());
        }

        @Test
        void aWrongTokenIsUnauthorizedAndNotRetried() {
            NotionClient wrong = client(notion.baseUrl(), "secret_wrong", sleeper.retrying());
            ProviderException error = assertThrows(
                    ProviderException.class,
                    () -> wrong.queryDatabase(TRACKER_DB, Filters.emailEquals("Email", "jane@example.com")));
            assertEquals(401, error.status());
            assertEquals("unauthorized", error.code());
            assertFalse(error.retryable());
            assertEquals(1, notion.requestCount());
            assertFalse(error.getMessage().contains("secret_wrong"), "the token is never in the message");
        }

        @Test
        void aDatabaseNotSharedWithTheIntegrationIsNotFound() {
            ProviderException error = assertThrows(
                    ProviderException.class,
                    () -> client.queryDatabase("db-unshared", Filters.emailEquals("Email", "jane@example.com")));
            assertEquals(404, error.status());
            assertEquals("object_not_found", error.code());
            assertFalse(error.retryable());
            assertTrue(error.getMessage().contains("Could not find database"), error.getMessage());
        }

        @Test
        void aValidationErrorIsNotRetried() {
            ObjectNode properties =
                    new PropertyValues().email("Email", "jane@example.com").build();
            properties.set(
                    "First Name",
                    JSON.createObjectNode()
                            .set(
                                    "rich_text",
                                    JSON.createArrayNode()
                                            .add(JSON.createObjectNode()
                                                    .set(
                                                            "text",
                                                            JSON.createObjectNode()
                                                                    .put("content", "x".repeat(2001))))));
            ProviderException error =
                    assertThrows(ProviderException.class, () -> client.createPage(TRACKER_DB, properties));
            assertEquals(400, error.status());
            assertEquals("validation_error", error.code());
            assertFalse(error.retryable());
            assertEquals(2, notion.requestCount(), "the database's data source looked up, and one create");
            assertEquals(
                    1,
                    notion.server()
                            .findAll(postRequestedFor(urlEqualTo("/v1/pages")))
                            .size());
            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Nested
    class AgainstStubs {
        private WireMockServer server;
        private RecordingSleeper sleeper;
        private NotionClient client;

        @BeforeEach
        void start() {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            // db-1 is a database with one data source, ds-1 (GET /v1/databases/{id} under 2025-09-03)
            server.stubFor(get(urlEqualTo("/v1/databases/db-1"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withBody("{\"object\":\"database\",\"id\":\"db-1\","
                                    + "\"data_sources\":[{\"id\":\"ds-1\",\"name\":\"Leads\"}]}")));
            sleeper = new RecordingSleeper();
            client = client(server.baseUrl(), "secret_stub_token", sleeper.retrying());
        }

        @AfterEach
        void stop() {
            server.stop();
        }

        private void stubAny(int status, String code, String message) {
            server.stubFor(any(anyUrl())
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "application/json")
                            .withBody(FakeNotion.errorBody(status, code, message))));
        }

        /** The first request answers {@code first}; the ones after it, the page {@code id}. */
        private void firstThenPage(Supplier<MappingBuilder> request, ResponseDefinitionBuilder first, String id) {
            server.stubFor(request.get()
                    .inScenario("retry")
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(first)
                    .willSetStateTo("passed"));
            server.stubFor(request.get()
                    .inScenario("retry")
                    .whenScenarioStateIs("passed")
                    .willReturn(aResponse().withStatus(200).withBody(page(id))));
        }

        private NotionPage createJane() {
            return client.createPage(
                    "db-1",
                    new PropertyValues().email("Email", "jane@example.com").build());
        }

        private int count(RequestPatternBuilder requests) {
            return server.findAll(requests).size();
        }

        private static ResponseDefinitionBuilder rateLimited(String retryAfter) {
            return aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", retryAfter)
                    .withBody(FakeNotion.errorBody(429, "rate_limited", "You have been rate limited."));
        }

        private static ResponseDefinitionBuilder unavailable() {
            return aResponse()
                    .withStatus(503)
                    .withBody(FakeNotion.errorBody(503, "service_unavailable", "Notion is unavailable."));
        }

        private static String page(String id) {
            return "{\"object\":\"page\",\"id\":\"" + id
                    + "\",\"properties\":{\"Email\":{\"id\":\"a\",\"type\":\"email\","
                    + "\"email\":\"jane@example.com\"}}}";
        }

        @Test
        void sendsTheBearerTokenTheVersionAndJson() {
            server.stubFor(post(urlEqualTo("/v1/data_sources/ds-1/query"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withBody("{\"object\":\"list\",\"results\":[],\"next_cursor\":null,\"has_more\":false,"
                                    + "\"type\":\"page_or_data_source\",\"page_or_data_source\":{}}")));
            server.stubFor(get(urlEqualTo("/v1/pages/p-1"))
                    .willReturn(aResponse().withStatus(200).withBody(page("p-1"))));
            server.stubFor(patch(urlEqualTo("/v1/pages/p-1"))
                    .willReturn(aResponse().withStatus(200).withBody(page("p-1"))));
            server.stubFor(post(urlEqualTo("/v1/pages"))
                    .willReturn(aResponse().withStatus(200).withBody(page("p-1"))));

            client.queryDatabase("db-1", Filters.emailEquals("Email", "jane@example.com"));
            client.getPage("p-1");
            client.updatePage(
                    "p-1",
                    new PropertyValues().checkbox("Sequence Completed", true).build());
            createJane();

            server.verify(
                    1,
                    getRequestedFor(urlEqualTo("/v1/databases/db-1"))
                            .withHeader("Authorization", equalTo("Bearer secret_stub_token"))
                            .withHeader("Notion-Version", equalTo("2025-09-03")));
            server.verify(postRequestedFor(urlEqualTo("/v1/data_sources/ds-1/query"))
                    .withHeader("Authorization", equalTo("Bearer secret_stub_token"))
                    .withHeader("Notion-Version", equalTo("2025-09-03"))
                    .withHeader("Content-Type", containing("application/json"))
                    .withRequestBody(equalToJson(
                            "{\"filter\":{\"property\":\"Email\",\"email\":{\"equals\":\"jane@example.com\"}},"
                                    + "\"page_size\":100}")));
            server.verify(getRequestedFor(urlEqualTo("/v1/pages/p-1"))
                    .withHeader("Authorization", equalTo("Bearer secret_stub_token"))
                    .withHeader("Notion-Version", equalTo("2025-09-03")));
            server.verify(patchRequestedFor(urlEqualTo("/v1/pages/p-1"))
                    .withHeader("Notion-Version", equalTo("2025-09-03"))
                    .withRequestBody(equalToJson("{\"properties\":{\"Sequence Completed\":{\"checkbox\":true}}}")));
            server.verify(postRequestedFor(urlEqualTo("/v1/pages"))
                    .withHeader("Authorization", equalTo("Bearer secret_stub_token"))
                    .withRequestBody(equalToJson(
                            "{\"parent\":{\"type\":\"data_source_id\",\"data_source_id\":\"ds-1\"}}", true, true))
                    .withRequestBody(matchingJsonPath("$.properties.Email.email", equalTo("jane@example.com"))));
        }

        @ParameterizedTest(name = "{0} {1}: retryable={2}, {3} call(s)")
        @CsvSource({
            "400, validation_error, false, 1, body failed validation: body.properties.Email.email should be a string",
            "401, unauthorized, false, 1, API token is invalid.",
            "403, restricted_resource, false, 1, Insufficient permissions for this endpoint.",
            "404, object_not_found, false, 1, Could not find page with ID: p-1.",
            "409, conflict_error, true, 3, Conflict occurred while saving. Please try again.",
            "429, rate_limited, true, 3, You have been rate limited. Please try again in a few minutes.",
            "500, internal_server_error, true, 3, Unexpected error occurred.",
            "502, bad_gateway, true, 3, Bad gateway.",
            "503, service_unavailable, true, 3, Notion is unavailable. Please try again later.",
        })
        void errorsAreProviderExceptionsAndOnlyTransientOnesAreRetried(
                int status, String code, boolean retryable, int calls, String message) {
            stubAny(status, code, message);

            ProviderException error = assertThrows(ProviderException.class, () -> client.getPage("p-1"));

            assertEquals("notion", error.provider());
            assertEquals(status, error.status());
            assertEquals(code, error.code());
            assertEquals(retryable, error.retryable());
            assertTrue(error.getMessage().contains(message), error.getMessage());
            assertEquals(calls, count(getRequestedFor(urlEqualTo("/v1/pages/p-1"))));
            assertEquals(calls - 1, sleeper.waits().size(), "one short wait between attempts");
            sleeper.waits().forEach(wait -> assertTrue(wait.compareTo(Duration.ofSeconds(10)) <= 0, wait.toString()));
        }

        @Test
        void retryAfterIsHonoured() {
            firstThenPage(() -> get(urlEqualTo("/v1/pages/p-1")), rateLimited("2"), "p-1");

            NotionPage page = client.getPage("p-1");

            assertEquals("p-1", page.id());
            assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits());
            assertEquals(2, count(getRequestedFor(urlEqualTo("/v1/pages/p-1"))));
        }

        @Test
        void aRetryAfterLongerThanTheShortRetriesIsLeftToTheCaller() {
            server.stubFor(get(urlEqualTo("/v1/pages/p-1")).willReturn(rateLimited("60")));

            ProviderException error = assertThrows(ProviderException.class, () -> client.getPage("p-1"));

            assertTrue(error.retryable());
            assertEquals(Optional.of(Duration.ofSeconds(60)), error.retryAfter());
            assertEquals(List.of(), sleeper.waits(), "no minute-long sleep inside the call");
            assertEquals(1, count(getRequestedFor(urlEqualTo("/v1/pages/p-1"))));
        }

        @Test
        void aCreateIsNotRetriedOnAServerError() {
            server.stubFor(post(urlEqualTo("/v1/pages"))
                    .willReturn(aResponse()
                            .withStatus(500)
                            .withBody(
                                    FakeNotion.errorBody(500, "internal_server_error", "Unexpected error occurred."))));

            ProviderException error = assertThrows(ProviderException.class, this::createJane);

            assertEquals(500, error.status());
            assertTrue(error.retryable(), "the caller may retry later; the client does not repeat it at once");
            assertEquals(1, count(postRequestedFor(urlEqualTo("/v1/pages"))));
            assertEquals(List.of(), sleeper.waits());
        }

        @Test
        void aCreateIsRetriedWhenRateLimited() {
            firstThenPage(() -> post(urlEqualTo("/v1/pages")), rateLimited("1"), "p-new");

            NotionPage page = createJane();

            assertEquals("p-new", page.id());
            assertEquals(2, count(postRequestedFor(urlEqualTo("/v1/pages"))));
            assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits());
        }

        @Test
        void anUpdateIsRetriedOnAServerErrorAndThenSucceeds() {
            firstThenPage(() -> patch(urlEqualTo("/v1/pages/p-1")), unavailable(), "p-1");

            client.updatePage(
                    "p-1",
                    new PropertyValues().checkbox("Sequence Completed", false).build());

            assertEquals(2, count(patchRequestedFor(urlEqualTo("/v1/pages/p-1"))));
            assertEquals(1, sleeper.waits().size());
        }

        @Test
        void aNonJsonErrorKeepsItsTextAndStatus() {
            server.stubFor(get(urlEqualTo("/v1/pages/p-1"))
                    .willReturn(aResponse()
                            .withStatus(502)
                            .withHeader("Content-Type", "text/html")
                            .withBody("<html>Bad Gateway</html>")));
            ProviderException error = assertThrows(ProviderException.class, () -> client.getPage("p-1"));
            assertEquals(502, error.status());
            assertTrue(error.retryable());
            assertTrue(error.getMessage().contains("Bad Gateway"), error.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(
                value = Fault.class,
                names = {"EMPTY_RESPONSE", "CONNECTION_RESET_BY_PEER"})
        void aPageCreateIsSentExactlyOnceWhenTheConnectionDropsAfterTheRequestWasWritten(Fault fault) {
            server.stubFor(post(urlEqualTo("/v1/pages")).willReturn(aResponse().withFault(fault)));

            ProviderException error = assertThrows(ProviderException.class, this::createJane);

            assertEquals(0, error.status());
            assertEquals("network_error", error.code());
            assertTrue(error.retryable(), "the caller may try again later, knowing the page may exist");
            assertEquals(
                    1,
                    count(postRequestedFor(urlEqualTo("/v1/pages"))),
                    "neither the retry policy nor OkHttp sent the create again");
            assertEquals(List.of(), sleeper.waits());
        }

        @Test
        void aReadIsRetriedWhenTheConnectionDrops() {
            firstThenPage(() -> get(urlEqualTo("/v1/pages/p-1")), aResponse().withFault(Fault.EMPTY_RESPONSE), "p-1");

            assertEquals("p-1", client.getPage("p-1").id());
            assertEquals(2, count(getRequestedFor(urlEqualTo("/v1/pages/p-1"))));
            assertEquals(1, sleeper.waits().size());
        }

        @Test
        void retryAfterAsAnHttpDateIsHonoured() {
            // a date already past: wait nothing, then try again
            firstThenPage(() -> get(urlEqualTo("/v1/pages/p-1")), rateLimited("Wed, 21 Oct 2015 07:28:00 GMT"), "p-1");

            assertEquals("p-1", client.getPage("p-1").id());
            assertEquals(List.of(Duration.ZERO), sleeper.waits());
        }

        @Test
        void anInterruptedThreadMakesNoNotionRequest() {
            server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(page("p-1"))));
            Thread.currentThread().interrupt();
            try {
                assertThrows(DeadlineExceededException.class, this::createJane);
                assertThrows(DeadlineExceededException.class, () -> client.getPage("p-1"));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is not swallowed");
            } finally {
                Thread.interrupted();
            }
            assertEquals(0, server.getAllServeEvents().size(), "nothing reached Notion");
        }

        @Test
        void anInterruptDuringTheRetryWaitStopsTheRetries() {
            stubAny(503, "service_unavailable", "Notion is unavailable.");
            NotionClient interrupting = client(
                    server.baseUrl(),
                    "secret_stub_token",
                    new Retrying(3, Duration.ofMillis(500), Duration.ofSeconds(10), wait -> {
                        throw new InterruptedException("exec_timeout");
                    }));
            try {
                assertThrows(DeadlineExceededException.class, () -> interrupting.getPage("p-1"));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is not swallowed");
            } finally {
                Thread.interrupted();
            }
            assertEquals(1, count(getRequestedFor(urlEqualTo("/v1/pages/p-1"))));
        }

        @Test
        void everyAttemptIsToldToTheObserverWithoutHeaders() {
            firstThenPage(() -> patch(urlEqualTo("/v1/pages/p-1")), unavailable(), "p-1");
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            NotionClient observed = new NotionClient(
                    NotionClient.builder(HttpClients.shared(), "secret_stub_token")
                            .retrying(sleeper.retrying())
                            .observer((provider, method, path, status, millis) ->
                                    seen.add(provider + " " + method + " " + path + " " + status))
                            .build(),
                    server.baseUrl());

            observed.updatePage(
                    "p-1",
                    new PropertyValues().checkbox("Sequence Completed", true).build());

            assertEquals(List.of("notion PATCH /v1/pages/p-1 503", "notion PATCH /v1/pages/p-1 200"), seen);
            server.verify(
                    2,
                    patchRequestedFor(urlEqualTo("/v1/pages/p-1"))
                            .withHeader("Authorization", equalTo("Bearer secret_stub_token"))
                            .withHeader("Notion-Version", equalTo("2025-09-03")));
        }

        @Test
        void aDroppedConnectionIsARetryableNetworkError() {
            server.stubFor(post(urlEqualTo("/v1/data_sources/ds-1/query"))
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            ProviderException error = assertThrows(
                    ProviderException.class,
                    () -> client.queryDatabase("db-1", Filters.emailEquals("Email", "jane@example.com")));
            assertEquals(0, error.status());
            assertEquals("network_error", error.code());
            assertTrue(error.retryable());
            assertEquals(2, sleeper.waits().size(), "three attempts");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The client as the campaign builds it: Notion's chain with these retries. */
    static NotionClient client(String baseUrl, String token, Retrying retrying) {
        return new NotionClient(
                NotionClient.builder(HttpClients.shared(), token)
                        .retrying(retrying)
                        .build(),
                baseUrl);
    }
}
