package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The README's quick start, on a fresh clone without any credential: the local gateway starts in
 * sandbox mode (embedded Redis, the repository's stack.yml and templates), the sample signup and the
 * three follow-ups are posted, the dispatcher ticks as the minutes pass, and every email of the four
 * sequences appears in the outbox and on the /outbox page exactly once, fully rendered.
 */
class SandboxQuickStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = SandboxCalls.REPO;
    private static final Pattern ROW = Pattern.compile(
            "<tr class=\"email\"><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>"
                    + "<td class=\"n\">(\\d*)</td><td><a href=\"([^\"]+)\">([^<]*)</a></td><td><a href=\"([^\"]+)\">\\.eml</a></td></tr>");

    /** The function that starts each sequence, and the emails it sends (5-day E1 is the website's). */
    private static final Map<String, String> STARTERS = new LinkedHashMap<>();

    private static final Map<String, List<Integer>> EXPECTED = new LinkedHashMap<>();

    static {
        STARTERS.put("5day", "christmas-signup");
        STARTERS.put("noshow", "calendly-noshow");
        STARTERS.put("postcall", "postcall-maybe");
        STARTERS.put("onboarding", "onboarding-start");
        EXPECTED.put("5day", List.of(2, 3, 4, 5));
        EXPECTED.put("noshow", List.of(1, 2, 3));
        EXPECTED.put("postcall", List.of(1, 2, 3));
        EXPECTED.put("onboarding", List.of(1, 2, 3));
    }

    @TempDir
    Path sandbox;

    private LocalGateway gateway;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private SandboxCalls calls;

    @BeforeEach
    void start() throws Exception {
        TestCampaign.clearSystemProperties(); // no NOTION_TOKEN / RESEND_API_KEY left by another test
        gateway = SandboxCalls.start(sandbox, sandbox.resolve("no-secrets"), logs);
        calls = new SandboxCalls(gateway);
    }

    @AfterEach
    void stop() {
        gateway.close();
        TestCampaign.clearSystemProperties();
    }

    @Test
    void theQuickStartSendsEveryEmailOfEverySequenceToTheOutboxOnceAndFullyRendered() throws Exception {
        // The gateway's first line is JSON: {"event":"started",...,"sandbox":true,"message":"SANDBOX MODE (...) ..."}
        String firstLine = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(logs.toString(StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("{}"))
                .path("message")
                .asText();
        assertTrue(firstLine.startsWith("SANDBOX MODE"), firstLine);
        assertTrue(firstLine.contains(gateway.baseUrl() + "/outbox"), firstLine);
        assertTrue(firstLine.contains("TESTING_MODE=true"), firstLine);
        assertTrue(gateway.embeddedRedis());

        HttpResponse<String> index = calls.get("/");
        assertEquals(200, index.statusCode());
        for (String link : List.of(
                "href=\"/outbox\"",
                "href=\"/preview\"",
                "href=\"/function/campaign-admin/\"",
                "/samples/noshow.json")) {
            assertTrue(index.body().contains(link), "the index links " + link);
        }
        for (String function : STARTERS.values()) {
            assertTrue(index.body().contains("href=\"/function/" + function + "\""), "the index lists " + function);
        }

        Map<String, String> recipients = new LinkedHashMap<>();
        for (Map.Entry<String, String> starter : STARTERS.entrySet()) {
            // as the README's curl lines take them: dated for today by the gateway
            HttpResponse<String> dated = calls.get("/samples/" + starter.getKey() + ".json");
            assertEquals(200, dated.statusCode(), dated.body());
            String sample = dated.body();
            assertFalse(sample.contains("{{"), "no date placeholder left: " + sample);
            String file = Files.readString(REPO.resolve("templates/samples/" + starter.getKey() + ".json"));
            assertFalse(
                    file.matches("(?s).*20\\d\\d-\\d\\d-\\d\\d.*"), "the sample file carries no fixed date: " + file);
            HttpResponse<String> response = calls.post("/function/" + starter.getValue(), sample);
            assertEquals(202, response.statusCode(), starter.getValue() + ": " + response.body());
            JsonNode answer = JSON.readTree(response.body());
            assertEquals("accepted", answer.path("status").asText(), response.body());
            assertEquals(
                    EXPECTED.get(starter.getKey()).size(),
                    answer.path("scheduled_emails").size());
            recipients.put(starter.getKey(), JSON.readTree(sample).path("email").asText());
        }
        assertEquals(0, calls.tick().path("claimed").asInt(), "nothing is due yet");
        assertTrue(outboxRows().isEmpty());
        assertEquals(13, scheduledRows(), "the outbox shows the 13 emails still scheduled");

        for (int minute = 1; minute <= 4; minute++) {
            calls.advance(Duration.ofMinutes(1).plusSeconds(1));
            JsonNode tick = calls.tick();
            assertEquals(0, tick.path("failed").asInt(), tick.toString());
        }
        assertEquals(0, calls.tick().path("claimed").asInt(), "nothing left to send");
        assertEquals(0, pending());
        assertEquals(0, scheduledRows(), "nothing is still scheduled");

        List<Row> rows = outboxRows();
        assertEquals(13, rows.size(), "E2..E5 and three emails of each follow-up");
        Set<String> seen = new HashSet<>();
        for (Row row : rows)
            assertTrue(
                    seen.add(row.sequence + "#" + row.emailNumber),
                    "exactly once: " + row.sequence + " " + row.emailNumber);
        Set<String> expected = new HashSet<>();
        EXPECTED.forEach((sequence, numbers) -> numbers.forEach(n -> expected.add(sequence + "#" + n)));
        assertEquals(expected, seen);
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).time.compareTo(rows.get(i).time) >= 0, "newest first");
        }

        for (Row row : rows) {
            String what = row.sequence + " " + row.emailNumber;
            assertEquals(recipients.get(row.sequence), row.to, what);
            assertFalse(row.subject.contains("{{"), what + ": " + row.subject);

            HttpResponse<String> html = calls.get(row.htmlLink);
            assertEquals(200, html.statusCode(), row.htmlLink);
            assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertFalse(html.body().contains("{{"), what + ": a placeholder is left");
            assertTrue(html.body().startsWith("<!DOCTYPE html>"), what);

            HttpResponse<String> eml = calls.get(row.emlLink);
            assertEquals(200, eml.statusCode(), row.emlLink);
            Map<String, String> headers =
                    headers(eml.body().substring(0, eml.body().indexOf("\r\n\r\n")));
            assertEquals(row.to, headers.get("To"), what);
            assertEquals(row.subject, decodeWords(headers.get("Subject")), what);
            assertEquals(row.sequence, headers.get("X-Campaign-Sequence"), what);
            assertEquals(Integer.toString(row.emailNumber), headers.get("X-Campaign-Email-Number"), what);
            assertEquals("text/html; charset=UTF-8", headers.get("Content-Type"));
            assertTrue(headers.containsKey("Message-ID") && headers.containsKey("Date") && headers.containsKey("From"));
        }
        assertTrue(
                rows.stream().anyMatch(row -> row.subject.equals("The $14K hiding in Jane's Salon")),
                rows.stream()
                        .map(row -> row.subject)
                        .collect(Collectors.toList())
                        .toString());

        try (Stream<Path> files = Files.list(sandbox.resolve("outbox"))) {
            assertEquals(
                    13, files.filter(file -> file.toString().endsWith(".eml")).count());
        }
        try (Stream<Path> trackers = Files.list(sandbox.resolve("notion").resolve("sandbox-tracker"))) {
            List<JsonNode> pages = new ArrayList<>();
            for (Path file : trackers.collect(Collectors.toList())) pages.add(JSON.readTree(file.toFile()));
            assertEquals(4, pages.size(), "one tracker record per sequence");
            long sentMarks = pages.stream()
                    .mapToLong(page -> {
                        long marks = 0;
                        for (int n = 1; n <= 7; n++) {
                            if (page.at("/properties/Email " + n + " Sent/date/start")
                                    .isTextual()) marks++;
                        }
                        return marks;
                    })
                    .sum();
            assertEquals(13, sentMarks, "each email recorded as sent on its own tracker record");
        }

        HttpResponse<String> preview = calls.get("/preview/5-Day%20E2");
        assertEquals(200, preview.statusCode(), preview.body());
        assertFalse(preview.body().contains("{{"));
        assertEquals(404, calls.get("/outbox/../stack.yml").statusCode());
    }

    /** The rows of the outbox's "still scheduled" table. */
    private int scheduledRows() throws Exception {
        HttpResponse<String> page = calls.get("/outbox");
        assertEquals(200, page.statusCode());
        return page.body().split("<tr class=\"scheduled\">", -1).length - 1;
    }

    private List<Row> outboxRows() throws Exception {
        HttpResponse<String> page = calls.get("/outbox");
        assertEquals(200, page.statusCode());
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(page.body());
        while (row.find()) {
            rows.add(new Row(
                    row.group(1),
                    unescape(row.group(2)),
                    row.group(3),
                    Integer.parseInt(row.group(4)),
                    row.group(5),
                    unescape(row.group(6)),
                    row.group(7)));
        }
        assertEquals(page.body().split("<tr class=\"email\">", -1).length - 1, rows.size(), "every row understood");
        return rows;
    }

    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    private static final class Row {
        final String time;
        final String to;
        final String sequence;
        final int emailNumber;
        final String htmlLink;
        final String subject;
        final String emlLink;
    }

    private long pending() {
        try (UnifiedJedis redis = RedisClient.create(URI.create(gateway.redisUrl()))) {
            return redis.zcard("{campaign}:scheduled")
                    + redis.zcard("{campaign}:scheduled-jobs")
                    + redis.zcard("{campaign}:claimed");
        }
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.replace("\r\n ", " ").split("\r\n")) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** An RFC 2047 subject as the reader sees it; plain ASCII stays as it is. */
    private static String decodeWords(String value) {
        Matcher word = Pattern.compile("=\\?UTF-8\\?B\\?([^?]*)\\?=").matcher(value);
        if (!word.find()) return value;
        word.reset();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (word.find()) bytes.writeBytes(Base64.getDecoder().decode(word.group(1)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
