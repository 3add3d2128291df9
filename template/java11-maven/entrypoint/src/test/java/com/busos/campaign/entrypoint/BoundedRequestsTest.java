package com.busos.campaign.entrypoint;

import static com.busos.campaign.entrypoint.ChildEntrypoint.GENEROUS_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openfaas.model.IHandler;
import com.openfaas.model.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Overload, the growing pool, and the body limit's edges, in process on real sockets. */
class BoundedRequestsTest {

    private Entrypoint entrypoint;
    private final JsonLog quiet =
            JsonLog.to("entrypoint", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @AfterEach
    void stop() {
        if (entrypoint != null) {
            entrypoint.close();
        }
    }

    private static Limits limits(int maxBody) {
        return new Limits(maxBody, Duration.ofSeconds(10), Duration.ofSeconds(10), 7, 64L * 1024 * 1024);
    }

    /** The function behind the entrypoint's own handler, its lines unprinted. */
    private FunctionHttpHandler quietly(IHandler function, Limits limits) {
        return new FunctionHttpHandler(function, quiet, null, null, null, limits);
    }

    private static Response answer(String body) {
        Response response = new Response();
        response.setBody(body);
        return response;
    }

    /** Serves the handler on {@code threads} threads; answers the port. */
    private int start(FunctionHttpHandler handler, int threads) throws java.io.IOException {
        entrypoint = Entrypoint.start("127.0.0.1", 0, handler, threads);
        return entrypoint.port();
    }

    /** Waits, for GENEROUS_SECONDS at the most, until {@code done}. */
    private static void awaitUntil(BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (!done.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    @Test
    void beyondTheThreadsAndTheQueueRequestsGet503WithRetryAfterAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        FunctionHttpHandler handler = quietly(
                request -> {
                    entered.incrementAndGet();
                    try {
                        release.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return answer("done");
                },
                limits(1024));
        entrypoint = Entrypoint.listen("127.0.0.1", 0, 2, 1, handler.limits());
        entrypoint.open(handler);
        int port = entrypoint.port();
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            List<Future<ChildEntrypoint.Answer>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(clients.submit(() -> ChildEntrypoint.request(port, "POST", "/held")));
            }
            awaitUntil(() -> entered.get() >= 2);
            assertEquals(2, entered.get(), "both threads are in the handler");
            held.add(clients.submit(() -> ChildEntrypoint.request(port, "POST", "/queued")));
            awaitUntil(() -> !entrypoint.executor().getQueue().isEmpty());
            assertEquals(1, entrypoint.executor().getQueue().size(), "the third waits in the queue");

            ChildEntrypoint.Answer refused = ChildEntrypoint.request(port, "POST", "/over");
            assertEquals(503, refused.status(), refused.raw());
            assertEquals("7", refused.header("Retry-After"));
            assertEquals("close", refused.header("Connection"));
            assertTrue(refused.body().contains("\"error\":\"overloaded\""), refused.body());

            release.countDown();
            for (Future<ChildEntrypoint.Answer> f : held) {
                assertEquals(200, f.get(GENEROUS_SECONDS, TimeUnit.SECONDS).status());
            }
            assertEquals(200, ChildEntrypoint.request(port, "POST", "/after").status(), "answers again once free");
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void asManyHandlersWaitAtOnceAsClientsSendAndThePoolGrowsPastItsCore() throws Exception {
        int n = 40; // more than the 16 threads kept when idle, fewer than HANDLER_THREADS
        CyclicBarrier allInside = new CyclicBarrier(n);
        FunctionHttpHandler handler = quietly(
                request -> {
                    try {
                        allInside.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("not all requests were in the handler together", e);
                    }
                    return answer("ok");
                },
                limits(1024));
        int port = start(handler, 64);
        ExecutorService clients = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(clients.submit(
                        () -> ChildEntrypoint.request(port, "POST", "/").status()));
            }
            for (Future<Integer> f : answers) {
                assertEquals(200, f.get(GENEROUS_SECONDS, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aBodyAtTheLimitPassesOneByteMoreIs413AndTheBudgetIsGivenBack() throws Exception {
        AtomicInteger lengths = new AtomicInteger();
        FunctionHttpHandler handler = quietly(
                request -> {
                    lengths.set(request.getBody().length());
                    return answer("ok");
                },
                limits(100_000));
        int port = start(handler, 4);
        for (boolean chunked : new boolean[] {false, true}) {
            assertEquals(200, RawHttp.streamBody(port, "/", 100_000, chunked).status());
            assertEquals(100_000, lengths.get());
            ChildEntrypoint.Answer over = RawHttp.streamBody(port, "/", 100_001, chunked);
            assertEquals(413, over.status(), over.raw());
            assertEquals(200, RawHttp.streamBody(port, "/", 0, chunked).status());
        }
        awaitUntil(() -> handler.inFlight() <= 0);
        assertEquals(64L * 1024 * 1024, handler.limits().bodyMemoryLeft(), "every reservation released");
    }

    @Test
    void whenTheBodiesHoldTheirBudgetTheNextGets503() throws Exception {
        // A budget of one 1000-byte body: a second body while the first is held is refused.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        FunctionHttpHandler handler = quietly(
                request -> {
                    inside.countDown();
                    try {
                        release.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Response();
                },
                new Limits(1000, Duration.ofSeconds(10), Duration.ofSeconds(10), 1, 3000));
        int port = start(handler, 4);
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            Future<ChildEntrypoint.Answer> first = clients.submit(() -> RawHttp.streamBody(port, "/", 1000, false));
            assertTrue(inside.await(GENEROUS_SECONDS, TimeUnit.SECONDS));
            ChildEntrypoint.Answer second = RawHttp.streamBody(port, "/", 1000, false);
            assertEquals(503, second.status(), second.raw());
            assertEquals("1", second.header("Retry-After"));
            release.countDown();
            assertEquals(200, first.get(GENEROUS_SECONDS, TimeUnit.SECONDS).status());
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }
}
