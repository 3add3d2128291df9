package com.busos.campaign.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.resend.OutgoingEmail;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's mailer: standard .eml files and rendered HTML, at most once per idempotency key. */
class OutboxTest {
    private static final String FROM = "Sang Le - BusOS <value@galatek.dev>";

    @TempDir
    Path dir;

    @Test
    void anEmailIsWrittenAsAStandardMessageAndAsItsHtml() throws Exception {
        Outbox outbox = new Outbox(dir, Clock.fixed(Instant.parse("2025-11-28T09:30:05.250Z"), ZoneOffset.UTC));
        String html = "<!DOCTYPE html>\n<html><body><p>Hi Zoë, = café " + "x".repeat(200) + " </p>\n</body></html>\n";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<https://faas.example.com/function/unsubscribe?t=abc>");
        String subject = "Zoë, your Christmas ☃ results are in — and they are longer than one encoded word";

        String id = outbox.send(
                new OutgoingEmail(FROM, "zoe@example.com", subject, html, headers),
                "campaign-send/5day:0f1e2d3c-aaaa-4000-8000-000000000000:2");

        List<OutboxEntry> entries = outbox.list();
        assertEquals(1, entries.size());
        OutboxEntry entry = entries.get(0);
        assertEquals(id, entry.id());
        assertEquals(Optional.of("5day"), entry.sequence());
        assertEquals(Optional.of(2), entry.emailNumber());
        assertEquals(subject, entry.subject());
        assertEquals(html, Files.readString(dir.resolve(entry.html()), StandardCharsets.UTF_8));
        assertTrue(entry.eml().startsWith("20251128T093005.250Z-5day-2-"), entry.eml());

        String eml = Files.readString(dir.resolve(entry.eml()), StandardCharsets.US_ASCII);
        int split = eml.indexOf("\r\n\r\n");
        Map<String, String> parsed = headers(eml.substring(0, split));
        assertEquals(FROM, parsed.get("From"));
        assertEquals("zoe@example.com", parsed.get("To"));
        assertTrue(parsed.get("Subject").startsWith("=?UTF-8?B?"), parsed.get("Subject"));
        assertEquals(subject, decodeWords(parsed.get("Subject")));
        assertEquals("Fri, 28 Nov 2025 09:30:05 +0000", parsed.get("Date"));
        assertEquals("<" + id + "@galatek.dev>", parsed.get("Message-ID"));
        assertEquals("1.0", parsed.get("MIME-Version"));
        assertEquals("text/html; charset=UTF-8", parsed.get("Content-Type"));
        assertEquals("quoted-printable", parsed.get("Content-Transfer-Encoding"));
        assertEquals("<https://faas.example.com/function/unsubscribe?t=abc>", parsed.get("List-Unsubscribe"));
        assertEquals("5day", parsed.get("X-Campaign-Sequence"));
        assertEquals("2", parsed.get("X-Campaign-Email-Number"));
        String body = eml.substring(split + 4);
        for (String line : body.split("\r\n")) assertTrue(line.length() <= 76, "line of " + line.length());
        assertEquals(html.replace("\n", "\r\n"), decodeQuotedPrintable(body));
        assertTrue(eml.replace("\r\n", "").indexOf('\n') < 0, "every line ends in CRLF");
    }

    @Test
    void theSameKeyAnswersTheSameIdAndWritesNothingTwice() throws Exception {
        Outbox outbox = new Outbox(dir, Clock.systemUTC());
        OutgoingEmail email = new OutgoingEmail(FROM, "a@example.com", "Hi", "<p>1</p>", Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> ids = new ArrayList<>();
        try {
            Callable<String> send = () -> new Outbox(dir, Clock.systemUTC()).send(email, "campaign-send/noshow:t1:1");
            for (Future<String> result : pool.invokeAll(List.of(send, send, send, send))) ids.add(result.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Set.copyOf(ids).size(), "one id for one key");
        String other = outbox.send(
                new OutgoingEmail(FROM, "a@example.com", "Hi", "<p>2</p>", Map.of()), "campaign-send/noshow:t1:2");
        assertTrue(!ids.contains(other));
        assertEquals(
                ids.get(0),
                outbox.send(
                        new OutgoingEmail(FROM, "a@example.com", "Changed", "<p>3</p>", Map.of()),
                        "campaign-send/noshow:t1:1"),
                "a repeated key with other content: the first id, as Resend");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    2, files.filter(file -> file.toString().endsWith(".eml")).count());
        }
    }

    @Test
    void theListIsNewestFirstAndThePageLinksEveryEmail() {
        Instant[] now = {Instant.parse("2025-11-28T09:00:00Z")};
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Outbox outbox = new Outbox(dir, ticking);
        for (int n = 2; n <= 4; n++) {
            outbox.send(
                    new OutgoingEmail(
                            FROM, "jane@example.com", "E" + n + " for Jane's <Salon>", "<p>" + n + "</p>", Map.of()),
                    "campaign-send/5day:t:" + n);
            now[0] = now[0].plusSeconds(60);
        }
        outbox.send(new OutgoingEmail(FROM, "x@example.com", "no key metadata", "<p></p>", Map.of()), "other-key");

        List<OutboxEntry> entries = outbox.list();
        assertEquals(
                List.of("no key metadata", "E4 for Jane's <Salon>", "E3 for Jane's <Salon>", "E2 for Jane's <Salon>"),
                entries.stream().map(OutboxEntry::subject).collect(Collectors.toList()));
        assertEquals(Optional.empty(), entries.get(0).sequence());

        String page = OutboxPage.render(entries, "/outbox/");
        assertTrue(page.contains("4 emails, newest first"));
        assertTrue(page.contains("E4 for Jane&#39;s &lt;Salon&gt;</a>"), page);
        for (OutboxEntry entry : entries) {
            assertTrue(page.contains("href=\"/outbox/" + entry.html() + "\""));
            assertTrue(page.contains("href=\"/outbox/" + entry.eml() + "\""));
        }
        assertTrue(page.indexOf("E4 for") < page.indexOf("E3 for") && page.indexOf("E3 for") < page.indexOf("E2 for"));
        assertTrue(outbox.file(entries.get(1).html()).isPresent());
        assertTrue(outbox.file("../notion/x.html").isEmpty());
        assertTrue(
                outbox.file(entries.get(1).html().replace(".html", ".json")).isEmpty(),
                "only .html and .eml are served");
    }

    /** Header name → unfolded value. */
    static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        String unfolded = block.replace("\r\n ", " ").replace("\r\n\t", " ");
        for (String line : unfolded.split("\r\n")) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** RFC 2047 "B" encoded words (separated by white space) decoded and joined. */
    static String decodeWords(String value) {
        Matcher word = Pattern.compile("=\\?UTF-8\\?B\\?([^?]*)\\?=").matcher(value);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (word.find()) bytes.writeBytes(Base64.getDecoder().decode(word.group(1)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String decodeQuotedPrintable(String body) {
        String joined = body.replace("=\r\n", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=') {
                bytes.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
