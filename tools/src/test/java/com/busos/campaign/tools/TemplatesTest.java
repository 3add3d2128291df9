package com.busos.campaign.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.templatefiles.TemplateFiles;
import com.busos.campaign.testing.FakeNotion;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * campaign-templates.sh against a WireMock Notion that stores pages and, like Notion, refuses a text
 * object longer than 2,000 characters: push, pull, check and preview as an operator runs them.
 */
class TemplatesTest {
    private static final String DB = "db-email-templates";
    private static final Path REPO_TEMPLATES = Path.of("..", "templates");

    @TempDir
    Path work;

    private FakeNotion notion;
    private Path files;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        notion = new FakeNotion();
        Map<String, String> schema = new LinkedHashMap<>();
        schema.put("Template Name", "title");
        schema.put("Subject Line", "rich_text");
        schema.put("Email Body HTML", "rich_text");
        schema.put("Email Number", "number");
        schema.put("Status", "select");
        schema.put("Template Type", "select");
        notion.schema(DB, schema);
        files = work.resolve("templates");
        copyTree(REPO_TEMPLATES, files);
    }

    @AfterEach
    void tearDown() {
        notion.close();
    }

    private int run(String... args) {
        return run(settings(), args);
    }

    private Map<Setting, String> settings() {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.NOTION_TOKEN, FakeNotion.TOKEN);
        settings.put(Setting.NOTION_BASE_URL, notion.baseUrl());
        settings.put(Setting.NOTION_EMAIL_TEMPLATES_DB_ID, DB);
        settings.put(Setting.TEMPLATES_DIR, files.toString());
        settings.put(Setting.SANDBOX_DIR, work.resolve("sandbox").toString());
        return settings;
    }

    private int run(Map<Setting, String> settings, String... args) {
        out.reset();
        err.reset();
        return run(CampaignConfig.of(settings), args);
    }

    private int run(CampaignConfig config, String... args) {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Templates(
                        Templates.withoutSandbox(config),
                        stdout,
                        stderr,
                        Clock.fixed(Instant.parse("2025-11-28T09:00:00Z"), ZoneOffset.UTC))
                .run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private ObjectNode page(String templateName) {
        List<ObjectNode> pages = notion.pagesOf(DB).stream()
                .filter(page -> text(page, "Template Name").equals(templateName))
                .collect(Collectors.toList());
        assertEquals(1, pages.size(), templateName + " pages");
        return pages.get(0);
    }

    private static String text(ObjectNode page, String property) {
        StringBuilder text = new StringBuilder();
        var value = page.path("properties").path(property);
        var array = value.has("title") ? value.path("title") : value.path("rich_text");
        array.forEach(item -> text.append(item.path("plain_text").asText()));
        return text.toString();
    }

    @Test
    void pushCreatesEveryTemplateWholeAcrossSegmentsThenUpdatesOnlyWhatChanged() throws Exception {
        assertEquals(0, run("push"), stderr());

        assertEquals(14, notion.pagesOf(DB).size());
        assertEquals(
                14, stdout().lines().filter(line -> line.startsWith("created ")).count(), stdout());
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                String file = asSent(files, email.template());
                String body = file.substring(file.indexOf('\n') + 1);
                ObjectNode page = page(email.template());
                assertTrue(body.length() > 2000, email.template());
                assertTrue(page.at("/properties/Email Body HTML/rich_text").size() >= 2, "split across segments");
                assertEquals(body, text(page, "Email Body HTML"), "pushed whole, not cut");
                assertEquals(
                        email.number(),
                        page.at("/properties/Email Number/number").asInt());
                assertEquals("Active", page.at("/properties/Status/select/name").asText());
                assertEquals(
                        sequence.templateType().orElse("Nurture Sequence"),
                        page.at("/properties/Template Type/select/name").asText());
            }
        }
        assertEquals(
                "The ${{TotalRevenueLeak_K}}K hiding in {{business_name}}", text(page("5-Day E2"), "Subject Line"));

        assertEquals(0, run("push"), stderr());
        assertEquals(
                14,
                stdout().lines().filter(line -> line.startsWith("unchanged ")).count(),
                stdout());

        Path e3 = files.resolve("5-Day E3.html");
        String longer = asSent(files, "5-Day E3").replace("</body>", "<p>" + "More. ".repeat(700) + "</p>\n</body>");
        Files.writeString(e3, longer, StandardCharsets.UTF_8);
        assertEquals(0, run("push", "5-Day E3"), stderr());
        assertEquals(
                "updated    5-Day E3 (" + (longer.length() - longer.indexOf('\n') - 1) + " characters of HTML)\n",
                stdout());
        assertEquals(14, notion.pagesOf(DB).size(), "updated in place, by Template Name");
        assertEquals(longer.substring(longer.indexOf('\n') + 1), text(page("5-Day E3"), "Email Body HTML"));
    }

    @Test
    void pullWritesNotionsTemplatesBackIdentical() throws Exception {
        assertEquals(0, run("push"), stderr());
        Path pulled = work.resolve("pulled");
        copyTree(files.resolve("partials"), pulled.resolve("partials"));
        Path whole = work.resolve("whole");

        assertEquals(0, run("pull", "--dir", whole.toString()), stderr());
        assertEquals(
                14, stdout().lines().filter(line -> line.startsWith("written ")).count(), stdout());
        assertEquals(0, run("pull", "--dir", pulled.toString()), stderr());

        assertEquals(
                14, stdout().lines().filter(line -> line.startsWith("written ")).count(), stdout());
        for (String name : new TemplateFiles(files).names()) {
            assertEquals(
                    Files.readString(files.resolve(name + ".html"), StandardCharsets.UTF_8),
                    Files.readString(pulled.resolve(name + ".html"), StandardCharsets.UTF_8),
                    name + ": the header and footer folded back into their partials");
            assertEquals(
                    asSent(files, name),
                    Files.readString(whole.resolve(name + ".html"), StandardCharsets.UTF_8),
                    name + ": a folder without partials gets the whole email");
        }
        assertEquals(0, run("pull", "--dir", pulled.toString()), stderr());
        assertEquals(
                14,
                stdout().lines().filter(line -> line.startsWith("unchanged ")).count(),
                stdout());
    }

    @Test
    void pullReportsATemplateMissingFromNotion() {
        notion.addTemplate(DB, "5-Day E2", "Only one", "<p>one</p>");
        Path pulled = work.resolve("pulled");

        assertEquals(1, run("pull", "--dir", pulled.toString()), stdout());

        assertTrue(stdout().contains("missing    5-Day E3 (not in Notion's Email Templates database)"), stdout());
        assertTrue(Files.isRegularFile(pulled.resolve("5-Day E2.html")));
    }

    @Test
    void checkPrintsATableAndFailsOnAnyProblem() throws Exception {
        assertEquals(0, run("check"), stdout());
        assertTrue(stdout().endsWith("14 templates checked: 14 ok, 0 with problems (0 problems)\n"), stdout());

        Files.delete(files.resolve("noshow_recovery_email_2.html"));
        Path e4 = files.resolve("5-Day E4.html");
        Files.writeString(
                e4, Files.readString(e4, StandardCharsets.UTF_8).replace("{{deadline_date}}", "{{deadline_dat}}"));

        assertEquals(1, run("check"));
        assertTrue(stdout().contains("noshow_recovery_email_2    PROBLEM not found"), stdout());
        assertTrue(
                stdout().contains(
                                        "{{deadline_dat}} in the subject is not a variable of the 5day sequence: did you mean {{deadline_date}}?")
                        || stdout().contains(
                                        "{{deadline_dat}} in the body is not a variable of the 5day sequence: did you mean {{deadline_date}}?"),
                stdout());

        assertEquals(1, run("push"), "broken files are not pushed");
        assertTrue(stderr().contains("push refused"), stderr());
        assertEquals(0, notion.pagesOf(DB).size());
    }

    @Test
    void checkNotionChecksTheDatabase() {
        assertEquals(1, run("check", "--notion"));
        assertTrue(stdout().endsWith("14 templates checked: 0 ok, 14 with problems (14 problems)\n"), stdout());
        assertEquals(0, run("push"), stderr());
        assertEquals(0, run("check", "--notion"), stdout());
    }

    @Test
    void ofSeveralDataSourcesTheToolsUseTheOneChosenAndWithoutAChoiceSayWhichSettingToSet() {
        String drafts = notion.addDataSource(DB, "Drafts");
        notion.dataSourceSchema(drafts, Map.of("Template Name", "title"));

        assertEquals(2, run("push"));
        assertTrue(stderr().contains("missing configuration: NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID"), stderr());
        assertTrue(stderr().contains(drafts + " (\"Drafts\")"), "the data sources found: " + stderr());
        assertEquals(0, notion.pagesOf(DB).size());

        Map<Setting, String> settings = settings();
        settings.put(Setting.NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID, drafts);
        assertEquals(0, run(settings, "push"), stderr());
        assertEquals(14, notion.pagesIn(drafts).size());
        assertEquals(0, notion.pagesIn(FakeNotion.dataSourceOf(DB)).size(), "nothing in the source not chosen");
        assertEquals(0, run(settings, "check", "--notion"), stdout());
        assertEquals(2, run("check", "--notion"), "without the setting, a configuration error");
        assertTrue(stderr().contains("NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID"), stderr());
    }

    @Test
    void previewRendersATemplateForItsSampleContact() throws Exception {
        assertEquals(0, run("preview", "postcall_maybe_email_2"), stderr());
        assertTrue(stderr().contains("Subject: Your questions about the diagnostic, answered"), stderr());
        assertTrue(stdout().contains("On our call you raised <strong>price, timing</strong>."), stdout());
        assertFalse(stdout().contains("{{"));

        Path target = work.resolve("out").resolve("e2.html");
        assertEquals(0, run("preview", "5-Day E2", "--out", target.toString()), stderr());
        assertTrue(stdout().contains("Subject: The $14K hiding in Jane's Salon"), stdout());
        String e2 = Files.readString(target, StandardCharsets.UTF_8);
        assertTrue(e2.contains("Jane, let&rsquo;s talk about the $14K"), e2);
        assertFalse(e2.contains("{{"));

        Path all = work.resolve("all");
        assertEquals(0, run("preview", "--all", "--out", all.toString()), stderr());
        try (Stream<Path> rendered = Files.list(all)) {
            assertEquals(14, rendered.count());
        }
        assertEquals(2, run("preview", "no_such_template"));
        assertTrue(stderr().contains("no sequence uses a template named 'no_such_template'"), stderr());
    }

    @Test
    void missingNotionSettingsAreNamed() {
        assertEquals(2, run(CampaignConfig.of(Map.of(Setting.TEMPLATES_DIR, files.toString())), "push"));
        assertTrue(
                err.toString(StandardCharsets.UTF_8)
                        .contains(
                                "missing configuration: notion-token (NOTION_TOKEN), notion-email-templates-db-id (NOTION_EMAIL_TEMPLATES_DB_ID)"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("frobnicate"));
        assertTrue(stderr().contains("usage: campaign-templates.sh"));
    }

    /** The template's file as Notion gets it: its partials expanded. */
    private static String asSent(Path folder, String name) {
        return TemplateFiles.format(new TemplateFiles(folder).find(name).orElseThrow());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) Files.createDirectories(target);
                else Files.copy(path, target);
            }
        }
    }
}
