package com.busos.campaign.webhook;

import com.busos.campaign.schedule.ScheduleUnavailableException;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Remembers each signed webhook's answer by its {@code webhook-id} for a day, so a sender's retry of
 * a request that already succeeded is answered from the first result instead of being processed again.
 * Key: {@code {prefix}:webhook:<id>} = "processing" while the first request runs, then
 * {@code <status> <body>}. The "processing" marker lasts no longer than the call can run (its deadline,
 * {@code X-Deadline-Epoch-Ms} from the entrypoint, plus a second; {@link #PROCESSING} without one), so a
 * call whose process was killed blocks its own retry only until it would have been cut anyway.
 */
public final class WebhookReplays {
    static final Duration KEEP = Duration.ofHours(24);
    static final Duration PROCESSING = Duration.ofMinutes(2);
    private static final String IN_PROGRESS = "processing";

    private final UnifiedJedis redis;
    private final String keyPrefix;

    public WebhookReplays(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.keyPrefix = "{" + prefix + "}:webhook:";
    }

    /** The outcome of {@link #begin}: a stored answer, a request still in progress, or the go-ahead. */
    public static final class Start {
        final boolean inProgress;
        final Integer status;
        final String body;
        /** While in progress: how long the marker still holds, in whole seconds (at least 1). */
        final long retryAfterSeconds;

        private Start(boolean inProgress, Integer status, String body, long retryAfterSeconds) {
            this.inProgress = inProgress;
            this.status = status;
            this.body = body;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** @param processing how long the call may still run (its deadline, plus a second) */
    Start begin(String webhookId, Duration processing) {
        String key = keyPrefix + webhookId;
        try {
            String claimed =
                    redis.set(key, IN_PROGRESS, SetParams.setParams().nx().px(Math.max(1000, processing.toMillis())));
            if ("OK".equals(claimed)) return new Start(false, null, null, 0);
            String stored = redis.get(key);
            if (stored == null) return begin(webhookId, processing);
            if (stored.equals(IN_PROGRESS)) {
                long left = redis.pttl(key);
                return new Start(true, null, null, Math.max(1, (left + 999) / 1000));
            }
            int space = stored.indexOf(' ');
            return new Start(false, Integer.parseInt(stored.substring(0, space)), stored.substring(space + 1), 0);
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

    void forget(String webhookId) {
        try {
            redis.del(keyPrefix + webhookId);
        } catch (JedisException e) {
            // The processing marker expires by itself.
        }
    }
}
