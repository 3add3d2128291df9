package com.busos.campaign.templatefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.EmailTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Test
    void partialsAreExpandedOnReadAndFoldedBackOnWrite() throws Exception {
        Files.createDirectories(dir.resolve("partials"));
        Files.writeString(
                dir.resolve("partials/header.html"), "<html><title>{{$title}}</title>\n<h1>{{$title}}</h1>\n");
        Files.writeString(
                dir.resolve("partials/footer.html"),
                "<p>{{$note}} <a href=\"{{unsubscribe_url}}\">x</a></p>\n</html>\n");
        String file =
                "<!-- subject: Hi -->\n{{> header title=\"Hi {{first_name}}\"}}\n<p>body</p>\n{{>footer  note=\"Bye\" }}\n";
        Files.writeString(dir.resolve("a.html"), file);
        TemplateFiles files = new TemplateFiles(dir);

        EmailTemplate read = files.find("a").orElseThrow();
        String whole = "<html><title>Hi {{first_name}}</title>\n<h1>Hi {{first_name}}</h1>\n<p>body</p>\n"
                + "<p>Bye <a href=\"{{unsubscribe_url}}\">x</a></p>\n</html>\n";
        assertEquals(whole, read.html());
        assertEquals(List.of("a"), files.names(), "partials/ holds no templates");

        files.write(new EmailTemplate("b", "Hi", whole));
        assertEquals(
                "<!-- subject: Hi -->\n{{> header title=\"Hi {{first_name}}\"}}\n<p>body</p>\n{{> footer note=\"Bye\"}}\n",
                Files.readString(dir.resolve("b.html")));
        assertEquals(whole, files.find("b").orElseThrow().html());
        String changed = whole.replace("<h1>Hi {{first_name}}</h1>", "<h1>Hello</h1>");
        files.write(new EmailTemplate("c", "Hi", changed));
        assertTrue(Files.readString(dir.resolve("c.html")).startsWith("<!-- subject: Hi -->\n<html><title>"));
        assertTrue(Files.readString(dir.resolve("c.html")).endsWith("\n{{> footer note=\"Bye\"}}\n"));
        assertEquals(changed, files.find("c").orElseThrow().html(), "a header that no longer matches is kept whole");
    }

    @Test
    void aDirectiveThatCannotBeExpandedFailsTheRead() throws Exception {
        Files.createDirectories(dir.resolve("partials"));
        Files.writeString(dir.resolve("partials/footer.html"), "<p>{{$note}}</p>\n");
        Files.writeString(dir.resolve("partials/nested.html"), "{{> footer note=\"x\"}}\n");
        TemplateFiles files = new TemplateFiles(dir);
        Map<String, String> broken = Map.of(
                "unknown", "{{> header title=\"x\"}}",
                "missing", "{{> footer}}",
                "unused", "{{> footer note=\"x\" title=\"y\"}}",
                "unreadable", "{{> footer note='x'}}",
                "nested", "{{> nested}}");
        for (Map.Entry<String, String> file : broken.entrySet()) {
            Files.writeString(dir.resolve(file.getKey() + ".html"), "<!-- subject: s -->\n" + file.getValue() + "\n");
            IllegalArgumentException failure =
                    assertThrows(IllegalArgumentException.class, () -> files.find(file.getKey()), file.getKey());
            assertTrue(failure.getMessage().contains("partial"), failure.getMessage());
        }
    }
}
