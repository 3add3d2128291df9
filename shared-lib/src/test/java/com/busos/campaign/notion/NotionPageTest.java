package com.busos.campaign.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.tracker.TrackerRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Readers of a page's properties never fail on null, absent or wrongly-typed values (§10 D3, D5). */
class NotionPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NotionPage page(String propertiesJson) throws Exception {
        return new NotionPage("page-1", JSON.readTree(propertiesJson));
    }

    @Test
    void nullSelectReadsAsNoValue() throws Exception {
        NotionPage page = page("{\"Template Type\":{\"id\":\"abc\",\"type\":\"select\",\"select\":null},"
                + "\"Campaign\":{\"type\":\"select\",\"select\":null}}");
        assertEquals(Optional.empty(), page.selectName("Template Type"));
        assertEquals(Optional.empty(), page.selectName("Campaign"));
        TrackerRecord record = new TrackerRecord(page);
        assertEquals(Optional.empty(), record.templateType());
        assertTrue(record.tracks(Sequences.get(Sequences.FIVE_DAY)), "an unset Template Type is a 5-day record");
        assertFalse(record.tracks(Sequences.get(Sequences.NOSHOW)));
    }

    @Test
    void nullDatesAreNotSent() throws Exception {
        NotionPage page = page("{\"Email 1 Sent\":{\"type\":\"date\",\"date\":null},"
                + "\"Email 2 Sent\":{\"type\":\"date\",\"date\":{\"start\":\"2025-11-29T10:00:00Z\",\"end\":null}},"
                + "\"Email 3 Sent\":{\"type\":\"date\",\"date\":{\"start\":null}}}");
        assertEquals(Optional.empty(), page.dateStart("Email 1 Sent"));
        assertEquals(Optional.of("2025-11-29T10:00:00Z"), page.dateStart("Email 2 Sent"));
        assertEquals(Optional.empty(), page.dateStart("Email 3 Sent"));
        assertEquals(List.of(2), new TrackerRecord(page).sentEmailNumbers());
    }

    @Test
    void missingPropertiesReadAsNoValue() throws Exception {
        NotionPage page = page("{}");
        assertEquals(Optional.empty(), page.selectName("Template Type"));
        assertEquals(Optional.empty(), page.dateStart("Email 1 Sent"));
        assertEquals(Optional.empty(), page.email("Email"));
        assertEquals(Optional.empty(), page.number("Assessment Score"));
        assertEquals("", page.plainText("First Name"));
        assertFalse(page.checkbox("Sequence Completed"));
        assertEquals(List.of(), new TrackerRecord(page).sentEmailNumbers());
    }

    @Test
    void aPageWithoutPropertiesReadsAsEmpty() {
        NotionPage page = new NotionPage("page-1", (JsonNode) null);
        assertEquals(Optional.empty(), page.selectName("Template Type"));
        assertEquals("", page.plainText("Subject Line"));
    }

    @Test
    void wronglyTypedValuesReadAsNoValue() throws Exception {
        NotionPage page = page(
                "{\"Template Type\":{\"select\":\"Onboarding\"},\"Email 1 Sent\":{\"date\":\"2025-11-29\"},"
                        + "\"Assessment Score\":{\"number\":\"42\"},\"First Name\":{\"rich_text\":{\"plain_text\":\"Jane\"}}}");
        assertEquals(Optional.empty(), page.selectName("Template Type"));
        assertEquals(Optional.empty(), page.dateStart("Email 1 Sent"));
        assertEquals(Optional.empty(), page.number("Assessment Score"));
        assertEquals("", page.plainText("First Name"));
    }

    @Test
    void textIsEverySegmentConcatenated() throws Exception {
        NotionPage page = page(
                "{\"Template Name\":{\"type\":\"title\",\"title\":[{\"plain_text\":\"5-Day \"},{\"plain_text\":\"E2\"}]},"
                        + "\"Email Body HTML\":{\"type\":\"rich_text\",\"rich_text\":[{\"plain_text\":\"<p>Hi \"},"
                        + "{\"text\":{\"content\":\"{{first_name}}</p>\"}}]},"
                        + "\"Empty\":{\"type\":\"rich_text\",\"rich_text\":[]},\"Nulled\":{\"type\":\"title\",\"title\":null}}");
        assertEquals("5-Day E2", page.plainText("Template Name"));
        assertEquals("<p>Hi {{first_name}}</p>", page.plainText("Email Body HTML"));
        assertEquals("", page.plainText("Empty"));
        assertEquals("", page.plainText("Nulled"));
    }

    @Test
    void setValuesAreRead() throws Exception {
        NotionPage page = page("{\"Template Type\":{\"select\":{\"name\":\"No-Show Recovery\"}},"
                + "\"Email\":{\"email\":\"jane@example.com\"},\"Assessment Score\":{\"number\":42},"
                + "\"Sequence Completed\":{\"checkbox\":true}}");
        assertEquals(Optional.of("No-Show Recovery"), page.selectName("Template Type"));
        assertEquals(Optional.of("jane@example.com"), page.email("Email"));
        assertEquals(Optional.of(42.0), page.number("Assessment Score"));
        assertTrue(page.checkbox("Sequence Completed"));
        assertTrue(new TrackerRecord(page).tracks(Sequences.get(Sequences.NOSHOW)));
    }
}
