package com.busos.campaign.sandbox;

import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.templatefiles.TemplateFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Notion for the sandbox: the same operations on the same records, kept as files. Every page is one
 * JSON file, {@code <folder>/<database id>/<page id>.json}, in the shape Notion answers (property
 * types, {@code plain_text}, select ids…), so the repositories (trackers, contacts, analytics) read
 * it exactly as they read Notion. Notion's write limits and its errors (400 validation_error, 404
 * object_not_found) are reproduced, so what fails in production fails here. Each database is one data
 * source (API 2025-09-03), with the database's own id: a page's parent is
 * {@code {"type": "data_source_id", "data_source_id": <id>, "database_id": <id>}}, and the
 * NOTION_*_DATA_SOURCE_ID settings are not read.
 *
 * <p>The templates database is the template files ({@link TemplateFiles}): its pages are made from
 * the files at every query, with the properties the seed script writes (Template Name, Subject Line,
 * Email Body HTML in 2,000-character segments, Email Number, Status, Template Type). It is read-only:
 * edit the files.
 */
@RequiredArgsConstructor
public final class LocalNotion implements NotionApi {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /** Where the databases' pages are kept. */
    @Getter
    private final Path folder;

    /** The template files, answered for {@code templatesDatabaseId}. */
    private final TemplateFiles templates;
    /** The id the campaign is configured with for its templates database. */
    private final String templatesDatabaseId;

    private final Clock clock;

    @Override
    public List<NotionPage> queryDatabase(String databaseId, JsonNode filter) {
        List<NotionPage> found = new ArrayList<>();
        for (ObjectNode page : pagesOf(databaseId)) {
            if (PageShapes.matches(page.path("properties"), filter)) found.add(toPage(page));
        }
        return found;
    }

    @Override
    public NotionPage getPage(String pageId) {
        return toPage(
                read(pageId).orElseThrow(() -> PageShapes.notFound("Could not find page with ID: " + pageId + ".")));
    }

    @Override
    public NotionPage createPage(String databaseId, ObjectNode properties) {
        checkId(databaseId, "database");
        refuseTemplates(databaseId);
        PageShapes.validate(properties);
        String id = UUID.randomUUID().toString();
        String now = clock.instant().toString();
        ObjectNode page = SandboxFiles.JSON
                .createObjectNode()
                .put("object", "page")
                .put("id", id)
                .put("created_time", now)
                .put("last_edited_time", now);
        parent(page, databaseId);
        page.put("archived", false);
        ObjectNode stored = page.putObject("properties");
        properties.fields().forEachRemaining(entry -> stored.set(entry.getKey(), PageShapes.stored(entry.getValue())));
        page.put("url", "https://www.notion.so/" + id.replace("-", ""));
        SandboxFiles.locked(folder, () -> {
            SandboxFiles.writeJson(pageFile(databaseId, id), page);
            return null;
        });
        return toPage(page);
    }

    @Override
    public NotionPage updatePage(String pageId, ObjectNode properties) {
        PageShapes.validate(properties);
        ObjectNode updated = SandboxFiles.locked(folder, () -> {
            Path file = locate(pageId)
                    .orElseThrow(() -> PageShapes.notFound("Could not find page with ID: " + pageId + "."));
            JsonNode current = SandboxFiles.readJson(file);
            if (current == null) throw PageShapes.notFound("Could not find page with ID: " + pageId + ".");
            ObjectNode page = (ObjectNode) current;
            JsonNode existing = page.path("properties");
            ObjectNode stored = existing.isObject() ? (ObjectNode) existing : page.putObject("properties");
            properties
                    .fields()
                    .forEachRemaining(entry -> stored.set(entry.getKey(), PageShapes.stored(entry.getValue())));
            page.put("last_edited_time", clock.instant().toString());
            SandboxFiles.writeJson(file, page);
            return page;
        });
        return toPage(updated);
    }

    /** Every page of a database, oldest first, in Notion's shape (for the tools and tests). */
    public List<ObjectNode> pagesOf(String databaseId) {
        checkId(databaseId, "database");
        if (databaseId.equals(templatesDatabaseId)) return templatePages();
        Path dir = folder.resolve(databaseId);
        if (!Files.isDirectory(dir)) return List.of();
        List<ObjectNode> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(path -> SandboxFiles.isData(path, ".json")).collect(Collectors.toList())) {
                JsonNode page = SandboxFiles.readJson(file);
                if (page instanceof ObjectNode) pages.add((ObjectNode) page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox: cannot list " + dir, e);
        }
        pages.sort(Comparator.comparing(
                        (ObjectNode page) -> page.path("created_time").asText())
                .thenComparing(page -> page.path("id").asText()));
        return pages;
    }

    /** The page, in Notion's shape, when it exists. */
    public Optional<ObjectNode> read(String pageId) {
        if (pageId != null && pageId.startsWith("template-")) {
            return templatePages().stream()
                    .filter(page -> page.path("id").asText().equals(pageId))
                    .findFirst();
        }
        return locate(pageId)
                .map(SandboxFiles::readJson)
                .filter(ObjectNode.class::isInstance)
                .map(ObjectNode.class::cast);
    }

    private Optional<Path> locate(String pageId) {
        checkId(pageId, "page");
        if (!Files.isDirectory(folder)) return Optional.empty();
        try (Stream<Path> databases = Files.list(folder)) {
            return databases
                    .filter(Files::isDirectory)
                    .map(dir -> dir.resolve(pageId + ".json"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox: cannot list " + folder, e);
        }
    }

    private Path pageFile(String databaseId, String pageId) {
        return folder.resolve(databaseId).resolve(pageId + ".json");
    }

    private void refuseTemplates(String databaseId) {
        if (databaseId.equals(templatesDatabaseId)) {
            throw PageShapes.validationError(
                    "the sandbox's templates database is the files in " + templates.folder() + ": edit them there");
        }
    }

    /** One page per template file, with the properties the seed script writes. */
    private List<ObjectNode> templatePages() {
        List<ObjectNode> pages = new ArrayList<>();
        for (String name : templates.names()) {
            Optional<EmailTemplate> template = templates.find(name);
            if (template.isEmpty()) continue;
            PropertyValues values = new PropertyValues()
                    .title("Template Name", name)
                    .richTextSegments("Subject Line", template.get().subject())
                    .richTextSegments("Email Body HTML", template.get().html())
                    .select("Status", "Active");
            for (Sequence sequence : Sequences.all()) {
                for (SequenceEmail email : sequence.emails()) {
                    if (email.template().equals(name)) {
                        values.number("Email Number", email.number())
                                .select("Template Type", sequence.templateType().orElse("Nurture Sequence"));
                    }
                }
            }
            String id = "template-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
            ObjectNode page =
                    SandboxFiles.JSON.createObjectNode().put("object", "page").put("id", id);
            parent(page, templatesDatabaseId);
            page.put("archived", false);
            ObjectNode stored = page.putObject("properties");
            Iterator<Map.Entry<String, JsonNode>> fields = values.build().fields();
            fields.forEachRemaining(entry -> stored.set(entry.getKey(), PageShapes.stored(entry.getValue())));
            pages.add(page);
        }
        return pages;
    }

    /** A page's parent as Notion 2025-09-03 answers it: its data source, and that source's database. */
    private static void parent(ObjectNode page, String databaseId) {
        page.putObject("parent")
                .put("type", "data_source_id")
                .put("data_source_id", databaseId)
                .put("database_id", databaseId);
    }

    private static NotionPage toPage(JsonNode page) {
        return new NotionPage(page.path("id").asText(null), page.path("properties"));
    }

    private static void checkId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw PageShapes.validationError(
                    "path failed validation: " + what + "_id should be a valid uuid, instead was `" + id + "`.");
        }
    }
}
