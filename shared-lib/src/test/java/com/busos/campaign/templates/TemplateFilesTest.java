package com.busos.campaign.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.EmailTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template file format: the subject in the first line's comment, the body byte for byte after it. */
class TemplateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aTemplateWrittenIsReadBackIdentical() throws Exception {
        TemplateFiles files = new TemplateFiles(dir);
        String longBody = "<!DOCTYPE html>\r\n<p>" + "é€𝄞 {{first_name}} ".repeat(400) + "</p>\n\n";
        EmailTemplate template =
                new EmailTemplate("5-Day E2", "The ${{TotalRevenueLeak_K}}K hiding in {{business_name}} ", longBody);

        Path file = files.write(template);

        assertEquals(dir.resolve("5-Day E2.html"), file);
        assertTrue(
                Files.readString(file, StandardCharsets.UTF_8)
                        .startsWith(
                                "<!-- subject: The ${{TotalRevenueLeak_K}}K hiding in {{business_name}}  -->\n<!DOCTYPE html>\r\n"));
        EmailTemplate read = files.find("5-Day E2").orElseThrow();
        assertEquals(template.subject(), read.subject());
        assertEquals(longBody, read.html());
        assertEquals(List.of("5-Day E2"), files.names());
        assertEquals(Optional.empty(), files.find("5-Day E9"));
    }

    @Test
    void aFileWithoutTheSubjectLineHasAnEmptySubject() throws Exception {
        Files.createDirectories(dir.resolve("samples"));
        Files.writeString(dir.resolve("plain.html"), "<p>no subject</p>\n");
        Files.writeString(dir.resolve("crlf.html"), "<!--subject: Hello -->\r\n<p>x</p>");
        Files.writeString(dir.resolve("samples").resolve("5day.json"), "{}");
        TemplateFiles files = new TemplateFiles(dir);

        assertEquals("", files.find("plain").orElseThrow().subject());
        assertEquals("<p>no subject</p>\n", files.find("plain").orElseThrow().html());
        assertEquals("Hello", files.find("crlf").orElseThrow().subject());
        assertEquals("<p>x</p>", files.find("crlf").orElseThrow().html());
        assertEquals(List.of("crlf", "plain"), files.names(), "samples/ holds no templates");
    }

    @Test
    void namesAndSubjectsThatCannotBeFilesAreRefused() {
        TemplateFiles files = new TemplateFiles(dir);
        assertThrows(IllegalArgumentException.class, () -> files.file("../etc/passwd"));
        assertThrows(
                IllegalArgumentException.class, () -> files.write(new EmailTemplate("x", "two\nlines", "<p></p>")));
        assertThrows(IllegalArgumentException.class, () -> files.write(new EmailTemplate("x", "a --> b", "<p></p>")));
    }
}
