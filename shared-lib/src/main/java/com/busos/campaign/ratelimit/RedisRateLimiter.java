package com.busos.campaign.ratelimit;

import com.busos.campaign.deadline.Deadline;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A provider's token bucket in Redis ({@link RedisTokenBucket}), shared by every instance of every
 * function that calls the same provider: at most {@code rate} requests per second on average, {@code burst} at once.
 * A caller that would wait longer than {@code maxWait} gets a retryable failure instead, so a send is
 * rescheduled rather than holding its function past its timeout.
 */
public final class RedisRateLimiter implements RateLimiter {
    private final RedisTokenBucket bucket;
    private final String key;
    private final double rate;
    private final int burst;
    private final Duration maxWait;
    private final Retrying.Sleeper sleeper;
    private final String provider;

    public RedisRateLimiter(
            UnifiedJedis redis,
            String keyPrefix,
            String provider,
            double rate,
            int burst,
            Duration maxWait,
            Retrying.Sleeper sleeper) {
        if (rate <= 0 || burst < 1) throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        this.bucket = new RedisTokenBucket(redis);
        this.key = "{" + keyPrefix + "}:rate:" + provider;
        this.rate = rate;
        this.burst = burst;
        this.maxWait = maxWait;
        this.sleeper = sleeper;
        this.provider = provider;
    }

    @Override
    public void acquire() {
        long waited = 0;
        while (true) {
            Deadline.check("taking a " + provider + " request slot");
            long wait;
            try {
                wait = bucket.take(key, rate, burst);
            } catch (JedisException e) {
                throw new ProviderException(
                        provider,
                        0,
                        "rate_limiter_unavailable",
                        "the shared rate limiter (Redis) is unavailable: " + e.getMessage(),
                        true,
                        null,
                        e);
            }
            if (wait <= 0) return;
            if (waited + wait > maxWait.toMillis()) {
                throw new ProviderException(
                        provider,
                        429,
                        "local_rate_limit",
                        "shared " + provider + " rate limit: no request slot within " + maxWait.getSeconds() + " s",
                        true,
                        Duration.ofMillis(wait),
                        null);
            }
            try {
                sleeper.sleep(Duration.ofMillis(wait));
            } catch (InterruptedException interrupted) {
                throw Deadline.interrupted("waiting for a " + provider + " request slot");
            }
            waited += wait;
        }
    }
}
