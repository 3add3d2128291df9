package com.busos.campaign.testing;

import com.busos.campaign.dispatch.SendHandoff;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An in-process send-email for drain runs: takes a token from the shared limiter, POSTs the send to a
 * Resend-shaped {@code /emails} under its idempotency key, and acknowledges it on 200 (else retries it
 * later). Counts acknowledgements, failures and when the first and last acknowledgement happened.
 */
public final class RateLimitedHandoff implements SendHandoff {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http = HttpClients.shared();
    private final String url;
    private final RateLimiter limiter;
    private final Schedule schedule;
    private final int maxAttempts;
    public final AtomicLong acked = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    /** System.nanoTime() of the first and of the last acknowledgement. */
    public final AtomicLong firstAck = new AtomicLong();

    public final AtomicLong lastAck = new AtomicLong();

    /** A drain's backlog: {@code sends} 5-Day E2 emails to lead&lt;i&gt;@example.com, due a minute ago. */
    public static void scheduleBacklog(Schedule schedule, int sends) {
        Instant due = Instant.now().minus(Duration.ofMinutes(1));
        for (int i = 0; i < sends; i++) {
            schedule.add(
                    new ScheduledSend(
                            "5day",
                            2,
                            "5-Day E2",
                            "lead" + i + "@example.com",
                            "tracker-" + i,
                            Map.of("first_name", "Lead " + i)),
                    due);
        }
    }

    public RateLimitedHandoff(String baseUrl, RateLimiter limiter, Schedule schedule, int maxAttempts) {
        this.url = baseUrl + "/emails";
        this.limiter = limiter;
        this.schedule = schedule;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void handOff(ClaimedSend claim) {
        limiter.acquire();
        String body = JsonNodeFactory.instance
                .objectNode()
                .put("from", "Campaign <campaign@example.com>")
                .put("subject", claim.send().template())
                .put("html", "<p>Hi</p>")
                .set("to", JsonNodeFactory.instance.arrayNode().add(claim.send().email()))
                .toString();
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + FakeResend.API_KEY)
                .header("Idempotency-Key", claim.send().idempotencyKey())
                .post(RequestBody.create(body, JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 200) {
                schedule.ack(claim, "delivered");
                long now = System.nanoTime();
                if (acked.getAndIncrement() == 0) firstAck.compareAndSet(0, now);
                lastAck.accumulateAndGet(now, Math::max);
                return;
            }
            failed.incrementAndGet();
            schedule.retryLater(claim, Duration.ofSeconds(1), "provider answered " + response.code(), maxAttempts);
        } catch (IOException e) {
            failed.incrementAndGet();
            throw new UncheckedIOException("provider unreachable: " + e.getMessage(), e);
        }
    }
}
