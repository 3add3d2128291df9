package com.busos.campaign.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    @Test
    void eachLineIsOneJsonObjectWithAnyStringEscaped() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLog log = JsonLog.to("entrypoint", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String nasty =
                "quote \" backslash \\ newline \n cr \r tab \t nul \u0000 bell \u0007 del \u007f ls \u2028 Zoë ☃ 🎄";

        log.warn("handler_failed")
                .with("error", nasty)
                .with("port", 8082)
                .with("ok", true)
                .with("skipped", null)
                .with("ratio", 0.5)
                .with("nan", Double.NaN)
                .print();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.split("\n", -1).length - 1, "exactly one line: " + text);
        JsonNode line = new ObjectMapper().readTree(text);
        assertEquals("warn", line.get("level").asText());
        assertEquals("entrypoint", line.get("logger").asText());
        assertEquals("handler_failed", line.get("event").asText());
        Instant.parse(line.get("ts").asText());
        assertEquals(nasty, line.get("error").asText());
        assertEquals(8082, line.get("port").asInt());
        assertTrue(line.get("ok").asBoolean());
        assertFalse(line.has("skipped"));
        assertEquals(0.5, line.get("ratio").asDouble());
        assertEquals("NaN", line.get("nan").asText());
        assertTrue(text.startsWith("{\"ts\":"), text);
    }
}
