package com.openfaas.function;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.JsonAnswers;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/**
 * GET /function/campaign-health against WireMock Notion and Resend (with their real answers to
 * {@code GET /v1/users/me} and {@code GET /domains}) and a real Redis: all green, then each check failing.
 */
class HandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHECKS =
            List.of("redis", "secrets", "unsubscribe", "notion", "data-sources", "templates", "resend");
    private static final String RESTRICTED_KEY = "re_restricted_sending_only";
    private static final String WRONG_KEY = "re_wrong_key";
    private static final String WRONG_TOKEN = "secret_wrong_notion_token";

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private final TestCampaign env = harness.campaign;

    @BeforeEach
    void setUp() {
        // no secret files from the machine; a generous shared rate so the template queries do not wait
        harness.set("NOTION_RATE_LIMIT", "100");
        harness.set("RESEND_RATE_LIMIT", "100");
        // the secrets the other functions require, set like any deploy would
        harness.set("UNSUBSCRIBE_SECRET", "unsubscribe-test-secret");
        harness.set("RESEND_WEBHOOK_SECRET", "whsec_dGVzdC1yZXNlbmQtd2ViaG9vaw==");
        harness.set("ADMIN_TOKEN", "admin-test-token");
        harness.set("PUBLIC_GATEWAY_URL", "https://faas.example.com");
        stubNotionUsersMe();
        stubResendDomains();
    }

    /** Notion's GET /v1/users/me: the integration's bot user for the right token, 401 unauthorized otherwise. */
    private void stubNotionUsersMe() {
        env.notion
                .server()
                .stubFor(
                        get(urlEqualTo("/v1/users/me"))
                                .atPriority(1)
                                .withHeader("Authorization", equalTo("Bearer " + FakeNotion.TOKEN))
                                .willReturn(
                                        JsonAnswers.json(
                                                200,
                                                "{\"object\":\"user\",\"id\":\"9a3b5ae0-c6e6-482d-b0e1-ed315ee6dc57\",\"name\":\"Christmas Campaign\","
                                                        + "\"avatar_url\":null,\"type\":\"bot\",\"bot\":{\"owner\":{\"type\":\"workspace\",\"workspace\":true},"
                                                        + "\"workspace_name\":\"BusOS\"},\"request_id\":\"4b3f0cd4-3b0a-4a5e-9a48-0c9e1f9b7b1d\"}")));
        env.notion
                .server()
                .stubFor(get(urlEqualTo("/v1/users/me"))
                        .atPriority(2)
                        .willReturn(JsonAnswers.json(
                                401,
                                "{\"object\":\"error\",\"status\":401,\"code\":\"unauthorized\",\"message\":\"API token is invalid.\","
                                        + "\"request_id\":\"2a8c1d3e-9c1b-4c5e-8e0f-7d6b5a4c3b2a\"}")));
    }

    /** Resend's GET /domains: the list for a full-access key, restricted_api_key for a sending-only key, else invalid. */
    private void stubResendDomains() {
        env.resend
                .server()
                .stubFor(
                        get(urlEqualTo("/domains"))
                                .atPriority(1)
                                .withHeader("Authorization", equalTo("Bearer " + FakeResend.API_KEY))
                                .willReturn(
                                        JsonAnswers.json(
                                                200,
                                                "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"d91cd9bd-1176-453e-8fc1-35364d380206\","
                                                        + "\"name\":\"example.com\",\"status\":\"verified\",\"created_at\":\"2025-11-01 10:00:00.000000+00\","
                                                        + "\"region\":\"us-east-1\",\"capabilities\":{\"sending\":\"enabled\",\"receiving\":\"disabled\"}}]}")));
        env.resend
                .server()
                .stubFor(get(urlEqualTo("/domains"))
                        .atPriority(1)
                        .withHeader("Authorization", equalTo("Bearer " + RESTRICTED_KEY))
                        .willReturn(JsonAnswers.json(
                                401,
                                FakeResend.errorBody(
                                        401, "restricted_api_key", "This API key is restricted to only send emails"))));
        env.resend
                .server()
                .stubFor(get(urlEqualTo("/domains"))
                        .atPriority(2)
                        .willReturn(JsonAnswers.json(
                                403, FakeResend.errorBody(403, "invalid_api_key", "API key is invalid"))));
    }

    /** As the operator calls it: with the admin token, every check and its detail. */
    private IResponse call() {
        return new Handler(harness.config())
                .Handle(new Request("", new HashMap<>(Map.of("Authorization", "Bearer admin-test-token"))));
    }

    private IResponse anonymousCall(Handler handler) {
        return handler.Handle(new Request("", new HashMap<>()));
    }

    private static JsonNode json(IResponse response) {
        assertEquals("application/json", response.getContentType());
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The checks by name, in the order of the answer. */
    private static Map<String, JsonNode> checks(JsonNode answer) {
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        for (JsonNode check : answer.path("checks")) {
            assertTrue(check.path("ok").isBoolean(), check.toString());
            assertTrue(check.path("detail").isTextual(), check.toString());
            checks.put(check.path("name").asText(), check);
        }
        assertEquals(CHECKS, List.copyOf(checks.keySet()));
        return checks;
    }

    /** Asserts a 503 in which exactly {@code failing} fail; answers the checks. */
    private static Map<String, JsonNode> failingExactly(IResponse response, String... failing) {
        assertEquals(503, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("failing", answer.path("status").asText());
        Map<String, JsonNode> checks = checks(answer);
        List<String> expected = List.of(failing);
        checks.forEach((name, check) ->
                assertEquals(!expected.contains(name), check.path("ok").asBoolean(), name + ": " + check));
        return checks;
    }

    private static String detail(Map<String, JsonNode> checks, String name) {
        return checks.get(name).path("detail").asText();
    }

    @Test
    void everythingInPlaceIs200WithEveryCheckGreen() {
        IResponse response = call();
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("ok", answer.path("status").asText());
        Map<String, JsonNode> checks = checks(answer);
        checks.values().forEach(check -> assertTrue(check.path("ok").asBoolean(), check.toString()));
        assertTrue(detail(checks, "redis").contains("PONG"), detail(checks, "redis"));
        for (String secret : List.of(
                "notion-token",
                "notion-email-templates-db-id",
                "notion-email-sequence-db-id",
                "notion-businessx-db-id",
                "resend-api-key",
                "unsubscribe-secret",
                "resend-webhook-secret",
                "admin-token")) {
            assertTrue(detail(checks, "secrets").contains(secret), secret + " in " + detail(checks, "secrets"));
        }
        assertTrue(detail(checks, "notion").contains("Christmas Campaign"), detail(checks, "notion"));
        assertEquals(
                "data sources in use: NOTION_EMAIL_TEMPLATES_DB_ID: "
                        + FakeNotion.dataSourceOf(TestCampaign.TEMPLATES_DB) + " (\"db-templates\"), "
                        + "NOTION_EMAIL_SEQUENCE_DB_ID: " + FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB)
                        + " (\"db-tracker\"), NOTION_BUSINESSX_DB_ID: "
                        + FakeNotion.dataSourceOf(TestCampaign.CONTACTS_DB) + " (\"db-contacts\")",
                detail(checks, "data-sources"));
        long names = Sequences.all().stream()
                .flatMap(s -> s.emails().stream())
                .map(SequenceEmail::template)
                .distinct()
                .count();
        assertTrue(detail(checks, "templates").contains("all " + names + " templates"), detail(checks, "templates"));
        assertTrue(detail(checks, "resend").contains("example.com (verified)"), detail(checks, "resend"));
    }

    @Test
    void theAnswerNeverCarriesASecretValue() {
        String body = call().getBody();
        for (String value : List.of(
                FakeNotion.TOKEN,
                FakeResend.API_KEY,
                "unsubscribe-test-secret",
                "admin-test-token",
                "whsec_dGVzdC1yZXNlbmQtd2ViaG9vaw==")) {
            assertFalse(body.contains(value), "the answer contains a secret value");
        }
    }

    @Test
    void redisDownFailsTheRedisCheckOnly() {
        harness.set("REDIS_URL", "redis://127.0.0.1:" + TestRedis.freePort());
        Map<String, JsonNode> checks = failingExactly(call(), "redis");
        assertTrue(detail(checks, "redis").startsWith("redis://127.0.0.1:"), detail(checks, "redis"));
    }

    @Test
    void aRedisThatRefusesThePasswordFailsTheRedisCheck() throws Exception {
        int port = TestRedis.freePort();
        RedisServer guarded = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("requirepass the-right-password")
                .build();
        guarded.start();
        try {
            harness.set("REDIS_URL", "redis://127.0.0.1:" + port);
            harness.set("REDIS_PASSWORD", "not-the-password");
            Map<String, JsonNode> checks = failingExactly(call(), "redis");
            assertFalse(detail(checks, "redis").contains("not-the-password"), detail(checks, "redis"));

            harness.set("REDIS_PASSWORD", "the-right-password");
            IResponse response = call();
            assertEquals(200, response.getStatusCode(), response.getBody());
        } finally {
            guarded.stop();
        }
    }

    @Test
    void aMissingSecretIsNamedAndItsChecksFail() {
        harness.clear("RESEND_API_KEY");
        Map<String, JsonNode> checks = failingExactly(call(), "secrets", "resend");
        assertEquals("missing: resend-api-key (RESEND_API_KEY)", detail(checks, "secrets"));
        assertTrue(
                detail(checks, "resend").contains("resend-api-key (RESEND_API_KEY) is not set"),
                detail(checks, "resend"));
    }

    @Test
    void withoutAWebhookSecretTheSecretsCheckFailsNamingItAndTheAnonymousStatusIsFailing() {
        harness.clear("WEBHOOK_SECRET");
        Map<String, JsonNode> checks = failingExactly(call(), "secrets");
        assertTrue(detail(checks, "secrets").contains("webhook-secret (WEBHOOK_SECRET)"), detail(checks, "secrets"));
        IResponse anonymous = anonymousCall(new Handler(harness.config()));
        assertEquals(503, anonymous.getStatusCode(), anonymous.getBody());
        assertEquals("failing", json(anonymous).path("status").asText());
    }

    @Test
    void aWebhookSecretThatGivesNoKeyFailsTheSecretsCheckNamingTheSettingNotTheValue() {
        harness.set("WEBHOOK_SECRET", "whsec_");
        harness.set("RESEND_WEBHOOK_SECRET", "not-base64!");
        Map<String, JsonNode> checks = failingExactly(call(), "secrets");
        String detail = detail(checks, "secrets");
        assertTrue(detail.contains("invalid configuration: webhook-secret (WEBHOOK_SECRET)"), detail);
        assertTrue(detail.contains("whsec_ with nothing after it"), detail);
        assertTrue(detail.contains("invalid configuration: resend-webhook-secret (RESEND_WEBHOOK_SECRET)"), detail);
        assertTrue(detail.contains("is not base64"), detail);
        assertFalse(detail.contains("not-base64!"), "the value is never shown: " + detail);
    }

    @Test
    void whileEmailsWouldGoOutWithoutListUnsubscribeTheUnsubscribeCheckFailsNamingWhatIsMissing() {
        harness.clear("PUBLIC_GATEWAY_URL");
        Map<String, JsonNode> checks = failingExactly(call(), "unsubscribe");
        assertTrue(
                detail(checks, "unsubscribe").contains("emails go out without List-Unsubscribe"),
                detail(checks, "unsubscribe"));
        assertTrue(detail(checks, "unsubscribe").contains("PUBLIC_GATEWAY_URL not set"), detail(checks, "unsubscribe"));
        IResponse anonymous = anonymousCall(new Handler(harness.config()));
        assertEquals(503, anonymous.getStatusCode(), "the anonymous status is failing too: " + anonymous.getBody());

        harness.set("PUBLIC_GATEWAY_URL", "https://faas.example.com").clear("UNSUBSCRIBE_SECRET");
        checks = failingExactly(call(), "secrets", "unsubscribe");
        assertTrue(
                detail(checks, "unsubscribe").contains("unsubscribe-secret (UNSUBSCRIBE_SECRET) not set"),
                detail(checks, "unsubscribe"));
    }

    @Test
    void aPlainHttpPublicGatewayUrlFailsTheUnsubscribeCheckAsAConfigurationError() {
        harness.set("PUBLIC_GATEWAY_URL", "http://faas.example.com");
        Map<String, JsonNode> checks = failingExactly(call(), "unsubscribe");
        assertTrue(
                detail(checks, "unsubscribe")
                        .startsWith("invalid configuration: PUBLIC_GATEWAY_URL must be an https URL"),
                detail(checks, "unsubscribe"));
    }

    @Test
    void withBothSetTheUnsubscribeCheckSaysWhereTheLinksPoint() {
        IResponse response = call();
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(
                "every email carries List-Unsubscribe and List-Unsubscribe-Post (one-click):"
                        + " https://faas.example.com/function/unsubscribe",
                detail(checks(json(response)), "unsubscribe"));
    }

    @Test
    void withWebhookAuthNoneTheSecretsCheckPassesWithAWarning() {
        harness.clear("WEBHOOK_SECRET").set("WEBHOOK_AUTH", "none");
        IResponse response = call();
        assertEquals(200, response.getStatusCode(), response.getBody());
        String detail = detail(checks(json(response)), "secrets");
        assertTrue(detail.contains("warning"), detail);
        assertTrue(detail.contains("unsigned webhooks are accepted"), detail);
        assertEquals(200, anonymousCall(new Handler(harness.config())).getStatusCode());
    }

    @Test
    void anUnknownWebhookAuthFailsTheSecretsCheckNamingIt() {
        harness.set("WEBHOOK_AUTH", "maybe");
        Map<String, JsonNode> checks = failingExactly(call(), "secrets");
        assertTrue(detail(checks, "secrets").contains("WEBHOOK_AUTH"), detail(checks, "secrets"));
    }

    @Test
    void withTheWebhookSecretTheSecretsCheckSaysWebhooksAreSigned() {
        IResponse response = call();
        assertEquals(200, response.getStatusCode(), response.getBody());
        String detail = detail(checks(json(response)), "secrets");
        assertTrue(detail.contains("webhooks: signed"), detail);
    }

    @Test
    void withoutTheAdminTokenACallerLearnsOnlyOkOrFailingAndSpendsNoProviderRequest() throws Exception {
        Handler handler = new Handler(harness.config());
        for (int i = 0; i < 20; i++) {
            IResponse response = anonymousCall(handler);
            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode answer = json(response);
            assertEquals("ok", answer.path("status").asText());
            assertTrue(answer.path("checks").isMissingNode(), "no checks, no details: " + answer);
        }
        assertEquals(0, env.notion.requestCount(), "Notion was not called");
        assertEquals(0, env.resend.server().getAllServeEvents().size(), "Resend was not called");
        IResponse wrongToken = handler.Handle(new Request("", new HashMap<>(Map.of("Authorization", "Bearer guess"))));
        assertTrue(json(wrongToken).path("checks").isMissingNode(), wrongToken.getBody());
    }

    @Test
    void withoutTheAdminTokenSecretEvenTheOperatorGetsOnlyOkOrFailing() {
        harness.clear("RESEND_API_KEY");
        harness.clear("ADMIN_TOKEN");
        IResponse response = call();
        assertEquals(503, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("failing", answer.path("status").asText());
        assertTrue(answer.path("checks").isMissingNode(), answer.toString());
        assertFalse(
                response.getBody().contains("RESEND_API_KEY")
                        || response.getBody().contains("admin-token ("),
                "no secret's name: " + response.getBody());
    }

    @Test
    void aMissingNotionTokenFailsNotionAndTemplates() {
        harness.clear("NOTION_TOKEN");
        Map<String, JsonNode> checks = failingExactly(call(), "secrets", "notion", "data-sources", "templates");
        assertTrue(detail(checks, "secrets").contains("notion-token (NOTION_TOKEN)"), detail(checks, "secrets"));
        assertTrue(detail(checks, "data-sources").startsWith("not checked"), detail(checks, "data-sources"));
        assertTrue(detail(checks, "templates").startsWith("not checked"), detail(checks, "templates"));
    }

    @Test
    void aRejectedNotionTokenFailsWithNotionsMessage() {
        harness.set("NOTION_TOKEN", WRONG_TOKEN);
        Map<String, JsonNode> checks = failingExactly(call(), "notion", "data-sources", "templates");
        assertEquals("Notion answered 401 unauthorized: API token is invalid.", detail(checks, "notion"));
        assertEquals("not checked: the Notion check failed", detail(checks, "data-sources"));
        assertEquals("not checked: the Notion check failed", detail(checks, "templates"));
        assertFalse(detail(checks, "notion").contains(WRONG_TOKEN));
    }

    @Test
    void aMissingOrEmptyTemplateIsNamed() {
        // a templates database where one email's template is absent and another's subject is empty
        String database = "db-templates-incomplete";
        env.notion.schema(
                database,
                Map.of("Template Name", "title", "Subject Line", "rich_text", "Email Body HTML", "rich_text"));
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                if (email.template().equals("5-Day E3")) continue;
                String subject =
                        email.template().equals("noshow_recovery_email_2") ? "" : "Subject of " + email.template();
                env.notion.addTemplate(database, email.template(), subject, "<p>Body of " + email.template() + "</p>");
            }
        }
        harness.set("NOTION_EMAIL_TEMPLATES_DB_ID", database);
        Map<String, JsonNode> checks = failingExactly(call(), "templates");
        String detail = detail(checks, "templates");
        assertTrue(detail.startsWith("2 of "), detail);
        assertTrue(detail.contains("5-Day E3: not found"), detail);
        assertTrue(detail.contains("noshow_recovery_email_2: empty Subject Line"), detail);
    }

    @Test
    void aTemplatesDatabaseNotSharedWithTheIntegrationFailsWithNotionsMessage() {
        harness.set("NOTION_EMAIL_TEMPLATES_DB_ID", "db-not-shared");
        Map<String, JsonNode> checks = failingExactly(call(), "data-sources", "templates");
        assertTrue(
                detail(checks, "templates").contains("Could not find database with ID: db-not-shared"),
                detail(checks, "templates"));
        assertTrue(
                detail(checks, "data-sources")
                        .startsWith(
                                "notion-email-templates-db-id (NOTION_EMAIL_TEMPLATES_DB_ID): reading the database"
                                        + " failed: notion 404 object_not_found: Could not find database with ID: db-not-shared"),
                detail(checks, "data-sources"));
    }

    @Test
    void aRejectedResendKeyFailsWithResendsMessage() {
        harness.set("RESEND_API_KEY", WRONG_KEY);
        Map<String, JsonNode> checks = failingExactly(call(), "resend");
        assertEquals("Resend answered 403 invalid_api_key: API key is invalid", detail(checks, "resend"));
        assertFalse(call().getBody().contains(WRONG_KEY));
    }

    @Test
    void aSendingOnlyResendKeyCountsAsAccepted() {
        harness.set("RESEND_API_KEY", RESTRICTED_KEY);
        IResponse response = call();
        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<String, JsonNode> checks = checks(json(response));
        assertTrue(checks.get("resend").path("ok").asBoolean());
        assertTrue(detail(checks, "resend").contains("sending-only"), detail(checks, "resend"));
        assertTrue(detail(checks, "resend").contains("restricted_api_key"), detail(checks, "resend"));
    }

    @Test
    void unreachableProvidersFailTheirChecks() {
        harness.set("NOTION_BASE_URL", "http://127.0.0.1:" + TestRedis.freePort());
        harness.set("RESEND_BASE_URL", "http://127.0.0.1:" + TestRedis.freePort());
        Map<String, JsonNode> checks = failingExactly(call(), "notion", "data-sources", "templates", "resend");
        assertTrue(
                detail(checks, "notion").startsWith("Notion unreachable at http://127.0.0.1:"),
                detail(checks, "notion"));
        assertTrue(
                detail(checks, "resend").startsWith("Resend unreachable at http://127.0.0.1:"),
                detail(checks, "resend"));
    }

    @Test
    void aDatabaseWithSeveralDataSourcesAndNoSettingFailsTheDataSourcesCheckNamingTheSettingAndTheSources() {
        String archive = env.notion.addDataSource(TestCampaign.TRACKER_DB, "Archive 2024");

        Map<String, JsonNode> checks = failingExactly(call(), "data-sources");

        String detail = detail(checks, "data-sources");
        assertTrue(detail.startsWith("missing configuration: NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID"), detail);
        assertTrue(detail.contains(FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB) + " (\"db-tracker\")"), detail);
        assertTrue(detail.contains(archive + " (\"Archive 2024\")"), detail);

        harness.set("NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID", archive);
        IResponse chosen = call();
        assertEquals(200, chosen.getStatusCode(), chosen.getBody());
        assertTrue(
                detail(checks(json(chosen)), "data-sources")
                        .contains("NOTION_EMAIL_SEQUENCE_DB_ID: " + archive + " (\"Archive 2024\")"),
                chosen.getBody());
    }

    @Test
    void aDataSourceSettingNamingNoSourceOfItsDatabaseFailsTheDataSourcesCheck() {
        harness.set("NOTION_BUSINESSX_DATA_SOURCE_ID", "0f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9");

        Map<String, JsonNode> checks = failingExactly(call(), "data-sources");

        String detail = detail(checks, "data-sources");
        assertTrue(
                detail.startsWith("invalid configuration: NOTION_BUSINESSX_DATA_SOURCE_ID is "
                        + "0f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9, which is not a data source of the Notion database "
                        + TestCampaign.CONTACTS_DB),
                detail);
        assertTrue(detail.contains(FakeNotion.dataSourceOf(TestCampaign.CONTACTS_DB)), detail);
    }

    @Test
    void aTemplatesDatabaseWithSeveralDataSourcesAndNoSettingFailsBothItsChecks() {
        env.notion.addDataSource(TestCampaign.TEMPLATES_DB, "Drafts");

        Map<String, JsonNode> checks = failingExactly(call(), "data-sources", "templates");

        assertTrue(
                detail(checks, "templates").contains("NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID"),
                detail(checks, "templates"));
    }
}
