package com.busos.campaign.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.templatefiles.TemplateFiles;
import com.busos.campaign.tracker.Templates;
import com.busos.campaign.tracker.TrackerRecord;
import com.busos.campaign.tracker.Trackers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's Notion: the same records and shapes as Notion, kept as files. */
class LocalNotionTest {
    private static final String TRACKER = "sandbox-tracker";

    @TempDir
    Path dir;

    private LocalNotion notion() {
        return new LocalNotion(
                dir.resolve("notion"),
                new TemplateFiles(dir.resolve("templates")),
                "sandbox-templates",
                Clock.systemUTC());
    }

    @Test
    void pagesAreFilesInNotionsShapeAndTheRepositoriesReadThemAsFromNotion() throws Exception {
        LocalNotion notion = notion();
        ObjectNode properties = new PropertyValues()
                .title("Name", "Jane - Christmas")
                .email("Email", "jane@example.com")
                .richText("First Name", "Jane")
                .select("Template Type", "No-Show Recovery")
                .checkbox("Sequence Completed", false)
                .build();

        NotionPage created = notion.createPage(TRACKER, properties);

        Path file = dir.resolve("notion").resolve(TRACKER).resolve(created.id() + ".json");
        assertTrue(Files.isRegularFile(file));
        JsonNode stored = new ObjectMapper().readTree(file.toFile());
        assertEquals("page", stored.path("object").asText());
        assertEquals(TRACKER, stored.at("/parent/database_id").asText());
        // Notion 2025-09-03's page parent: the data source (here the database's one, with its id)
        assertEquals("data_source_id", stored.at("/parent/type").asText());
        assertEquals(TRACKER, stored.at("/parent/data_source_id").asText());
        assertEquals(
                "Jane",
                stored.at("/properties/First Name/rich_text/0/plain_text").asText());
        assertEquals("rich_text", stored.at("/properties/First Name/type").asText());
        assertEquals(
                "default", stored.at("/properties/Template Type/select/color").asText());

        Trackers trackers = new Trackers(notion, TRACKER);
        Instant sentAt = Instant.parse("2025-11-28T10:15:30Z");
        trackers.markSent(created.id(), 2, sentAt);
        TrackerRecord record = trackers.get(created.id());
        assertEquals("jane@example.com", record.email().orElseThrow());
        assertEquals("No-Show Recovery", record.templateType().orElseThrow());
        assertEquals("2025-11-28T10:15:30Z", record.sentAt(2).orElseThrow());
        assertEquals(List.of(2), record.sentEmailNumbers());
        assertEquals("Jane", record.page().plainText("First Name"), "properties set at creation survive an update");

        LocalNotion another = notion();
        assertEquals(
                1,
                new Trackers(another, TRACKER).findByEmail("jane@example.com").size(),
                "another instance (another function's class loader) sees the same records");
        assertEquals(0, trackers.findByEmail("nobody@example.com").size());
    }

    @Test
    void theCampaignsFiltersAreApplied() {
        LocalNotion notion = notion();
        notion.createPage(
                TRACKER,
                new PropertyValues()
                        .email("Email", "a@example.com")
                        .select("Campaign", "Christmas 2025")
                        .build());
        notion.createPage(
                TRACKER,
                new PropertyValues()
                        .email("Email", "a@example.com")
                        .select("Campaign", "Other")
                        .build());
        notion.createPage(
                TRACKER,
                new PropertyValues()
                        .email("Email", "b@example.com")
                        .title("Name", "B")
                        .build());

        assertEquals(
                2,
                notion.queryDatabase(TRACKER, Filters.emailEquals("Email", "a@example.com"))
                        .size());
        assertEquals(
                1,
                notion.queryDatabase(TRACKER, Filters.titleEquals("Name", "B")).size());
        ObjectNode select = JsonNodeFactory.instance.objectNode().put("property", "Campaign");
        select.putObject("select").put("equals", "Christmas 2025");
        assertEquals(1, notion.queryDatabase(TRACKER, select).size());
        ObjectNode and = JsonNodeFactory.instance.objectNode();
        ArrayNode parts = and.putArray("and");
        parts.add(Filters.emailEquals("Email", "a@example.com"));
        parts.add(select);
        assertEquals(1, notion.queryDatabase(TRACKER, and).size());
        assertEquals(3, notion.queryDatabase(TRACKER, null).size());
        assertEquals(
                0,
                notion.queryDatabase("sandbox-contacts", Filters.emailEquals("email", "a@example.com"))
                        .size());

        ObjectNode unsupported = JsonNodeFactory.instance.objectNode().put("property", "Email");
        unsupported.putObject("email").put("contains", "a@");
        ProviderException refused =
                assertThrows(ProviderException.class, () -> notion.queryDatabase(TRACKER, unsupported));
        assertEquals(400, refused.status());
    }

    @Test
    void notionsLimitsAndErrorsAreReproduced() {
        LocalNotion notion = notion();
        ObjectNode tooLong = JsonNodeFactory.instance.objectNode();
        tooLong.putObject("Notes")
                .putArray("rich_text")
                .addObject()
                .putObject("text")
                .put("content", "x".repeat(2001));

        ProviderException invalid = assertThrows(ProviderException.class, () -> notion.createPage(TRACKER, tooLong));
        assertEquals(400, invalid.status());
        assertEquals("validation_error", invalid.code());
        assertFalse(invalid.retryable());
        assertTrue(invalid.getMessage().contains("text.content.length should be ≤ `2000`, instead was `2001`"));

        NotionPage split = notion.createPage(
                TRACKER,
                new PropertyValues().richTextSegments("Notes", "y".repeat(4500)).build());
        assertEquals("y".repeat(4500), notion.getPage(split.id()).plainText("Notes"), "segments concatenated");

        ProviderException missing =
                assertThrows(ProviderException.class, () -> notion.getPage("0f1e2d3c-0000-4000-8000-000000000000"));
        assertEquals(404, missing.status());
        assertEquals("object_not_found", missing.code());
        assertThrows(ProviderException.class, () -> notion.getPage("../../etc/passwd"));
    }

    @Test
    void theTemplatesDatabaseIsTheTemplateFiles() {
        TemplateFiles files = new TemplateFiles(dir.resolve("templates"));
        String body = "<p>" + "{{first_name}} ".repeat(300) + "</p>";
        files.write(new EmailTemplate("5-Day E2", "Hello {{first_name}}", body));
        LocalNotion notion = notion();

        EmailTemplate found =
                new Templates(notion, "sandbox-templates").find("5-Day E2").orElseThrow();
        assertEquals("Hello {{first_name}}", found.subject());
        assertEquals(body, found.html());
        assertTrue(new Templates(notion, "sandbox-templates").find("5-Day E3").isEmpty());
        NotionPage page = notion.queryDatabase("sandbox-templates", Filters.titleEquals("Template Name", "5-Day E2"))
                .get(0);
        assertEquals(2, page.number("Email Number").orElseThrow().intValue());
        assertEquals("Active", page.selectName("Status").orElseThrow());
        assertEquals(
                3, page.properties().path("Email Body HTML").path("rich_text").size(), "4,500 characters, 3 segments");

        ProviderException readOnly = assertThrows(
                ProviderException.class,
                () -> notion.createPage(
                        "sandbox-templates",
                        new PropertyValues().title("Template Name", "x").build()));
        assertTrue(readOnly.getMessage().contains("edit them there"));
    }

    @Test
    void concurrentUpdatesOfOnePageLoseNothing() throws Exception {
        String id = notion().createPage(
                        TRACKER,
                        new PropertyValues().email("Email", "c@example.com").build())
                .id();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            List<Future<?>> updates = new ArrayList<>();
            for (int n = 1; n <= 7; n++) {
                int number = n;
                // a new instance per update, as each function has its own
                updates.add(pool.submit(() -> new Trackers(notion(), TRACKER).markSent(id, number, Instant.now())));
            }
            for (Future<?> update : updates) update.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6, 7),
                new Trackers(notion(), TRACKER).get(id).sentEmailNumbers());
    }
}
