package com.busos.campaign.webhook;

import com.busos.campaign.intake.IntakeLimitException;
import com.busos.campaign.ratelimit.RedisTokenBucket;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import java.time.Duration;
import java.util.Map;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The intake webhooks' per-client limit: each client ({@link ClientAddress}) may make
 * {@code perMinute} calls a minute, all at once or spread out (a token bucket of that size refilling
 * at that rate, in Redis, so every instance of every intake webhook counts together). A call past it
 * is refused before anything else is done with it ({@link IntakeLimitException}: 429, Retry-After).
 */
public final class ClientRateLimit {
    private static final ClientRateLimit OFF = new ClientRateLimit(null, null, 0);

    private final RedisTokenBucket buckets;
    private final String keyPrefix;
    private final int perMinute;

    /** {@code perMinute} 0: no limit. */
    public ClientRateLimit(RedisTokenBucket buckets, String redisKeyPrefix, int perMinute) {
        if (perMinute < 0) throw new IllegalArgumentException("perMinute must be >= 0");
        this.buckets = buckets;
        this.keyPrefix = "{" + redisKeyPrefix + "}:intake:client:";
        this.perMinute = perMinute;
    }

    public static ClientRateLimit off() {
        return OFF;
    }

    /** Counts the call against its client's limit; refuses it when the client has used its minute up. */
    public void check(Map<String, String> headers) {
        if (perMinute == 0) return;
        String client = ClientAddress.of(headers);
        long wait;
        try {
            wait = buckets.take(keyPrefix + client, perMinute / 60.0, perMinute);
        } catch (JedisException unavailable) {
            throw new ScheduleUnavailableException("the intake limit (Redis) is unavailable", unavailable);
        }
        if (wait > 0) {
            throw new IntakeLimitException(
                    "too many calls from this client: at most " + perMinute + " a minute", Duration.ofMillis(wait));
        }
    }
}
