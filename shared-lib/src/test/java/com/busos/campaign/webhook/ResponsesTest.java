package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What an anonymous caller learns of a provider's refusal: that it happened, and an id for the operator. */
class ResponsesTest {
    private static final String NOTION_MESSAGE =
            "Could not find database with ID: 1f2e3d4c. Make sure the relevant pages "
                    + "and databases are shared with your integration \"BusOS Campaign\".";

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
}
