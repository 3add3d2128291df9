package com.busos.campaign.webhook;

import com.busos.campaign.schedule.ScheduleUnavailableException;
import java.time.Duration;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Remembers each signed webhook's answer by its {@code webhook-id} for a day, so a sender's retry of a
 * request that already succeeded is answered from the first result. Key: {@code {prefix}:webhook:<id>}
 * = {@code <status> <body>}. There is no "in progress" marker: the work behind the webhooks is one
 * idempotent Redis write (the intake), so a retry that arrives while the first call runs, or after its
 * process was killed, is simply processed again and answered as the first would have been.
 */
public final class WebhookReplays {
    static final Duration KEEP = Duration.ofHours(24);

    private final UnifiedJedis redis;
    private final String keyPrefix;

    public WebhookReplays(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.keyPrefix = "{" + prefix + "}:webhook:";
    }

    /** A stored answer to a webhook-id. */
    @RequiredArgsConstructor(access = AccessLevel.PRIVATE)
    public static final class Stored {
        final int status;
        final String body;
    }

    /** The first answer to {@code webhookId}, when there was one. */
    Optional<Stored> answered(String webhookId) {
        try {
            String stored = redis.get(keyPrefix + webhookId);
            if (stored == null) return Optional.empty();
            int space = stored.indexOf(' ');
            return Optional.of(new Stored(Integer.parseInt(stored.substring(0, space)), stored.substring(space + 1)));
        } catch (JedisException e) {
            throw new ScheduleUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }

    void finish(String webhookId, int status, String body) {
        try {
            redis.set(
                    keyPrefix + webhookId,
                    status + " " + body,
                    SetParams.setParams().px(KEEP.toMillis()));
        } catch (JedisException e) {
            // The work is done; a retry will simply be processed again (every step is idempotent).
        }
    }
}
