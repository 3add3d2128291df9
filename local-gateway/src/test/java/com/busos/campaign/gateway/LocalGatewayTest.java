package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against fixture functions compiled into a temporary folder. */
class LocalGatewayTest {

    private static final String EXTERNAL_REDIS = "redis://:s3cr3t-pw@127.0.0.1:6390";

    @TempDir
    Path root;

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private LocalGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private Path stack(String functionsYaml) throws IOException {
        Path file = root.resolve("stack.yml");
        Files.writeString(
                file,
                "version: 1.0\nprovider:\n  name: openfaas\n  gateway: http://127.0.0.1:8080\nfunctions:\n"
                        + functionsYaml);
        return file;
    }

    private static String function(String name, String extra) {
        return "  " + name + ":\n    lang: java11-maven\n    handler: ./fns/" + name + "\n    image: test/" + name
                + ":1\n" + extra;
    }

    private LocalGateway start(Path stack, boolean cron, Map<String, String> env, String redisUrl) throws IOException {
        gateway = LocalGateway.start(new LocalGateway.Options()
                .stackFile(stack)
                .port(0)
                .cron(cron)
                .environment(env)
                .redisUrl(redisUrl)
                .out(FixtureFunctions.tee(output)));
        return gateway;
    }

    private Map<String, String> call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return parse(response.body());
    }

    private HttpResponse<String> raw(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    @Test
    void eachNameReachesItsOwnIsolatedFunction() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        FixtureFunctions.echo(root.resolve("fns/beta"), "beta");
        start(stack(function("alpha", "") + function("beta", "")), false, Map.of(), EXTERNAL_REDIS);

        Map<String, String> alpha = call("POST", "/function/alpha", "{}");
        Map<String, String> alphaAgain = call("GET", "/function/alpha", null);
        Map<String, String> beta = call("POST", "/function/beta", "{}");

        assertEquals("alpha", alpha.get("fn"));
        assertEquals("helper-of-alpha", alpha.get("helper"), "classes of the function's own lib/");
        assertEquals("1", alpha.get("calls"));
        assertEquals("2", alphaAgain.get("calls"));
        assertEquals("beta", beta.get("fn"));
        assertEquals("helper-of-beta", beta.get("helper"));
        assertEquals("1", beta.get("calls"), "static state is per function");
        assertEquals("function:alpha", alpha.get("loader"));
        assertEquals("function:alpha", alpha.get("tccl"), "context class loader while the handler runs");
        assertEquals("function:beta", beta.get("tccl"));
    }

    @Test
    void theManifestClassPathChoosesTheLibrariesNotWhateverIsInLib() throws Exception {
        FixtureFunctions.echoWithManifestClassPath(root.resolve("fns/alpha"), "alpha");
        start(stack(function("alpha", "")), false, Map.of(), EXTERNAL_REDIS);

        assertEquals("helper-of-alpha", call("GET", "/function/alpha", null).get("helper"));
    }

    @Test
    void withoutAManifestClassPathEveryLibJarIsLoaded() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        Files.copy(
                root.resolve("fns/alpha/target/lib/helper.jar"), root.resolve("fns/alpha/target/lib/helper-0.9.jar"));
        Files.move(
                root.resolve("fns/alpha/target/lib/helper.jar"), root.resolve("fns/alpha/target/lib/helper-1.0.jar"));
        start(stack(function("alpha", "")), false, Map.of(), EXTERNAL_REDIS);

        assertEquals("helper-of-alpha", call("GET", "/function/alpha", null).get("helper"));
        assertTrue(
                FixtureFunctions.json(output).stream()
                        .anyMatch(line -> line.get("event").asText().equals("duplicate_libraries")
                                && line.get("fn").asText().equals("alpha")
                                && line.get("libraries").asText().equals("helper")),
                output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void functionsSeeThePathAfterTheirNameTheQueryTheBodyAndGatewayHeaders() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        start(stack(function("alpha", "")), false, Map.of(), EXTERNAL_REDIS);

        Map<String, String> root = call("POST", "/function/alpha", "hello");
        Map<String, String> sub = call("PUT", "/function/alpha/orders/42?x=1&y=two%20words", "änderung");
        Map<String, String> namespaced = call("DELETE", "/function/alpha.openfaas-fn/items", "gone");

        assertEquals("/", root.get("path"));
        assertEquals("null", root.get("query"));
        assertEquals("hello", root.get("body"));
        assertEquals("true", root.get("callId"));
        assertTrue(
                root.get("forwardedFor").matches("127\\.0\\.0\\.1:\\d+"),
                "the caller's ip:port, as the real gateway sets it: " + root.get("forwardedFor"));
        HttpResponse<String> forwarded = client.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/function/alpha"))
                        .header("X-Forwarded-For", "198.51.100.7, 10.0.0.2")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(
                "198.51.100.7, 10.0.0.2",
                parse(forwarded.body()).get("forwardedFor"),
                "a caller's own X-Forwarded-For passes untouched, as through the real gateway");
        assertEquals("/orders/42", sub.get("path"));
        assertEquals("x=1&y=two%20words", sub.get("query"));
        assertEquals("änderung", sub.get("body"));
        assertEquals("alpha", namespaced.get("fn"));
        assertEquals("/items", namespaced.get("path"));
        assertEquals("gone", namespaced.get("body"));
    }

    @Test
    void unknownFunctionsAndPathsAre404() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        start(stack(function("alpha", "")), false, Map.of(), EXTERNAL_REDIS);

        HttpResponse<String> unknown = raw("/function/nope");
        assertEquals(404, unknown.statusCode());
        assertEquals(LocalGateway.NOT_FOUND_PREFIX + "nope", unknown.body());
        assertEquals(404, raw("/function/alpha.other-namespace").statusCode());
        assertEquals(404, raw("/function/").statusCode());
        assertEquals(404, raw("/something-else").statusCode());
        assertEquals(200, raw("/healthz").statusCode());
    }

    @Test
    void aFunctionWhoseHandlerCannotStartAnswers502AndTheOthersWork() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        FixtureFunctions.broken(root.resolve("fns/broken"), "broken");
        start(stack(function("alpha", "") + function("broken", "")), false, Map.of(), EXTERNAL_REDIS);

        HttpResponse<String> broken = raw("/function/broken");
        assertEquals(502, broken.statusCode());
        assertTrue(broken.body().contains("java.lang.IllegalStateException: cannot start broken"), broken.body());
        assertEquals("alpha", call("GET", "/function/alpha", null).get("fn"));
    }

    @Test
    void aMissingFunctionJarStopsTheStartWithWhatToRun() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        Path stack = stack(function("alpha", "") + function("unbuilt", ""));

        IOException e = assertThrows(IOException.class, () -> start(stack, false, Map.of(), EXTERNAL_REDIS));

        assertTrue(e.getMessage().contains("function unbuilt"), e.getMessage());
        assertTrue(
                e.getMessage().contains("target" + java.io.File.separator + "function.jar not found"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -DskipTests package"), e.getMessage());
        gateway = null;
    }

    @Test
    void systemPropertiesAreSetForTheFunctionsAndRestoredOnClose() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        FixtureFunctions.echo(root.resolve("fns/beta"), "beta");
        Files.createDirectories(root.resolve(".secrets"));
        Path stack = stack(function(
                        "alpha",
                        "    environment:\n      FIXTURE_SETTING: from-stack\n"
                                + "      REDIS_URL: redis://redis:6379\n      GATEWAY_URL: http://gateway:8080\n"
                                + "      exec_timeout: 30s\n      SHARED_CONFLICT: one\n      FROM_ENV: stack-value\n")
                + function("beta", "    environment:\n      SHARED_CONFLICT: two\n"));
        assertNull(System.getProperty("FIXTURE_SETTING"));
        start(stack, false, Map.of("FROM_ENV", "real-env"), EXTERNAL_REDIS);

        Map<String, String> alpha = call("GET", "/function/alpha", null);

        assertEquals(EXTERNAL_REDIS, alpha.get("redis"), "the gateway's Redis wins over the stack's faasd value");
        assertEquals(gateway.baseUrl(), alpha.get("gateway"));
        assertEquals(root.resolve(".secrets").toString(), alpha.get("secrets"));
        assertEquals("from-stack", alpha.get("setting"));
        assertNull(System.getProperty("exec_timeout"), "of-watchdog settings are not function settings");
        assertNull(System.getProperty("SHARED_CONFLICT"), "functions disagree: left unset");
        assertNull(System.getProperty("FROM_ENV"), "the real environment wins; ConfigSource reads properties first");
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("SHARED_CONFLICT differs between alpha and beta"));

        gateway.close();
        gateway = null;
        assertNull(System.getProperty("FIXTURE_SETTING"));
        assertNull(System.getProperty("REDIS_URL"));
        assertNull(System.getProperty("GATEWAY_URL"));
        assertNull(System.getProperty("SECRETS_DIR"));
    }

    /** Serves the echo functions alpha and tick, tick a cron function on {@code schedule}, with the external Redis. */
    private void startAlphaAndTick(String schedule) throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        FixtureFunctions.echo(root.resolve("fns/tick"), "tick");
        start(
                stack(function("alpha", "")
                        + function(
                                "tick",
                                "    annotations:\n      topic: cron-function\n      schedule: \"" + schedule
                                        + "\"\n")),
                false,
                Map.of(),
                EXTERNAL_REDIS);
    }

    @Test
    void theFirstLineSaysWhatRunsWhereWithoutThePassword() throws Exception {
        startAlphaAndTick("*/5 * * * *");

        List<String> lines = FixtureFunctions.lines(output);
        com.fasterxml.jackson.databind.JsonNode started =
                FixtureFunctions.json(output).get(0);
        assertEquals("started", started.get("event").asText());
        assertEquals(gateway.port(), started.get("port").asInt());
        assertTrue(started.has("sandbox"));
        String first = FixtureFunctions.message(lines.get(0));
        assertTrue(first.contains("gateway " + gateway.baseUrl()), first);
        assertTrue(first.contains("redis redis://:***@127.0.0.1:6390"), first);
        assertTrue(first.contains("alpha -> " + gateway.baseUrl() + "/function/alpha"), first);
        assertTrue(
                first.contains("tick -> " + gateway.baseUrl() + "/function/tick (cron \"*/5 * * * *\", off)"), first);
        assertFalse(output.toString(StandardCharsets.UTF_8).contains("s3cr3t-pw"));
    }

    @Test
    void aCronTickPostsWithoutBodyAndWithTheConnectorHeaders() throws Exception {
        startAlphaAndTick("* * * * *");

        Map<String, CronConnector.Result> results = gateway.tickCron();

        assertEquals(List.of("tick"), List.copyOf(results.keySet()), "only the cron-function");
        CronConnector.Result result = results.get("tick");
        assertEquals(200, result.status(), String.valueOf(result.error()));
        Map<String, String> seen = parse(result.body());
        assertEquals("tick", seen.get("fn"));
        assertEquals("cron-connector", seen.get("connector"));
        assertEquals("cron-function", seen.get("topic"));
        assertEquals("", seen.get("body"));
        assertEquals("/", seen.get("path"));
        assertEquals("null", seen.get("contentType"), "the connector sets no Content-Type");
        assertEquals(
                URI.create(gateway.baseUrl() + "/function/tick.openfaas-fn"),
                gateway.cron().uri(gateway.cron().jobs().get(0)),
                "called as <name>.<namespace>, like the connector");
        assertTrue(
                FixtureFunctions.json(output).stream()
                        .anyMatch(line -> line.get("event").asText().equals("cron_invoked")
                                && line.get("fn").asText().equals("tick")
                                && line.get("status").asInt() == 200),
                output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCronTickAnswered200LogsOneLineAndAFailedOneTwo() throws Exception {
        startAlphaAndTick("* * * * *");
        assertEquals(200, gateway.tickCron().get("tick").status());
        HttpResponse<String> missing = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/function/nothing-here"))
                                .header("X-Connector", "cron-connector")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        gateway.close(); // waits for every request's line
        gateway = null;

        List<com.fasterxml.jackson.databind.JsonNode> lines = FixtureFunctions.json(output);
        assertEquals(
                1,
                lines.stream()
                        .filter(line -> line.path("event").asText().equals("cron_invoked"))
                        .count(),
                output.toString(StandardCharsets.UTF_8));
        assertTrue(
                lines.stream()
                        .noneMatch(line -> line.path("event").asText().equals("request")
                                && line.path("path").asText().startsWith("/function/tick")),
                "the tick's 200 has no second line: " + output.toString(StandardCharsets.UTF_8));
        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.path("event").asText().equals("request")
                                && line.path("path").asText().equals("/function/nothing-here")
                                && line.path("status").asInt() == 404),
                "a call that failed keeps its line: " + output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCronInvokesOnScheduleByItself() throws Exception {
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        HttpServer recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recorder.createContext("/cb", exchange -> {
            calls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        recorder.start();
        try {
            FixtureFunctions.echo(root.resolve("fns/tick"), "tick");
            start(
                    stack(function(
                            "tick",
                            "    environment:\n      FIXTURE_CALLBACK: http://127.0.0.1:"
                                    + recorder.getAddress().getPort() + "/cb\n"
                                    + "    annotations:\n      topic: cron-function\n      schedule: \"@every 1s\"\n")),
                    true,
                    Map.of(),
                    EXTERNAL_REDIS);

            for (int i = 0; i < 2; i++) {
                String call = calls.poll(60, TimeUnit.SECONDS);
                assertNotNull(call, "the cron did not invoke the function");
                assertEquals("tick|cron-connector|cron-function|0|/", call);
            }
        } finally {
            gateway.close();
            gateway = null;
            recorder.stop(0);
        }
    }

    @Test
    void anEmbeddedRedisIsStartedWhenRedisUrlIsUnset() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        start(stack(function("alpha", "")), false, Map.of(), null);

        assertTrue(gateway.embeddedRedis());
        assertTrue(gateway.redisUrl().matches("redis://127\\.0\\.0\\.1:\\d+"), gateway.redisUrl());
        assertEquals(gateway.redisUrl(), call("GET", "/function/alpha", null).get("redis"));
        int port = URI.create(gateway.redisUrl()).getPort();
        assertEquals("+PONG", redis(port, "PING"));
        assertTrue(FixtureFunctions.lines(output).get(0).contains("(embedded)"));
    }

    @Test
    void theEmbeddedRedisRequiresTheLocalRedisPasswordSecret() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        Files.createDirectories(root.resolve(".secrets"));
        Files.writeString(root.resolve(".secrets/redis-password"), "local-pw\n");
        start(stack(function("alpha", "")), false, Map.of(), null);

        int port = URI.create(gateway.redisUrl()).getPort();
        assertTrue(redis(port, "PING").startsWith("-NOAUTH"));
        assertEquals("+OK", redis(port, "AUTH local-pw"));
        assertFalse(output.toString(StandardCharsets.UTF_8).contains("local-pw"));
    }

    @Test
    void redisUrlFromTheEnvironmentIsUsedAsIs() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        start(stack(function("alpha", "")), false, Map.of("REDIS_URL", "redis://elsewhere:6379"), null);

        assertFalse(gateway.embeddedRedis());
        assertEquals(
                "redis://elsewhere:6379", call("GET", "/function/alpha", null).get("redis"));
    }

    @Test
    void aRedisClusterInTheEnvironmentStartsNoEmbeddedRedisAndSetsNoRedisUrl() throws Exception {
        FixtureFunctions.echo(root.resolve("fns/alpha"), "alpha");
        start(stack(function("alpha", "")), false, Map.of("REDIS_CLUSTER_NODES", "node-a:7000,node-b:7000"), null);

        assertFalse(gateway.embeddedRedis());
        assertEquals(null, gateway.redisUrl());
        assertEquals(
                "null", call("GET", "/function/alpha", null).get("redis"), "the functions read the cluster's nodes");
        assertTrue(FixtureFunctions.lines(output).get(0).contains("| redis cluster node-a:7000,node-b:7000 |"));
    }

    @Test
    void passwordsInRedisUrlsAreMasked() {
        assertEquals("redis://:***@h:1", LocalGateway.maskPassword("redis://:pw@h:1"));
        assertEquals("redis://user:***@h:1/2", LocalGateway.maskPassword("redis://user:pw@h:1/2"));
        assertEquals("rediss://***@h", LocalGateway.maskPassword("rediss://token@h"));
        assertEquals("redis://h:6379", LocalGateway.maskPassword("redis://h:6379"));
    }

    @Test
    void commandLineAndEnvironmentOptions() {
        LocalGateway.Options options = LocalGateway.Options.fromCommandLine(
                new String[] {"--stack", "x.yml", "--no-cron"}, Map.of("PORT", "9090"));
        assertEquals(Path.of("x.yml"), options.stackFile);
        assertEquals(9090, options.port);
        assertFalse(options.cron);

        LocalGateway.Options defaults = LocalGateway.Options.fromCommandLine(new String[0], Map.of());
        assertEquals(Path.of("stack.yml"), defaults.stackFile);
        assertEquals(8080, defaults.port);
        assertTrue(defaults.cron);
        assertFalse(LocalGateway.Options.fromCommandLine(new String[0], Map.of("LOCAL_CRON", "off")).cron);
        assertThrows(
                IllegalArgumentException.class,
                () -> LocalGateway.Options.fromCommandLine(new String[] {"--bogus"}, Map.of()));
    }

    /** One inline Redis command; the first line of the answer. */
    private static String redis(int port, String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\r'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
