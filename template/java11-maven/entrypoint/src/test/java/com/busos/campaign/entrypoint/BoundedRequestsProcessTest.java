package com.busos.campaign.entrypoint;

import static com.busos.campaign.entrypoint.ChildEntrypoint.GENEROUS_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded requests in the real process: body limit in a small heap, slow clients, header and body timeouts. */
class BoundedRequestsProcessTest {

    private static final long MB_100 = 100L * 1024 * 1024;

    @Test
    void a100MbBodyIs413InA64MbHeapChunkedOrNotAndTheProcessGoesOnServing(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp, ReleaseFileHandler.class, Map.of("DRAIN_SECONDS", "0"), List.of("-Xmx64m"))) {
            int port = child.port("serving");
            assertEquals(
                    1048576, child.awaitEvent("serving").get("max_body_bytes").asInt());
            for (boolean chunked : new boolean[] {false, true}) {
                ChildEntrypoint.Answer answer = RawHttp.streamBody(port, "/upload", MB_100, chunked);
                assertEquals(413, answer.status(), answer.raw());
                assertEquals("close", answer.header("Connection"), answer.raw());
            }
            // A webhook-sized body between the WebhookGate's 64 KiB and our 1 MiB reaches the handler.
            ChildEntrypoint.Answer webhook = RawHttp.streamBody(port, "/webhook", 200 * 1024, false);
            assertEquals(200, webhook.status(), webhook.raw());
            assertEquals(200, ChildEntrypoint.request(port, "POST", "/after").status());
            assertTrue(child.process.isAlive());
            assertFalse(child.text().contains("OutOfMemoryError"), child.text());
            child.awaitEvent("payload_too_large");
            child.entrypointLines();
        }
    }

    @Test
    void twoHundredSlowConnectionsHeldOpenWhileNormalRequestsAreAnswered(@TempDir Path tmp) throws Exception {
        try (ChildEntrypoint child =
                ChildEntrypoint.start(tmp, ReleaseFileHandler.class, Map.of("DRAIN_SECONDS", "0"))) {
            int port = child.port("serving");
            List<Socket> slow = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService dribblers = Executors.newFixedThreadPool(4);
            try {
                for (int i = 0; i < 200; i++) {
                    slow.add(RawHttp.connect(port));
                }
                // Half send their headers a byte at a time (the other half stay idle after connecting).
                List<Socket> dribbling = slow.subList(0, 100);
                byte[] head = "POST /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        .getBytes(StandardCharsets.US_ASCII);
                for (int d = 0; d < 4; d++) {
                    int offset = d;
                    dribblers.submit(() -> {
                        int at = 0;
                        while (!stop.get()) {
                            for (int s = offset; s < dribbling.size(); s += 4) {
                                try {
                                    OutputStream out = dribbling.get(s).getOutputStream();
                                    out.write(head[at % head.length]);
                                    out.flush();
                                } catch (Exception closed) {
                                    // cut by the header timeout: what it is for
                                }
                            }
                            at++;
                            Thread.sleep(50);
                        }
                        return null;
                    });
                }
                Thread.sleep(500); // the slow ones are in (no timing asserted: only that the rest is answered)
                ExecutorService clients = Executors.newFixedThreadPool(8);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    answers.add(clients.submit(
                            () -> ChildEntrypoint.request(port, "POST", "/fast").status()));
                }
                for (Future<Integer> a : answers) {
                    assertEquals(200, a.get(GENEROUS_SECONDS, TimeUnit.SECONDS));
                }
                clients.shutdown();
            } finally {
                stop.set(true);
                dribblers.shutdown();
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void headersOrABodyThatArriveTooSlowlyAreCutAndTheThreadsServeOthers(@TempDir Path tmp) throws Exception {
        // Two threads only: without the cut, two slow clients would hold the process.
        try (ChildEntrypoint child = ChildEntrypoint.start(
                tmp,
                ReleaseFileHandler.class,
                Map.of(
                        "DRAIN_SECONDS",
                        "0",
                        "HANDLER_THREADS",
                        "2",
                        "HEADER_TIMEOUT_SECONDS",
                        "1",
                        "BODY_TIMEOUT_SECONDS",
                        "1"))) {
            int port = child.port("serving");
            try (Socket headers = RawHttp.connect(port);
                    Socket body = RawHttp.connect(port)) {
                headers.getOutputStream()
                        .write("POST /fast HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                headers.getOutputStream().flush();
                body.getOutputStream()
                        .write("POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"
                                .getBytes(StandardCharsets.US_ASCII));
                body.getOutputStream().flush();
                assertTrue(RawHttp.closedByServer(headers, GENEROUS_SECONDS), "headers never completed: closed");
                assertTrue(RawHttp.closedByServer(body, GENEROUS_SECONDS), "body stopped arriving: closed");
            }
            assertEquals(200, ChildEntrypoint.request(port, "POST", "/fast").status());
            child.awaitEvent("slow_requests_cut");
            child.entrypointLines();
        }
    }
}
