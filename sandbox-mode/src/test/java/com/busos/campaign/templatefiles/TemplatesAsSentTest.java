package com.busos.campaign.templatefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every template of templates/, as read (its partials expanded), is byte for byte the email a lead
 * got before the partials existed: templates-as-sent.sha256 holds the SHA-256 of each file as it was
 * then ({@code sha256sum *.html} of the full files), so {@code sha256sum -c} checks a preview too.
 */
class TemplatesAsSentTest {
    private static final Path TEMPLATES = Path.of("..", "templates");

    @Test
    void everyTemplateReadsExactlyAsTheEmailsSentBeforeThePartials() throws Exception {
        Map<String, String> expected = expectedDigests();
        TemplateFiles files = new TemplateFiles(TEMPLATES);
        List<String> names = new ArrayList<>();
        for (String name : files.names()) names.add(name + TemplateFiles.EXTENSION);
        assertEquals(List.copyOf(expected.keySet()), names, "the same 14 templates");
        for (String name : files.names()) {
            String text = TemplateFiles.format(files.find(name).orElseThrow());
            assertEquals(expected.get(name + TemplateFiles.EXTENSION), sha256(text), name + " as sent:\n" + text);
        }
    }

    @Test
    void eachFileIncludesTheHeaderAndFooterAndIsWrittenBackAsItIs(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("partials"));
        for (String partial : List.of("header.html", "footer.html")) {
            Files.copy(
                    TEMPLATES.resolve("partials").resolve(partial),
                    dir.resolve("partials").resolve(partial));
        }
        TemplateFiles repository = new TemplateFiles(TEMPLATES);
        TemplateFiles copy = new TemplateFiles(dir);
        for (String name : repository.names()) {
            String file = Files.readString(repository.file(name), StandardCharsets.UTF_8);
            assertTrue(file.contains("\n{{> header title=\""), name);
            assertTrue(file.endsWith("\n{{> footer note=\"" + file.substring(file.lastIndexOf("note=\"") + 6)), name);
            copy.write(repository.find(name).orElseThrow());
            assertEquals(file, Files.readString(copy.file(name), StandardCharsets.UTF_8), name + ", pulled back");
        }
    }

    private static Map<String, String> expectedDigests() throws Exception {
        Map<String, String> digests = new LinkedHashMap<>();
        try (InputStream in = TemplatesAsSentTest.class.getResourceAsStream("templates-as-sent.sha256")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) digests.put(line.substring(66), line.substring(0, 64));
            }
        }
        return digests;
    }

    private static String sha256(String text) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
