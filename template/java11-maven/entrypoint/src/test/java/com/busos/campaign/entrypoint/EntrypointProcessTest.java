package com.busos.campaign.entrypoint;

import static com.busos.campaign.entrypoint.ChildEntrypoint.GENEROUS_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process: main(), the handler class from HANDLER_CLASS, start-up, deadlines and the stop on SIGTERM. */
class EntrypointProcessTest {

    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 40;

    @Test
    void duringTheDrainEveryRequestIsAnsweredThenTheInFlightOneFinishesAndTheProcessExitsZero(@TempDir Path tmp)
            throws Exception {
        Path release = tmp.resolve("release");
        // A long drain that the test ends itself with a second SIGTERM once its clients are done, so that
        // "during the drain" needs no clock; the grace bounds the whole stop.
        int graceSeconds = 120;
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp,
                ReleaseFileHandler.class,
                Map.of(
                        "SHUTDOWN_GRACE_SECONDS",
                        Integer.toString(graceSeconds),
                        "DRAIN_SECONDS",
                        "60",
                        "RELEASE_FILE",
                        release.toString()))) {
            int port = child.port("serving");
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            child.awaitLine("HANDLER-ENTERED");

            long signalled = System.nanoTime();
            child.process.destroy(); // SIGTERM
            child.awaitEvent("draining");

            // Several clients, each request on a new connection as the watchdog opens them.
            AtomicInteger refused = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        try {
                            ChildEntrypoint.Answer answer = ChildEntrypoint.request(port, "POST", "/fast");
                            if (answer.status() != 200 || !answer.body().equals("ok")) {
                                failures.add(answer.raw());
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
            assertTrue(child.process.isAlive(), "still draining");

            child.process.destroy(); // a second SIGTERM ends the drain
            child.awaitEvent("stopped_accepting");
            long waitRefused = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
            while (!ChildEntrypoint.refused(port) && System.nanoTime() < waitRefused) {
                Thread.sleep(20);
            }
            assertTrue(ChildEntrypoint.refused(port), "after the drain new connections are refused");
            assertTrue(child.process.isAlive(), "the process must wait for the in-flight request");
            assertFalse(inFlight.isDone());

            Files.writeString(release, "go");
            HttpResponse<String> response = inFlight.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("released", response.body());

            long graceLeft = TimeUnit.SECONDS.toNanos(graceSeconds) - (System.nanoTime() - signalled);
            assertTrue(child.process.waitFor(graceLeft, TimeUnit.NANOSECONDS), "exited within the grace period");
            assertEquals(0, child.process.exitValue(), child.text());
            JsonNode exit = child.awaitEvent("exit");
            assertEquals(0, exit.get("exit_code").asInt());
            assertTrue(exit.get("all_finished").asBoolean());
            child.entrypointLines(); // every line is one JSON object
        }
    }

    @Test
    void theDrainEndsByItselfAndTheProcessExitsZeroWithinTheGracePeriod(@TempDir Path tmp) throws Exception {
        int graceSeconds = 20;
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp,
                ReleaseFileHandler.class,
                Map.of(
                        "SHUTDOWN_GRACE_SECONDS",
                        Integer.toString(graceSeconds),
                        "DRAIN_SECONDS",
                        "2",
                        "RELEASE_FILE",
                        tmp.resolve("unused").toString()))) {
            int port = child.port("serving");
            assertEquals(200, ChildEntrypoint.request(port, "GET", "/").status());
            child.process.destroy();
            assertEquals(200, ChildEntrypoint.request(port, "GET", "/").status(), "still answering once SIGTERM came");
            // generous: the grace period plus a JVM's exit
            assertTrue(child.process.waitFor(graceSeconds + 10, TimeUnit.SECONDS), "exited by itself");
            assertEquals(0, child.process.exitValue(), child.text());
            JsonNode draining = child.awaitEvent("draining");
            assertEquals("SIGTERM", draining.get("signal").asText());
            assertEquals(2000, draining.get("drain_ms").asInt());
            child.awaitEvent("exit");
        }
    }

    @Test
    void aTrainingRunCallsTheHandlerOnceAndExitsZero(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child =
                ChildEntrypoint.start(tmp, ReleaseFileHandler.class, Map.of("ENTRYPOINT_TRAINING_BODY", "{}"))) {
            assertTrue(child.process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS), "exited by itself");
            assertEquals(0, child.process.exitValue(), child.text());
            child.awaitEvent("serving");
            assertEquals(
                    200, child.awaitEvent("trained").get("status").asInt(), "the handler answered: " + child.text());
        }
    }

    @Test
    void theDrainIsAtMostHalfTheGracePeriod(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp, ReleaseFileHandler.class, Map.of("SHUTDOWN_GRACE_SECONDS", "4", "DRAIN_SECONDS", "30"))) {
            assertEquals(
                    2, child.awaitEvent("drain_lowered").get("drain_seconds").asInt());
            assertEquals(2, child.awaitEvent("serving").get("drain_seconds").asInt());
        }
    }

    @Test
    void whileTheHandlerLoadsRequestsGet503RetryAfterThen200(@TempDir Path tmp) throws Exception {
        Path release = tmp.resolve("start");
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp, SlowStartHandler.class, Map.of("START_RELEASE_FILE", release.toString(), "DRAIN_SECONDS", "0"))) {
            int port = child.port("listening");
            child.awaitLine("CONSTRUCTOR-ENTERED");
            for (String method : List.of("GET", "POST", "HEAD")) {
                ChildEntrypoint.Answer starting = ChildEntrypoint.request(port, method, "/");
                assertEquals(503, starting.status(), starting.raw());
                assertEquals("1", starting.header("Retry-After"));
                if (!method.equals("HEAD")) {
                    assertEquals("application/json", starting.header("Content-Type"));
                    assertTrue(starting.body().contains("\"error\":\"starting\""), starting.body());
                }
            }
            Files.writeString(release, "go");
            assertEquals(port, child.port("serving"));
            ChildEntrypoint.Answer loaded = ChildEntrypoint.request(port, "POST", "/");
            assertEquals(200, loaded.status(), loaded.raw());
            assertEquals("loaded", loaded.body());
            child.entrypointLines();
        }
    }

    /** The child stopped at its start with status 1: its start_failed line. */
    private static JsonNode startFailed(ChildEntrypoint child) throws Exception {
        assertTrue(child.process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, child.process.exitValue());
        return child.awaitEvent("start_failed");
    }

    @Test
    void aHandlerClassThatCannotBeLoadedStopsTheProcessWithAJsonLine(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child =
                ChildEntrypoint.start(tmp, ReleaseFileHandler.class, Map.of("HANDLER_CLASS", "com.example.Missing"))) {
            JsonNode failed = startFailed(child);
            assertEquals("error", failed.get("level").asText());
            assertEquals("com.example.Missing", failed.get("handler").asText());
            assertEquals(
                    "java.lang.ClassNotFoundException: com.example.Missing",
                    failed.get("error").asText());
            child.entrypointLines();
        }
    }

    @Test
    void aBadExecTimeoutStopsTheStartNamingIt(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child =
                ChildEntrypoint.start(tmp, ReleaseFileHandler.class, Map.of("exec_timeout", "30 seconds"))) {
            String error = startFailed(child).get("error").asText();
            assertTrue(error.contains("exec_timeout") && error.contains("30 seconds"), error);
        }
    }

    @Test
    void pastExecTimeoutTheHandlerIsInterruptedAndTheClientGets504(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp,
                InterruptibleHandler.class,
                Map.of("exec_timeout", "1500ms", "DEADLINE_MARGIN_MS", "500", "DRAIN_SECONDS", "0"))) {
            JsonNode serving = child.awaitEvent("serving");
            assertEquals(1500, serving.get("exec_timeout_ms").asInt());
            assertEquals(1000, serving.get("deadline_ms").asInt());
            int port = serving.get("port").asInt();

            long before = System.currentTimeMillis();
            ChildEntrypoint.Answer header = ChildEntrypoint.request(port, "GET", "/header");
            long after = System.currentTimeMillis();
            long deadline = Long.parseLong(header.body());
            assertTrue(deadline >= before + 1000 - 50 && deadline <= after + 1000 + 50, header.body());

            ChildEntrypoint.Answer cut = ChildEntrypoint.request(port, "POST", "/sleep");
            assertEquals(504, cut.status(), cut.raw());
            assertTrue(cut.body().startsWith("{\"error\":\"deadline_exceeded\""), cut.body());
            assertFalse(cut.raw().contains("late"), cut.raw());
            child.awaitLine("HANDLER-INTERRUPTED");
            JsonNode line = child.awaitEvent("deadline_exceeded");
            assertEquals("POST", line.get("method").asText());
            assertEquals("/sleep", line.get("path").asText());
            assertTrue(line.get("handler_interrupted").asBoolean());
            child.awaitEvent("late_result_discarded");
            assertNull(child.lines().stream()
                    .filter(l -> l.contains("HANDLER-NOT-INTERRUPTED"))
                    .findFirst()
                    .orElse(null));
            child.entrypointLines();
        }
    }
}
