package com.busos.campaign.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IHandler;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deadline in process: interrupt, 504, the late result discarded, the header the handler sees. */
class DeadlineTest {

    private static final long GENEROUS_SECONDS = 60;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private Entrypoint entrypoint;

    @AfterEach
    void stop() {
        if (entrypoint != null) {
            entrypoint.close();
        }
    }

    private String serve(IHandler handler, Duration execTimeout, Duration margin) throws Exception {
        JsonLog log = JsonLog.to("entrypoint", new PrintStream(logs, true, StandardCharsets.UTF_8));
        Deadline deadline = execTimeout == null ? null : new Deadline(execTimeout, margin);
        // One worker thread: the request after a cut one runs on the very thread that was interrupted.
        entrypoint = Entrypoint.start("127.0.0.1", 0, new FunctionHttpHandler(handler, log, null, null, deadline), 1);
        return "http://127.0.0.1:" + entrypoint.port();
    }

    private HttpResponse<String> post(String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(GENEROUS_SECONDS))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static IResponse text(String body) {
        Response response = new Response();
        response.setBody(body);
        return response;
    }

    @Test
    void aHandlerPastItsDeadlineIsInterruptedTheClientGets504AndTheLateResultIsDiscarded() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        String base = serve(
                request -> {
                    if (request.getPathRaw().equals("/fast")) {
                        return text(
                                "fast, interrupted=" + Thread.currentThread().isInterrupted());
                    }
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                    returned.countDown();
                    return text("late result");
                },
                Duration.ofMillis(800),
                Duration.ofMillis(300));

        HttpResponse<String> cut = post(base + "/slow");

        assertEquals(504, cut.statusCode());
        assertEquals(
                "application/json", cut.headers().firstValue("Content-Type").orElse(""));
        assertTrue(cut.body().startsWith("{\"error\":\"deadline_exceeded\",\"detail\":"), cut.body());
        assertTrue(returned.await(GENEROUS_SECONDS, TimeUnit.SECONDS));
        assertTrue(interrupted.get(), "the handler's thread was interrupted");
        HttpResponse<String> next = post(base + "/fast");
        assertEquals(200, next.statusCode());
        assertEquals("fast, interrupted=false", next.body(), "the interrupt does not leak into the next request");
        JsonNode line = line("deadline_exceeded");
        assertEquals("/slow", line.get("path").asText());
        assertEquals(800, line.get("exec_timeout_ms").asInt());
        assertEquals(500, line.get("deadline_ms").asInt());
        assertTrue(line.get("handler_interrupted").asBoolean());
        assertEquals(200, line("late_result_discarded").get("status").asInt());
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("late result"));
    }

    @Test
    void aHandlerThatIgnoresTheInterruptStillCannotAnswerLate() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String base = serve(
                request -> {
                    while (release.getCount() > 0) {
                        Thread.onSpinWait(); // ignores interrupts
                    }
                    return text("late result");
                },
                Duration.ofMillis(500),
                Duration.ZERO);

        HttpResponse<String> cut = post(base + "/");
        release.countDown();

        assertEquals(504, cut.statusCode());
        assertFalse(cut.body().contains("late result"));
        line("late_result_discarded");
    }

    @Test
    void aHandlerThatThrowsOnInterruptIsStillAnswered504() throws Exception {
        String base = serve(
                request -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("cancelled", e);
                    }
                    return text("never");
                },
                Duration.ofMillis(500),
                Duration.ZERO);

        assertEquals(504, post(base + "/").statusCode());
        assertEquals(500, line("late_result_discarded").get("status").asInt());
    }

    /** A GET whose client sets its own deadline header (1 ms after the epoch). */
    private HttpResponse<String> getClaimingADeadline(String base) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + "/"))
                        .header(Deadline.HEADER, "1")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHandlerSeesItsDeadlineAndAClientCannotSetIt() throws Exception {
        String base = serve(
                request -> text(request.getHeader(Deadline.HEADER)), Duration.ofSeconds(30), Duration.ofMillis(500));

        long before = System.currentTimeMillis();
        HttpResponse<String> response = getClaimingADeadline(base);
        long after = System.currentTimeMillis();

        long deadline = Long.parseLong(response.body());
        assertTrue(deadline >= before + 29_500 && deadline <= after + 29_500, response.body());
    }

    @Test
    void withoutADeadlineAClientsDeadlineHeaderIsRemoved() throws Exception {
        String base = serve(request -> text(String.valueOf(request.getHeader(Deadline.HEADER))), null, null);

        HttpResponse<String> response = getClaimingADeadline(base);

        assertEquals("null", response.body());
    }

    @Test
    void aCallThatFinishesInTimeIsAnsweredNormally() throws Exception {
        String base = serve(request -> text("in time"), Duration.ofSeconds(30), Duration.ofMillis(500));
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = post(base + "/");
            assertEquals(200, response.statusCode());
            assertEquals("in time", response.body());
        }
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("deadline_exceeded"));
    }

    /** The first log line of {@code event}, waiting for it up to a generous bound. */
    private JsonNode line(String event) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (System.nanoTime() < deadline) {
            for (String l : logs.toString(StandardCharsets.UTF_8).split("\n")) {
                if (l.contains("\"event\":\"" + event + "\"")) {
                    return new ObjectMapper().readTree(l);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + event + " line in " + logs.toString(StandardCharsets.UTF_8));
    }
}
