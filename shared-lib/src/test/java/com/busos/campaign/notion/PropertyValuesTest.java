package com.busos.campaign.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** §4 and §8: property values in Notion's shapes, within 2,000 characters per text object. */
class PropertyValuesTest {
    private static final String EMOJI = "\uD83C\uDF84"; // a Christmas tree, outside the BMP: two chars

    @Test
    void richTextIsOneTextObject() throws Exception {
        ObjectNode properties =
                new PropertyValues().richText("First Name", "Jane").build();
        assertEquals(
                new ObjectMapper().readTree("{\"First Name\":{\"rich_text\":[{\"text\":{\"content\":\"Jane\"}}]}}"),
                properties);
    }

    @Test
    void richTextIsCutToTwoThousandCharacters() {
        String content = content(
                new PropertyValues().richText("Call Notes", "n".repeat(2500)).build(), "Call Notes", 0);
        assertEquals(2000, content.length());
        assertEquals(
                1,
                new PropertyValues()
                        .richText("Call Notes", "n".repeat(2500))
                        .build()
                        .path("Call Notes")
                        .path("rich_text")
                        .size());
    }

    @Test
    void richTextIsNotCutInsideASurrogatePair() {
        String text = "a".repeat(1999) + EMOJI + "b";
        String content =
                content(new PropertyValues().richText("Call Notes", text).build(), "Call Notes", 0);
        assertEquals("a".repeat(1999), content);
        assertFalse(Character.isHighSurrogate(content.charAt(content.length() - 1)));
    }

    @Test
    void aPairEndingExactlyAtTheLimitIsKept() {
        String text = "a".repeat(1998) + EMOJI + "b";
        assertEquals(
                "a".repeat(1998) + EMOJI,
                content(new PropertyValues().richText("N", text).build(), "N", 0));
    }

    @Test
    void nullAndShortTextsAreKept() {
        assertEquals("", content(new PropertyValues().richText("N", null).build(), "N", 0));
        assertEquals(
                "x".repeat(2000),
                content(new PropertyValues().richText("N", "x".repeat(2000)).build(), "N", 0));
    }

    @Test
    void longTextIsSplitIntoTwoThousandCharacterObjects() {
        String text = "a".repeat(2000) + "b".repeat(2000) + "c".repeat(500);
        JsonNode segments = new PropertyValues()
                .richTextSegments("Email Body HTML", text)
                .build()
                .path("Email Body HTML")
                .path("rich_text");
        assertEquals(3, segments.size());
        assertEquals(
                "a".repeat(2000), segments.get(0).path("text").path("content").asText());
        assertEquals(
                "b".repeat(2000), segments.get(1).path("text").path("content").asText());
        assertEquals(
                "c".repeat(500), segments.get(2).path("text").path("content").asText());
    }

    @Test
    void splittingKeepsSurrogatePairsWholeAndTheTextIntact() {
        String text = "a".repeat(1999) + EMOJI + "b".repeat(2600);
        JsonNode segments = new PropertyValues()
                .richTextSegments("Body", text)
                .build()
                .path("Body")
                .path("rich_text");
        StringBuilder joined = new StringBuilder();
        for (JsonNode segment : segments) {
            String content = segment.path("text").path("content").asText();
            assertTrue(content.length() <= 2000);
            assertFalse(Character.isHighSurrogate(content.charAt(content.length() - 1)));
            joined.append(content);
        }
        assertEquals(text, joined.toString());
    }

    @Test
    void emptyTextIsOneEmptyObjectAndTooLongTextIsRefused() {
        assertEquals(
                1,
                new PropertyValues()
                        .richTextSegments("Body", "")
                        .build()
                        .path("Body")
                        .path("rich_text")
                        .size());
        assertThrows(
                IllegalArgumentException.class,
                () -> new PropertyValues().richTextSegments("Body", "x".repeat(100 * 2000 + 1)));
    }

    @Test
    void titleUsesTheSameSegments() {
        JsonNode title = new PropertyValues()
                .title("Template Name", "5-Day E2")
                .build()
                .path("Template Name")
                .path("title");
        assertEquals("5-Day E2", title.get(0).path("text").path("content").asText());
    }

    @Test
    void datesAreWrittenInUtcWithZ() {
        ObjectNode properties = new PropertyValues()
                .date("Email 2 Sent", Instant.parse("2025-11-28T10:15:30Z"))
                .date("Signup Date", Instant.parse("2025-11-28T23:59:59.123Z"))
                .build();
        assertEquals(
                "2025-11-28T10:15:30Z",
                properties.path("Email 2 Sent").path("date").path("start").asText());
        assertEquals(
                "2025-11-28T23:59:59.123Z",
                properties.path("Signup Date").path("date").path("start").asText());
    }

    @Test
    void otherShapes() throws Exception {
        ObjectNode properties = new PropertyValues()
                .email("Email", "jane@example.com")
                .number("Assessment Score", 42)
                .number("Payment Amount", 1999.5)
                .number("Nothing", null)
                .select("Campaign", "Christmas 2025")
                .checkbox("Sequence Completed", false)
                .dateText("Payment Date", "2025-11-28")
                .build();
        assertEquals(
                new ObjectMapper()
                        .readTree("{\"Email\":{\"email\":\"jane@example.com\"},"
                                + "\"Assessment Score\":{\"number\":42},\"Payment Amount\":{\"number\":1999.5},\"Nothing\":{\"number\":null},"
                                + "\"Campaign\":{\"select\":{\"name\":\"Christmas 2025\"}},\"Sequence Completed\":{\"checkbox\":false},"
                                + "\"Payment Date\":{\"date\":{\"start\":\"2025-11-28\"}}}")
                        .toString(),
                properties.toString());
    }

    @Test
    void buildReturnsACopy() {
        PropertyValues values = new PropertyValues().richText("A", "1");
        ObjectNode first = values.build();
        values.richText("B", "2");
        assertFalse(first.has("B"));
    }

    private static String content(ObjectNode properties, String name, int index) {
        return properties
                .path(name)
                .path("rich_text")
                .get(index)
                .path("text")
                .path("content")
                .asText();
    }
}
