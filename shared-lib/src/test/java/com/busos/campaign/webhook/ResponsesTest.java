package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.DataSourceChoices;
import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionClient;
import com.busos.campaign.testing.FakeNotion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an anonymous caller learns of a provider's refusal (that it happened, and an id for the
 * operator) and of a Notion data source the configuration does not choose (the setting to set).
 */
class ResponsesTest {
    private static final String NOTION_MESSAGE =
            "Could not find database with ID: 1f2e3d4c. Make sure the relevant pages "
                    + "and databases are shared with your integration \"BusOS Campaign\".";

    @Test
    void aRejectedRequestsLogLineNamesTheFieldsAndNotTheirValues() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Log log = Log.to("christmas-signup", new PrintStream(out, true, StandardCharsets.UTF_8));
        IResponse response = Responses.handle(log, () -> {
            RequestFields fields =
                    RequestFields.parse("{\"email\":\"not-an-address-secretvalue\",\"red_systems\":\"x\"}");
            fields.requiredEmail("email");
            fields.optionalInt("red_systems", 0, 0L, 100L);
            fields.requiredString("first_name");
            fields.validate();
            return Responses.ok(new ObjectMapper().createObjectNode());
        });
        assertEquals(422, response.getStatusCode());
        JsonNode line =
                new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).trim());
        assertEquals("request.invalid", line.path("event").asText());
        java.util.List<String> named = new java.util.ArrayList<>();
        line.path("errors").forEach(error -> named.add(error.asText()));
        assertEquals(3, named.size(), line.toString());
        assertTrue(named.get(0).startsWith("email: "), line.toString());
        assertTrue(named.stream().anyMatch(error -> error.startsWith("red_systems: ")), line.toString());
        assertTrue(named.contains("first_name: missing"), line.toString());
        assertFalse(line.toString().contains("secretvalue"), "no value sent is logged: " + line);
    }

    @Test
    void aProviderRefusalGivesTheCallerAGenericMessageAndTheLogTheProvidersWithTheSameRequestId() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Log log = Log.to("christmas-signup", new PrintStream(out, true, StandardCharsets.UTF_8));

        IResponse response = Responses.handle(log, () -> {
            throw new ProviderException("notion", 404, "object_not_found", NOTION_MESSAGE, false, null, null);
        });

        assertEquals(502, response.getStatusCode());
        JsonNode body = new ObjectMapper().readTree(response.getBody());
        assertFalse(
                response.getBody().contains("1f2e3d4c")
                        || response.getBody().contains("BusOS Campaign")
                        || response.getBody().contains("object_not_found"),
                response.getBody());
        String requestId = body.path("request_id").asText();
        assertTrue(requestId.length() >= 8, response.getBody());
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("\"request_id\":\"" + requestId + "\""), line);
        assertTrue(line.contains("Could not find database"), "the operator's log has the provider's message: " + line);
    }

    @Test
    void aDataSourceNotChosenIsAConfigurationError500NamingTheSettingAndTheLogTheDataSources() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Log log = Log.to("christmas-signup", new PrintStream(out, true, StandardCharsets.UTF_8));
        try (FakeNotion notion = new FakeNotion()) {
            notion.trackerSchema("db-tracker");
            String archive = notion.addDataSource("db-tracker", "Archive 2024");
            NotionClient client = new NotionClient(
                    NotionClient.builder(HttpClients.shared(), FakeNotion.TOKEN)
                            .retrying(Retrying.none())
                            .build(),
                    notion.baseUrl(),
                    DataSourceChoices.NONE.with(
                            "db-tracker",
                            "notion-email-sequence-db-id (NOTION_EMAIL_SEQUENCE_DB_ID)",
                            "NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID",
                            Optional.empty()));

            IResponse response = Responses.handle(log, () -> {
                client.queryDatabase("db-tracker", Filters.emailEquals("Email", "jane@example.com"));
                throw new AssertionError("not reached");
            });

            assertEquals(500, response.getStatusCode());
            String detail = new ObjectMapper()
                    .readTree(response.getBody())
                    .path("detail")
                    .asText();
            assertTrue(detail.startsWith("missing configuration: NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID"), detail);
            assertFalse(
                    response.getBody().contains(archive)
                            || response.getBody().contains("Archive 2024")
                            || response.getBody().contains("db-tracker"),
                    "no Notion ids or names in the answer: " + response.getBody());
            String line = out.toString(StandardCharsets.UTF_8);
            assertTrue(line.contains("\"event\":\"config.invalid\""), line);
            assertTrue(
                    line.contains(archive) && line.contains("Archive 2024"), "the log lists the data sources: " + line);
        }
    }
}
