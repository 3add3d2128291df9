package com.busos.campaign.bench;

import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.FakeResend;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A provider as the delivery benchmarks meet it, in front of a stand-in (FakeNotion, FakeResend): every
 * request takes {@code latency}; the ones past the provider's limit are answered its own 429 with
 * {@code Retry-After: 1} and not forwarded; the rest are forwarded. Resend's limit is counted per
 * calendar second ("2 requests per second"); Notion's is an average ("an average of three requests per
 * second, some bursts allowed": a bucket of {@code limit} requests refilled at {@code limit} a second).
 * It counts what it forwarded by kind and when, and what it refused.
 */
final class LimitedProvider implements AutoCloseable {
    /** Headers the JDK's client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

    private final String name;
    private final URI target;
    private final Duration latency;
    private volatile int limit;
    private final BiFunction<String, String, String> kindOf;
    private final String refusalBody;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "limited-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Notion's average (a bucket) rather than Resend's per-second count. */
    private final boolean average;
    /** The bucket of an average limit: tokens left, and when they were counted (System.nanoTime). */
    private double tokens;

    private long countedAt = System.nanoTime();
    private final Map<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Faults faults = Faults.NONE;
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    /** Arrival (System.nanoTime) of every forwarded request. */
    private final List<Long> forwarded = new ArrayList<>();

    private LimitedProvider(
            String name,
            String target,
            int limit,
            boolean average,
            Duration latency,
            BiFunction<String, String, String> kindOf,
            String refusalBody) {
        this.name = name;
        this.average = average;
        this.tokens = limit;
        this.target = URI.create(target);
        this.limit = limit;
        this.latency = latency;
        this.kindOf = kindOf;
        this.refusalBody = refusalBody;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException("could not listen", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Notion in front of {@code notion}, its 429 {@code rate_limited}; kinds named by {@code kindOf(method, path)}. */
    static LimitedProvider notion(
            FakeNotion notion, int limit, Duration latency, BiFunction<String, String, String> kindOf) {
        return new LimitedProvider(
                "Notion",
                notion.baseUrl(),
                limit,
                true,
                latency,
                kindOf,
                FakeNotion.errorBody(
                        429, "rate_limited", "You have been rate limited. Please try again in a few minutes."));
    }

    /** Resend in front of {@code resend}, its 429 {@code rate_limit_exceeded}. */
    static LimitedProvider resend(FakeResend resend, int limit, Duration latency) {
        return new LimitedProvider(
                "Resend",
                resend.baseUrl(),
                limit,
                false,
                latency,
                (method, path) -> "Resend " + method + " " + path,
                FakeResend.errorBody(
                        429,
                        "rate_limit_exceeded",
                        "Too many requests. You can only make " + limit + " requests per second."));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests let through per calendar second from now on; 0 lets every request through. */
    void limit(int perSecond) {
        this.limit = perSecond;
    }

    int refused() {
        return refused.get();
    }

    /** Requests forwarded, by kind. */
    Map<String, Integer> kinds() {
        Map<String, Integer> copy = new TreeMap<>();
        kinds.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    int forwardedCount() {
        synchronized (forwarded) {
            return forwarded.size();
        }
    }

    /** Requests forwarded that arrived in [from, to) (System.nanoTime). */
    int forwardedBetween(long from, long to) {
        synchronized (forwarded) {
            int n = 0;
            for (long at : forwarded) if (at >= from && at < to) n++;
            return n;
        }
    }

    /** When each forwarded request arrived (System.nanoTime), in order. */
    List<Long> arrivals() {
        synchronized (forwarded) {
            List<Long> copy = new ArrayList<>(forwarded);
            java.util.Collections.sort(copy);
            return copy;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        received.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long second = System.currentTimeMillis() / 1000;
            int inSecond =
                    perSecond.computeIfAbsent(second, s -> new AtomicInteger()).incrementAndGet();
            if (refuses(inSecond)) {
                refused.incrementAndGet();
                waitOut(arrived);
                answer(exchange, 429, refusalBody);
                return;
            }
            Faults now = faults;
            double roll = ThreadLocalRandom.current().nextDouble();
            if (roll < now.failing) {
                injected.incrementAndGet();
                waitOut(arrived);
                answer(exchange, now.status, now.body);
                return;
            }
            boolean lose = roll < now.failing + now.losing;
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            kinds.computeIfAbsent(kindOf.apply(method, path), k -> new AtomicInteger())
                    .incrementAndGet();
            synchronized (forwarded) {
                forwarded.add(arrived);
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            target.resolve(path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((header, values) -> {
                if (RESTRICTED.contains(header.toLowerCase(Locale.ROOT))) return;
                values.forEach(value -> request.header(header, value));
            });
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(name + " stand-in: interrupted");
            }
            waitOut(arrived);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (answer.statusCode() / 100 == 2 && key != null) accepted.putIfAbsent(key, arrived);
            if (lose) {
                // The provider did the work; its answer never arrives (the connection is cut).
                injected.incrementAndGet();
                exchange.close();
                return;
            }
            answer.headers().map().forEach((header, values) -> {
                if (RESTRICTED.contains(header.toLowerCase(Locale.ROOT)) || header.startsWith(":")) return;
                values.forEach(value -> exchange.getResponseHeaders().add(header, value));
            });
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 429) exchange.getResponseHeaders().set("Retry-After", "1");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** What goes wrong, on purpose: a share of requests answered an error, a share whose answer is lost. */
    record Faults(double failing, int status, String body, double losing) {
        static final Faults NONE = new Faults(0, 0, "", 0);
    }

    /** From now on, {@code faults} (after the limit: a refused request is not also failed). */
    void inject(Faults faults) {
        this.faults = faults;
    }

    /** Every request that arrived: refused, failed on purpose or forwarded. */
    int received() {
        return received.get();
    }

    /** Requests answered an injected error or whose answer was lost. */
    int injected() {
        return injected.get();
    }

    /** When the first request of each Idempotency-Key (a send's) was accepted (System.nanoTime). */
    Map<String, Long> accepted() {
        return Map.copyOf(accepted);
    }

    /** Whether the provider refuses a request arriving now, the {@code inSecond}th of its calendar second. */
    private boolean refuses(int inSecond) {
        int allowed = limit;
        if (allowed <= 0) return false;
        if (!average) return inSecond > allowed;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(allowed, tokens + (now - countedAt) / 1e9 * allowed);
            countedAt = now;
            if (tokens < 1) return true;
            tokens -= 1;
            return false;
        }
    }

    /** Sleeps until {@code latency} has passed since {@code arrived}. */
    private void waitOut(long arrived) {
        long left = latency.toNanos() - (System.nanoTime() - arrived);
        if (left > 0) ChildJvm.sleep(left / 1_000_000);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
