package com.busos.campaign.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.busos.campaign.followup.CalendlySignature;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.testing.JsonAnswers;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile-inputs/<function>.json}, format in the
 * README.md there): every input sent to its function through the local gateway, configured as
 * production is (webhook, Calendly, unsubscribe and Resend webhook secrets, admin token), webhooks
 * signed unless the case says otherwise. Each answer must have the status the case expects, name the
 * expected field of a 422, carry no Java class name or stack trace, and a 4xx must leave Notion, Resend
 * and the campaign's Redis keys as they were. Prints and writes
 * {@code hostile-inputs: inputs=N, 5xx=N, writes on 4xx=N, mismatches=N}.
 */
class HostileInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bodies built from "base"/"set" escape every non-ASCII character, so a lone surrogate stays one. */
    private static final ObjectMapper ASCII_JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile-inputs");
    private static final Path FIGURES = Path.of("target", "hostile-inputs-figures.txt");

    private static final String WEBHOOK_SECRET = whsec("website webhook key for the corpus");
    private static final String RESEND_SECRET = whsec("resend (svix) key for the corpus!");
    private static final String UNKNOWN_SECRET = whsec("a key nobody configured anywhere");
    private static final String CALENDLY_KEY = "calendly-signing-key-for-the-corpus";
    private static final String UNSUBSCRIBE_SECRET = "unsubscribe-secret-for-the-corpus";
    private static final String ADMIN_TOKEN = "admin-token-for-the-corpus-0123456789";

    /** A Java class or package name, an exception's name, or a stack frame, anywhere in an answer. */
    private static final Pattern JAVA_LEAK =
            Pattern.compile("(?<![\\w.@-])(?:com|java|javax|jdk|sun|org)\\.[a-z]\\w*\\.|Exception|\\tat ");
    /**
     * The one answer no project code writes: the JDK's HTTP server (the entrypoint's and the local
     * gateway's) refuses a request line whose URI does not parse (a malformed %-escape) before any
     * handler runs, with this fixed text. Known and documented (README, Security); it names an
     * exception but carries nothing of the request or the system.
     */
    private static final java.util.concurrent.atomic.AtomicInteger CALLERS =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final String JDK_BAD_URI_ANSWER = "<h1>400 Bad Request</h1>URISyntaxException thrown";

    private static final Pattern SECRET_PLACEHOLDER = Pattern.compile("@@([A-Z_]+)(?::(.*?))?@@");

    private static String whsec(String key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** What the outside world holds before and after one request. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    private static final class Snapshot {
        final long notionRequests;
        final long notionWrites;
        final long resendSends;
        final Map<String, String> redis;
        final Map<String, Long> ttls;
        final long at = System.currentTimeMillis();
    }

    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    private static final class Answer {
        final int status;
        final String body;
    }

    private static final class Figures {
        int inputs;
        int fiveXx;
        int writesOn4xx;
        int mismatches;

        String line() {
            return "inputs=" + inputs + ", 5xx=" + fiveXx + ", writes on 4xx=" + writesOn4xx + ", mismatches="
                    + mismatches;
        }
    }

    @Test
    void everyHostileInputGetsItsAnswerWithout5xxAndWithoutWritesOn4xx() throws Exception {
        List<String> functions = stackFunctions();
        assertEquals(11, functions.size(), "stack.yml's functions: " + functions);
        for (String function : functions) {
            assertTrue(Files.exists(CORPUS.resolve(function + ".json")), "a corpus file for " + function);
        }

        Map<String, String> settings = new HashMap<>();
        settings.put("NOTION_RATE_LIMIT", "50");
        settings.put("RESEND_RATE_LIMIT", "50");
        settings.put("WEBHOOK_SECRET", WEBHOOK_SECRET);
        settings.put("CALENDLY_SIGNING_KEY", CALENDLY_KEY);
        settings.put("UNSUBSCRIBE_SECRET", UNSUBSCRIBE_SECRET);
        settings.put("RESEND_WEBHOOK_SECRET", RESEND_SECRET);
        settings.put("ADMIN_TOKEN", ADMIN_TOKEN);
        settings.put("PUBLIC_GATEWAY_URL", "https://faas.example.com");

        Figures total = new Figures();
        Map<String, Figures> perFunction = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        int seenWrites = 0;
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            stubProviderChecks(harness);
            URI base = URI.create(harness.gateway.baseUrl());
            try (UnifiedJedis redis = RedisClient.create(URI.create(harness.redisUrl))) {
                for (String function : functions) {
                    JsonNode file =
                            JSON.readTree(CORPUS.resolve(function + ".json").toFile());
                    assertEquals(function, file.path("function").asText(), "the file names its function");
                    Figures figures = perFunction.computeIfAbsent(function, name -> new Figures());
                    int index = 0;
                    for (JsonNode input : file.path("cases")) {
                        index++;
                        String name = input.path("name").asText();
                        Request request = build(function, file, input, index);
                        Snapshot before = snapshot(harness, redis);
                        Answer answer = send(base, function, request);
                        Snapshot after = snapshot(harness, redis);
                        figures.inputs++;
                        total.inputs++;
                        if (answer.status >= 500) {
                            figures.fiveXx++;
                            total.fiveXx++;
                        }
                        List<String> problems = check(function, input.path("expect"), answer);
                        if (answer.status < 300 && !changes(before, after).isEmpty()) seenWrites++;
                        if (answer.status >= 400 && answer.status < 500) {
                            List<String> changed = changes(before, after);
                            if (!changed.isEmpty()) {
                                figures.writesOn4xx++;
                                total.writesOn4xx++;
                                writes.add(function + " / " + name + ": " + answer.status + " but "
                                        + String.join("; ", changed));
                            }
                            if (after.notionRequests != before.notionRequests) {
                                problems.add("Notion was called " + (after.notionRequests - before.notionRequests)
                                        + " time(s) for a " + answer.status);
                            }
                        }
                        if (!problems.isEmpty()) {
                            figures.mismatches++;
                            total.mismatches++;
                            mismatches.add(function + " / " + name + ": expected " + input.path("expect")
                                    + ", got " + answer.status + " (" + String.join("; ", problems) + ") "
                                    + answer.body.substring(0, Math.min(300, answer.body.length())));
                        }
                    }
                }
            }
        }

        StringBuilder report =
                new StringBuilder("hostile-inputs: ").append(total.line()).append('\n');
        perFunction.forEach((function, figures) -> report.append("  ")
                .append(function)
                .append(": ")
                .append(figures.line())
                .append('\n'));
        System.out.print(report);
        Files.createDirectories(FIGURES.getParent());
        StringBuilder file = new StringBuilder(report);
        if (!writes.isEmpty())
            file.append("\nwrites on 4xx:\n").append(String.join("\n", writes)).append('\n');
        if (!mismatches.isEmpty())
            file.append("\nmismatches:\n").append(String.join("\n", mismatches)).append('\n');
        Files.writeString(FIGURES, file.toString(), StandardCharsets.UTF_8);

        assertTrue(total.inputs >= 500, "several hundred inputs: " + total.inputs);
        // The snapshots see writes at all: the accepted inputs (a signup, an unsubscribe…) made some.
        assertTrue(seenWrites > 0, "no 2xx answer came with a write: the snapshots see nothing");
        List<String> failures = new ArrayList<>();
        if (total.fiveXx != 0) failures.add(total.fiveXx + " answers were 5xx");
        if (total.writesOn4xx != 0)
            failures.add(total.writesOn4xx + " 4xx answers came with writes:\n" + String.join("\n", writes));
        if (!mismatches.isEmpty())
            failures.add(mismatches.size() + " answers differ from the corpus:\n" + String.join("\n", mismatches));
        if (!failures.isEmpty()) fail(report + String.join("\n", failures));
    }

    /** The names under stack.yml's {@code functions:}. */
    private static List<String> stackFunctions() throws IOException {
        List<String> names = new ArrayList<>();
        boolean inFunctions = false;
        Pattern function = Pattern.compile("^  ([a-z0-9][a-z0-9-]*):\\s*$");
        for (String line : Files.readAllLines(Path.of("..", "stack.yml"))) {
            if (line.startsWith("functions:")) {
                inFunctions = true;
                continue;
            }
            if (inFunctions && !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#")) inFunctions = false;
            Matcher match = function.matcher(line);
            if (inFunctions && match.matches()) names.add(match.group(1));
        }
        return names;
    }

    /** Notion's GET /v1/users/me and Resend's GET /domains, which only campaign-health calls. */
    private static void stubProviderChecks(GatewayHarness harness) {
        harness.campaign
                .notion
                .server()
                .stubFor(get(urlEqualTo("/v1/users/me"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(
                                200,
                                "{\"object\":\"user\",\"id\":\"9a3b5ae0-c6e6-482d-b0e1-ed315ee6dc57\","
                                        + "\"name\":\"Christmas Campaign\",\"type\":\"bot\",\"bot\":{}}")));
        harness.campaign
                .resend
                .server()
                .stubFor(get(urlEqualTo("/domains"))
                        .atPriority(1)
                        .willReturn(JsonAnswers.json(
                                200,
                                "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"name\":\"example.com\","
                                        + "\"status\":\"verified\"}]}")));
    }

    // ---- building a request from its case ----

    private static final class Request {
        String method = "POST";
        String path = "";
        String query;
        final List<String[]> headers = new ArrayList<>();
        String body = "";
    }

    private static Request build(String function, JsonNode file, JsonNode input, int index) throws IOException {
        JsonNode spec = input.path("request");
        Request request = new Request();
        Map<String, String> repeats = new LinkedHashMap<>();
        Map<String, String> quoted = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("repeat").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> repeat = it.next();
            String text = repeat.getValue()
                    .path("text")
                    .asText()
                    .repeat(repeat.getValue().path("times").asInt());
            repeats.put(repeat.getKey(), text);
            quoted.put(
                    repeat.getKey(),
                    repeat.getValue().path("quoted").asBoolean(false) ? JSON.writeValueAsString(text) : text);
        }
        request.method = spec.path("method").asText("POST");
        request.path = expand(spec.path("path").asText(""), repeats, quoted);
        request.query = spec.hasNonNull("query") ? expand(spec.path("query").asText(), repeats, quoted) : null;

        String body;
        if (spec.has("base")) {
            ObjectNode json =
                    file.path("bases").path(spec.path("base").asText()).deepCopy();
            if (json.isEmpty()) throw new IllegalArgumentException(function + ": no base " + spec.path("base"));
            spec.path("set").fields().forEachRemaining(field -> json.set(field.getKey(), field.getValue()));
            spec.path("remove").forEach(field -> json.remove(field.asText()));
            body = ASCII_JSON.writeValueAsString(json);
        } else if (spec.has("json")) {
            body = ASCII_JSON.writeValueAsString(spec.get("json"));
        } else {
            body = spec.path("body").asText("");
        }
        request.body = expand(body, repeats, quoted);

        JsonNode headers = spec.get("headers");
        if (headers == null) {
            request.headers.add(new String[] {"Content-Type", "application/json"});
        } else if (headers.isArray()) {
            for (JsonNode pair : headers) {
                request.headers.add(
                        new String[] {pair.get(0).asText(), expand(pair.get(1).asText(), repeats, quoted)});
            }
        } else {
            headers.fields()
                    .forEachRemaining(header -> request.headers.add(new String[] {
                        header.getKey(), expand(header.getValue().asText(), repeats, quoted)
                    }));
        }
        // Each input as its own caller (its own /64 of the documentation range, as the first
        // X-Forwarded-For entry), as strangers would send them: one caller's wrong admin tokens would lock
        // that caller out (AdminApiTest shows the lockout), and one caller's 1,756 calls would pass the
        // intake limit (IntakeLimitsTest shows it), which is not what these inputs are about.
        if (request.headers.stream().noneMatch(header -> header[0].equalsIgnoreCase("X-Forwarded-For"))) {
            request.headers.add(new String[] {
                "X-Forwarded-For", "2001:db8:" + Integer.toHexString(CALLERS.incrementAndGet()) + "::1"
            });
        }
        sign(function, file.path("signing").asText("none"), spec.get("signed"), request, index);
        return request;
    }

    /** The repeats ("TOKEN" as a whole JSON string first), then the secrets' placeholders. */
    private static String expand(String text, Map<String, String> repeats, Map<String, String> quoted) {
        for (Map.Entry<String, String> repeat : repeats.entrySet()) {
            text = text.replace("\"" + repeat.getKey() + "\"", quoted.get(repeat.getKey()));
            text = text.replace(repeat.getKey(), repeat.getValue());
        }
        Matcher match = SECRET_PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (match.find())
            match.appendReplacement(out, Matcher.quoteReplacement(secret(match.group(1), match.group(2))));
        match.appendTail(out);
        return out.toString();
    }

    private static String secret(String name, String argument) {
        UnsubscribeTokens tokens = new UnsubscribeTokens(UNSUBSCRIBE_SECRET);
        switch (name) {
            case "ADMIN_TOKEN":
                return ADMIN_TOKEN;
            case "ADMIN_TOKEN_PREFIX":
                return ADMIN_TOKEN.substring(0, ADMIN_TOKEN.length() / 2);
            case "NOW":
                return Long.toString(Instant.now().getEpochSecond());
            case "UNSUBSCRIBE_TOKEN":
                return tokens.tokenFor(argument);
            case "FOREIGN":
                return new UnsubscribeTokens("some other unsubscribe secret").tokenFor(argument);
            case "ALTERED": {
                String token = tokens.tokenFor(argument);
                char last = token.charAt(token.length() - 1);
                return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
            }
            case "SWAPPED": {
                String signature = tokens.tokenFor(argument).split("\\.")[1];
                return tokens.tokenFor("someone.else@example.com").split("\\.")[0] + "." + signature;
            }
            default:
                throw new IllegalArgumentException("unknown placeholder @@" + name + "@@");
        }
    }

    /**
     * Adds the signature headers of {@code scheme} ("standard-webhooks", "svix", "calendly" or "none"),
     * unless the case says {@code "signed": false}; an object changes how it is signed (README.md).
     */
    private static void sign(String function, String fileScheme, JsonNode signed, Request request, int index) {
        if (signed != null && signed.isBoolean() && !signed.asBoolean()) return;
        JsonNode how = signed != null && signed.isObject() ? signed : JSON.createObjectNode();
        String scheme = how.path("scheme").asText(fileScheme);
        if (scheme.equals("none")) return;
        long now = Instant.now().getEpochSecond() + how.path("timestamp_offset").asLong(0);
        String signedBody = how.has("sign_body") ? how.path("sign_body").asText() : request.body;
        if (scheme.equals("calendly")) {
            String key = how.path("secret").asText("").equals("unknown") ? "a calendly key nobody set" : CALENDLY_KEY;
            String header = how.has("signature")
                    ? expand(how.path("signature").asText(), Map.of(), Map.of())
                    : CalendlySignature.sign(key, Instant.ofEpochSecond(now), signedBody);
            request.headers.add(new String[] {CalendlySignature.HEADER, header});
            return;
        }
        String prefix = scheme.equals("svix") ? StandardWebhookSignature.SVIX : StandardWebhookSignature.STANDARD;
        String secret;
        switch (how.path("secret").asText("")) {
            case "unknown":
                secret = UNKNOWN_SECRET;
                break;
            case "website":
                secret = WEBHOOK_SECRET;
                break;
            default:
                secret = function.equals("resend-events") ? RESEND_SECRET : WEBHOOK_SECRET;
        }
        String id = how.path("id").asText("corpus-" + function + "-" + index + "-" + now);
        String timestamp = how.has("timestamp")
                ? how.path("timestamp").asText()
                : how.path("timestamp_millis").asBoolean(false) ? Long.toString(now * 1000) : Long.toString(now);
        long signedTimestamp = how.path("timestamp_millis").asBoolean(false) ? now * 1000 : now;
        String signature = StandardWebhookSignature.sign(secret, id, signedTimestamp, signedBody);
        if (how.path("version").asText("v1").equals("v2")) signature = "v2" + signature.substring(2);
        if (how.has("signature")) signature = how.path("signature").asText();
        if (how.has("extra_signatures")) {
            List<String> all = new ArrayList<>();
            how.path("extra_signatures").forEach(extra -> all.add(extra.asText()));
            all.add(signature);
            signature = String.join(" ", all);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(prefix + "id", how.path("tamper").asText("").equals("id") ? id + "-other" : id);
        headers.put(prefix + "timestamp", timestamp);
        headers.put(prefix + "signature", signature);
        how.path("omit").forEach(omit -> headers.remove(omit.asText()));
        headers.forEach((name, value) -> request.headers.add(new String[] {name, value}));
    }

    // ---- sending: plain HTTP/1.1 over a socket, so any query, header or method goes as written ----

    private static Answer send(URI base, String function, Request request) throws IOException {
        byte[] body = request.body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append(request.method)
                .append(' ')
                .append("/function/")
                .append(function)
                .append(request.path);
        if (request.query != null) head.append('?').append(request.query);
        head.append(" HTTP/1.1\r\n");
        head.append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        for (String[] header : request.headers)
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(90_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
            } catch (IOException refused) {
                // The server may answer (400) and close before reading the body: its answer is still there.
            }
            return parse(readAnswer(socket.getInputStream()));
        }
    }

    /** Everything the server sent until it closed the connection (a reset after its answer included). */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) answer.write(buffer, 0, n);
        } catch (SocketException reset) {
            if (answer.size() == 0) throw reset;
        }
        return answer.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) return new Answer(-1, "no HTTP answer: " + text);
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].toLowerCase(Locale.ROOT);
            if (line.startsWith("transfer-encoding:") && line.contains("chunked")) chunked = true;
            if (line.startsWith("content-length:"))
                length = Integer.parseInt(line.substring(15).trim());
        }
        int start = end + 4;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            int at = start;
            while (at < raw.length) {
                int lineEnd = text.indexOf("\r\n", at);
                int size = Integer.parseInt(
                        text.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) break;
                body.write(raw, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        } else {
            int size = length >= 0 ? Math.min(length, raw.length - start) : raw.length - start;
            body.write(raw, start, size);
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    // ---- checking an answer ----

    private static List<String> check(String function, JsonNode expect, Answer answer) {
        List<String> problems = new ArrayList<>();
        Set<Integer> statuses = new TreeSet<>();
        JsonNode status = expect.path("status");
        if (status.isArray()) status.forEach(s -> statuses.add(s.asInt()));
        else statuses.add(status.asInt());
        if (!statuses.contains(answer.status)) problems.add("status");
        boolean jdkRefusedTheUri = answer.status == 400 && answer.body.trim().equals(JDK_BAD_URI_ANSWER);
        if (!jdkRefusedTheUri && JAVA_LEAK.matcher(answer.body).find()) {
            problems.add("a Java class name or stack trace in the answer");
        }
        if (!statuses.contains(answer.status)) return problems;
        JsonNode json = null;
        try {
            json = JSON.readTree(answer.body);
        } catch (IOException notJson) {
            // an HTML page (unsubscribe) is fine
        }
        if (answer.status == 413 && (json == null || !json.path("detail").isTextual())) {
            problems.add("413 without a textual detail");
        }
        boolean fieldErrors = answer.status == 422 && !function.equals("template-check");
        if (fieldErrors
                && (json == null
                        || !json.path("detail").isArray()
                        || json.path("detail").isEmpty())) {
            problems.add("422 without detail entries");
        } else if (fieldErrors && expect.has("loc") && !names(json.path("detail"), expect.path("loc"))) {
            problems.add("no detail entry at " + expect.path("loc"));
        }
        return problems;
    }

    private static boolean names(JsonNode detail, JsonNode loc) {
        for (JsonNode entry : detail) {
            if (entry.path("loc").equals(loc)) return true;
        }
        return false;
    }

    // ---- what a request may have written ----

    private static Snapshot snapshot(GatewayHarness harness, UnifiedJedis redis) {
        long notionWrites = 0;
        for (ServeEvent event : harness.campaign.notion.server().getAllServeEvents()) {
            String method = event.getRequest().getMethod().getName();
            String url = event.getRequest().getUrl();
            boolean query = method.equals("POST") && url.split("\\?")[0].endsWith("/query");
            if ((method.equals("POST") || method.equals("PATCH")) && !query) notionWrites++;
        }
        Map<String, String> keys = new TreeMap<>();
        Map<String, Long> ttls = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams()
                .match("{" + harness.campaign.redisPrefix + "}:*")
                .count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            for (String key : page.getResult()) {
                if (TestRedis.isCallCounter(key)) continue; // counts every call, the refused ones too
                String content = content(redis, key);
                if (content != null) {
                    keys.put(key, content);
                    ttls.put(key, redis.pttl(key));
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return new Snapshot(
                harness.campaign.notion.requestCount(),
                notionWrites,
                harness.campaign.resend.delivered().size(),
                keys,
                ttls);
    }

    /** The key's type and full content, as text (null when it is gone). */
    private static String content(UnifiedJedis redis, String key) {
        String type = redis.type(key);
        switch (type) {
            case "string":
                return "string " + redis.get(key);
            case "hash":
                return "hash " + new TreeMap<>(redis.hgetAll(key));
            case "list":
                return "list " + redis.lrange(key, 0, -1);
            case "set":
                return "set " + new TreeSet<>(redis.smembers(key));
            case "zset": {
                StringBuilder text = new StringBuilder("zset");
                for (Tuple member : redis.zrangeWithScores(key, 0, -1)) {
                    text.append(' ').append(member.getElement()).append('=').append(member.getScore());
                }
                return text.toString();
            }
            case "none":
                return null;
            default:
                return type + " (content not compared)";
        }
    }

    /** What changed between the snapshots; a key that merely reached its expiry is not a write. */
    private static List<String> changes(Snapshot before, Snapshot after) {
        List<String> changed = new ArrayList<>();
        if (after.notionWrites != before.notionWrites) {
            changed.add((after.notionWrites - before.notionWrites) + " Notion write(s)");
        }
        if (after.resendSends != before.resendSends)
            changed.add((after.resendSends - before.resendSends) + " email(s) sent");
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, String> key : after.redis.entrySet()) {
            String was = before.redis.get(key.getKey());
            if (was == null) keys.add("new " + key.getKey());
            else if (!was.equals(key.getValue())) keys.add("changed " + key.getKey());
        }
        for (String key : before.redis.keySet()) {
            if (after.redis.containsKey(key)) continue;
            long ttl = before.ttls.getOrDefault(key, -1L);
            boolean expired = ttl >= 0 && ttl <= after.at - before.at + 1000;
            if (!expired) keys.add("deleted " + key);
        }
        if (!keys.isEmpty()) {
            changed.add("Redis: " + String.join(", ", keys.subList(0, Math.min(5, keys.size())))
                    + (keys.size() > 5 ? " and " + (keys.size() - 5) + " more" : ""));
        }
        return changed;
    }
}
