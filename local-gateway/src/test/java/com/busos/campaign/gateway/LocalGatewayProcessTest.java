package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as run-local.sh runs it, in its own JVM: Ctrl-C drains, finishes in-flight calls, exits 0. */
class LocalGatewayProcessTest {

    private static final long GENEROUS_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void ctrlCKeepsServingDuringTheDrainFinishesTheInFlightCallAndExitsZero() throws Exception {
        FixtureFunctions.slow(root.resolve("fns/slow"), "slow");
        Path stack = root.resolve("stack.yml");
        Files.writeString(
                stack,
                "version: 1.0\nprovider:\n  name: openfaas\n  gateway: http://127.0.0.1:8080\nfunctions:\n"
                        + "  slow:\n    lang: java11-maven\n    handler: ./fns/slow\n    image: test/slow:1\n");
        Path release = root.resolve("release");
        Path output = root.resolve("gateway.log");
        int graceSeconds = 120;
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalGateway.class.getName(),
                        "--stack",
                        stack.toString(),
                        "--no-cron")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .directory(root.toFile());
        builder.environment().put("PORT", "0");
        builder.environment().put("REDIS_URL", "redis://127.0.0.1:1"); // not used by the fixture
        builder.environment().put("SECRETS_DIR", root.resolve("no-secrets").toString());
        builder.environment().put("SANDBOX_DIR", root.resolve("sandbox").toString());
        // A drain the test ends itself (a second signal) once its clients are done: no clock involved.
        builder.environment().put("DRAIN_SECONDS", "60");
        builder.environment().put("SHUTDOWN_GRACE_SECONDS", Integer.toString(graceSeconds));
        builder.environment().put("RELEASE_FILE", release.toString());
        Process process = builder.start();
        try {
            int port = event(output, process, "started").get("port").asInt();
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/function/slow/slow"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitLine(output, process, "HANDLER-ENTERED");

            long signalled = System.nanoTime();
            signal(process, "INT"); // Ctrl-C
            assertEquals(
                    "SIGINT", event(output, process, "draining").get("signal").asText());

            AtomicInteger refused = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(3);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        try {
                            String answer = get(port, "/function/slow/fast");
                            if (!answer.startsWith("HTTP/1.1 200") || !answer.endsWith("\r\n\r\nok")) {
                                failures.add(answer);
                            }
                        } catch (ConnectException e) {
                            refused.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertEquals(0, refused.get(), "connections refused during the drain");
            assertTrue(failures.isEmpty(), "not 200 during the drain: " + failures);

            process.destroy(); // a second signal (SIGTERM) ends the drain
            event(output, process, "stopped_accepting");
            assertTrue(process.isAlive(), "waits for the in-flight call");
            assertFalse(inFlight.isDone());
            Files.writeString(release, "go");
            HttpResponse<String> response = inFlight.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("released helper-of-slow", response.body());

            long graceLeft = TimeUnit.SECONDS.toNanos(graceSeconds) - (System.nanoTime() - signalled);
            assertTrue(process.waitFor(graceLeft, TimeUnit.NANOSECONDS), "exited within the grace period");
            assertEquals(0, process.exitValue(), Files.readString(output));
            assertEquals(0, event(output, process, "exit").get("exit_code").asInt());
            for (String line : Files.readAllLines(output)) {
                if (!line.equals("HANDLER-ENTERED")) { // the fixture's own marker
                    assertEquals(
                            "local-gateway", JSON.readTree(line).get("logger").asText(), line);
                }
            }
        } finally {
            process.destroyForcibly();
        }
    }

    /** Sends {@code SIGname} to the child this test started, by its pid. */
    private static void signal(Process process, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
    }

    /** One GET on a new connection, {@code Connection: close}: the whole response. */
    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode event(Path output, Process process, String event) throws Exception {
        return JSON.readTree(awaitLine(output, process, "\"event\":\"" + event + "\""));
    }

    private static String awaitLine(Path output, Process process, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                if (line.contains(fragment)) {
                    return line;
                }
            }
            if (!process.isAlive() && !text.contains(fragment)) {
                fail("exited with " + process.exitValue() + " before '" + fragment + "':\n" + text);
            }
            Thread.sleep(20);
        }
        fail("no line containing '" + fragment + "' in:\n" + Files.readString(output));
        return null;
    }
}
