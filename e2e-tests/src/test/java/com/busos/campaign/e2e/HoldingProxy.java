package com.busos.campaign.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * An HTTP proxy in front of a provider stand-in that can hold one chosen request: before it reaches
 * the provider, or after the provider handled it (the provider's state changed, its answer held
 * back). A test uses the hold to act at that exact moment: kill the caller, stop Redis, then release.
 * WireMock's own fixed delay cannot do this for the stateful fakes: their transformer builds a new
 * response, without the stub's delay.
 */
final class HoldingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "upgrade",
            "transfer-encoding",
            "keep-alive",
            "accept-encoding",
            "te",
            "trailer",
            "proxy-connection");
    /** The longest a request is held when the test never releases it. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(60);

    /** One request to hold: the first that matches, from the moment it is registered. */
    @RequiredArgsConstructor(access = AccessLevel.PRIVATE)
    static final class Hold {
        final String method;
        final String path;
        final boolean afterProvider;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until the held request is there (and, for a hold after the provider, was handled by it). */
        void awaitArrival(Duration timeout) throws InterruptedException {
            if (!arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "no " + method + " " + path + " arrived within " + timeout.getSeconds() + " s");
            }
        }

        boolean arrived() {
            return arrived.getCount() == 0;
        }

        /** Lets the held request go on (or its answer go back). */
        void release() {
            released.countDown();
        }
    }

    private final String target;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    HoldingProxy(String target) throws IOException {
        this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "holding-proxy");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Holds the next {@code method} request to exactly {@code path}, before it reaches the provider. */
    Hold holdBefore(String method, String path) {
        Hold hold = new Hold(method, path, false);
        holds.add(hold);
        return hold;
    }

    /** Lets the next {@code method} request to {@code path} reach the provider, then holds its answer. */
    Hold holdAfter(String method, String path) {
        Hold hold = new Hold(method, path, true);
        holds.add(hold);
        return hold;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Hold hold = null;
            for (Hold candidate : holds) {
                if (candidate.method.equals(method)
                        && candidate.path.equals(path)
                        && candidate.taken.compareAndSet(false, true)) {
                    hold = candidate;
                    break;
                }
            }
            if (hold != null && !hold.afterProvider) waitHere(hold);
            HttpResponse<byte[]> answer;
            try {
                answer = forward(exchange, method, body);
            } catch (IOException | InterruptedException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            if (hold != null && hold.afterProvider) waitHere(hold);
            for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
                if (header.getKey().startsWith(":")
                        || HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
                for (String value : header.getValue())
                    exchange.getResponseHeaders().add(header.getKey(), value);
            }
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException callerGone) {
            // the caller was killed while its request was held: nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static void waitHere(Hold hold) {
        hold.arrived.countDown();
        try {
            hold.released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String method, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            if (HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
            for (String value : header.getValue()) request.header(header.getKey(), value);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        holds.forEach(Hold::release);
        server.stop(0);
        executor.shutdownNow();
    }
}
