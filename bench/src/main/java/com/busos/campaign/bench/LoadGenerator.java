package com.busos.campaign.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load: {@code clients} threads, each sending its next request as soon as the last
 * one is answered, until {@code maxRequests} were sent in all or {@code maxTime} has passed. One
 * java.net.http client (HTTP/1.1, keep-alive) per run.
 */
final class LoadGenerator {
    private LoadGenerator() {}

    /** The outcome of one run. Latencies are in milliseconds. */
    record Result(
            int clients,
            long requests,
            long errors,
            double seconds,
            double perSecond,
            double p50,
            double p99,
            double max,
            String firstError) {}

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static Result run(HttpClient http, URI uri, String body, int clients, long maxRequests, Duration maxTime) {
        HttpRequest request = request(uri, body);
        return run(http, n -> request, clients, maxRequests, maxTime);
    }

    /** A webhook call signed as the website signs it (Standard Webhooks, its own webhook-id). */
    static HttpRequest signedRequest(URI uri, String body, String secret) {
        String id = "msg_" + java.util.UUID.randomUUID();
        long timestamp = System.currentTimeMillis() / 1000;
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Call-Id", "bench")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header(
                        "webhook-signature",
                        com.busos.campaign.webhook.StandardWebhookSignature.sign(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpRequest request(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Call-Id", "bench")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The same, with request number n (from 0) built by {@code requests}. */
    static Result run(
            HttpClient http,
            java.util.function.LongFunction<HttpRequest> requests,
            int clients,
            long maxRequests,
            Duration maxTime) {
        AtomicLong issued = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstError =
                new java.util.concurrent.atomic.AtomicReference<>();
        long[][] latencies = new long[clients][]; // each client's own slot, read after join()
        int[] counts = new int[clients];
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[1]; // the start, set before the clients are let go
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int index = c;
            Thread thread = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long deadline = window[0] + maxTime.toNanos();
                        int n = 0;
                        long[] mine = new long[1024];
                        long number;
                        while ((number = issued.getAndIncrement()) < maxRequests && System.nanoTime() < deadline) {
                            long start = System.nanoTime();
                            try {
                                HttpResponse<String> response =
                                        http.send(requests.apply(number), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() / 100 != 2) {
                                    errors.incrementAndGet();
                                    firstError.compareAndSet(
                                            null, "HTTP " + response.statusCode() + ": " + response.body());
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, e.toString());
                            }
                            if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                            mine[n++] = System.nanoTime() - start;
                        }
                        latencies[index] = mine;
                        counts[index] = n;
                    },
                    "load-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            ready.await();
            window[0] = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            if (counts[c] > 0) System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(
                clients,
                total,
                errors.get(),
                seconds,
                total / seconds,
                percentile(all, 0.50),
                percentile(all, 0.99),
                total == 0 ? Double.NaN : all[total - 1] / 1e6,
                firstError.get());
    }

    /** Nearest-rank percentile of sorted nanosecond values, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
