package com.busos.campaign.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.deadline.DeadlineExceededException;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.resend.OutgoingEmail;
import com.busos.campaign.resend.ResendClient;
import com.busos.campaign.testing.JsonAnswers;
import com.busos.campaign.testing.TestRedis;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The shared limiter seen from the provider's side: several clients, each with its own limiter
 * instance (as separate function replicas would have), against a stub that counts what arrives.
 */
class RedisRateLimiterTest {
    private static final double RATE = 20;
    private static final int BURST = 3;

    private WireMockServer provider;
    private UnifiedJedis redis;
    private String prefix;

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        provider.stubFor(post(urlEqualTo("/emails"))
                .willReturn(JsonAnswers.json(200, "{\"id\":\"4ef9a417-02e9-4d39-ad75-9611e0fcc33c\"}")));
        redis = TestRedis.client();
        prefix = TestRedis.uniquePrefix();
    }

    @AfterEach
    void stop() {
        provider.stop();
        redis.close();
    }

    @Test
    void concurrentClientsNeverExceedTheLimitOverAnyOneSecondWindowByMoreThanOneBurst() throws Exception {
        int clients = 4;
        int requestsEach = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            RateLimiter limiter = new RedisRateLimiter(
                    redis, prefix, "resend", RATE, BURST, Duration.ofSeconds(30), Retrying.REAL_SLEEP);
            // Each request is stamped as it leaves the client, so the stub counts when requests were sent,
            // not when a loaded machine got round to serving them.
            ResendClient resend = new ResendClient(
                    ResendClient.builder(
                                    HttpClients.shared()
                                            .newBuilder()
                                            .addInterceptor(chain -> chain.proceed(chain.request()
                                                    .newBuilder()
                                                    .header("X-Sent-At", Long.toString(System.currentTimeMillis()))
                                                    .build()))
                                            .build(),
                                    "re_test_key",
                                    ResendClient.USER_AGENT)
                            .retrying(Retrying.none())
                            .rateLimit(new RateLimitInterceptor(limiter))
                            .build(),
                    provider.baseUrl());
            runs.add(pool.submit(() -> {
                for (int i = 0; i < requestsEach; i++) {
                    resend.send(
                            new OutgoingEmail(
                                    "a@example.com", "b" + client + "@example.com", "s", "<p>h</p>", Map.of()),
                            "key-" + client + "-" + i);
                }
                return null;
            }));
        }
        for (Future<?> run : runs) run.get();
        pool.shutdown();

        List<Long> arrivals = provider.getAllServeEvents().stream()
                .map(event -> Long.parseLong(event.getRequest().getHeader("X-Sent-At")))
                .sorted()
                .collect(Collectors.toList());
        assertEquals(clients * requestsEach, arrivals.size());
        int worst = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            int inWindow = 0;
            for (int j = i; j < arrivals.size() && arrivals.get(j) < arrivals.get(i) + 1000; j++) inWindow++;
            worst = Math.max(worst, inWindow);
        }
        System.out.println("rate limiter: " + arrivals.size() + " requests, busiest 1-s window " + worst + " (limit "
                + (int) RATE + "/s, burst " + BURST + ")");
        assertTrue(worst <= RATE + BURST, "busiest 1-second window had " + worst + " requests");
    }

    @Test
    void aCallerThatWouldWaitTooLongGetsARetryableFailureInsteadOfBlocking() {
        RateLimiter limiter =
                new RedisRateLimiter(redis, prefix, "notion", 0.01, 1, Duration.ofSeconds(1), duration -> {});
        limiter.acquire();

        ProviderException failure = assertThrows(ProviderException.class, limiter::acquire);
        assertTrue(failure.retryable());
        assertEquals(429, failure.status());
    }

    @Test
    void anInterruptedThreadTakesNoTokenAndWritesNothingToRedis() {
        RateLimiter limiter =
                new RedisRateLimiter(redis, prefix, "notion", 3, 1, Duration.ofSeconds(1), duration -> {});
        Thread.currentThread().interrupt();
        try {
            assertThrows(DeadlineExceededException.class, limiter::acquire);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertFalse(redis.exists("{" + prefix + "}:rate:notion"), "no bucket was written");
    }

    @Test
    void anInterruptDuringTheWaitStopsWaiting() {
        RateLimiter limiter =
                new RedisRateLimiter(redis, prefix, "notion", 0.5, 1, Duration.ofSeconds(10), duration -> {
                    throw new InterruptedException("exec_timeout");
                });
        limiter.acquire();
        try {
            assertThrows(DeadlineExceededException.class, limiter::acquire);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is not swallowed");
        } finally {
            Thread.interrupted();
        }
    }
}
