package com.busos.campaign.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The schedule of pending sends in Redis. Every key shares the hash tag {@code {<prefix>}} so the
 * scripts also run on Redis Cluster:
 * <ul>
 *   <li>{@code {p}:scheduled} sorted set: send id → due time (epoch ms)</li>
 *   <li>{@code {p}:claimed} sorted set: send id → end of its lease (epoch ms)</li>
 *   <li>{@code {p}:dead} sorted set: send id → when it was dead-lettered (epoch ms)</li>
 *   <li>{@code {p}:send:<id>} hash: payload, attempts, state, token, due, error, resend_id</li>
 * </ul>
 * Each change is one Lua script from this package's resources.
 */
public final class Schedule {
    /** How long a finished send's hash is kept, so the same send is never scheduled again. */
    public static final Duration RETENTION = Duration.ofDays(90);

    private static final LuaScript SCHEDULE_SEND = LuaScript.load("schedule-send");
    private static final LuaScript CLAIM_DUE = LuaScript.load("claim-due");
    private static final LuaScript ACK = LuaScript.load("ack");
    private static final LuaScript RETRY_LATER = LuaScript.load("retry-later");
    private static final LuaScript DEAD_LETTER = LuaScript.load("dead-letter");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript RECORD_DELIVERY = LuaScript.load("record-delivery");

    private final UnifiedJedis redis;
    private final String scheduledKey;
    private final String claimedKey;
    private final String deadKey;
    private final String sendKeyPrefix;

    public Schedule(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        String tag = "{" + prefix + "}";
        this.scheduledKey = tag + ":scheduled";
        this.claimedKey = tag + ":claimed";
        this.deadKey = tag + ":dead";
        this.sendKeyPrefix = tag + ":send:";
    }

    /** Fails with {@link ScheduleUnavailableException} when Redis cannot be used right now. */
    public void checkAvailable() {
        redisCall(() -> redis.ping());
    }

    /** Schedules the send at {@code due}; false when the same send was already known. */
    public boolean add(ScheduledSend send, Instant due) {
        Object result = redisCall(() -> SCHEDULE_SEND.run(redis, List.of(scheduledKey, sendKey(send.id())),
                List.of(send.id(), Long.toString(due.toEpochMilli()), send.toJson())));
        return Long.valueOf(1).equals(result);
    }

    /**
     * Takes up to {@code limit} due sends (expired leases first) under a lease of {@code lease}. An
     * expired lease of a send already claimed {@code maxAttempts} times dead-letters it instead.
     */
    public List<ClaimedSend> claimDue(int limit, Duration lease, int maxAttempts) {
        String token = UUID.randomUUID().toString();
        Object result = redisCall(() -> CLAIM_DUE.run(redis, List.of(scheduledKey, claimedKey, deadKey),
                List.of(Integer.toString(limit), Long.toString(lease.toMillis()), sendKeyPrefix, token,
                        Integer.toString(maxAttempts))));
        List<?> flat = (List<?>) result;
        List<ClaimedSend> claims = new ArrayList<>();
        for (int i = 0; i + 3 < flat.size(); i += 4) {
            ScheduledSend send = ScheduledSend.fromJson((String) flat.get(i + 1));
            claims.add(new ClaimedSend(send, token, Integer.parseInt((String) flat.get(i + 2)),
                    (String) flat.get(i + 3)));
        }
        return claims;
    }

    /** The claim of {@code sendId} held by {@code token}, read back from Redis (send-email's entry). */
    public Optional<ClaimedSend> claimed(String sendId, String token) {
        Map<String, String> hash = redisCall(() -> redis.hgetAll(sendKey(sendId)));
        if (hash.isEmpty() || !token.equals(hash.get("token")) || !"claimed".equals(hash.get("state"))) {
            return Optional.empty();
        }
        return Optional.of(new ClaimedSend(ScheduledSend.fromJson(hash.get("payload")), token,
                Integer.parseInt(hash.getOrDefault("attempts", "1")), hash.get("resend_id")));
    }

    /** The send is done (delivered, or found already delivered): it leaves the schedule. */
    public void ack(ClaimedSend claim, String outcome) {
        redisCall(() -> ACK.run(redis, List.of(scheduledKey, claimedKey, sendKey(claim.id())),
                List.of(claim.id(), Long.toString(RETENTION.getSeconds()), outcome)));
    }

    /** Remembers Resend's id for the send before its tracker is updated. */
    public void recordDelivery(ClaimedSend claim, String resendId) {
        redisCall(() -> RECORD_DELIVERY.run(redis, List.of(sendKey(claim.id())), List.of(claim.token(), resendId)));
    }

    /** Outcome of {@link #retryLater}. */
    public enum RetryOutcome { RETRY, DEAD, STALE }

    public RetryOutcome retryLater(ClaimedSend claim, Duration delay, String error, int maxAttempts) {
        Object result = redisCall(() -> RETRY_LATER.run(redis,
                List.of(scheduledKey, claimedKey, deadKey, sendKey(claim.id())),
                List.of(claim.id(), claim.token(), Long.toString(delay.toMillis()), error,
                        Integer.toString(maxAttempts))));
        return RetryOutcome.valueOf(String.valueOf(result).toUpperCase());
    }

    /** Moves the claimed send to the dead-letter set with its reason; false if no longer held. */
    public boolean deadLetter(ClaimedSend claim, String error) {
        Object result = redisCall(() -> DEAD_LETTER.run(redis, List.of(claimedKey, deadKey, sendKey(claim.id())),
                List.of(claim.id(), claim.token(), error)));
        return Long.valueOf(1).equals(result);
    }

    /** Gives a claimed send back, due at once, without counting the claim as an attempt. */
    public boolean release(ClaimedSend claim) {
        Object result = redisCall(() -> RELEASE.run(redis, List.of(scheduledKey, claimedKey, sendKey(claim.id())),
                List.of(claim.id(), claim.token())));
        return Long.valueOf(1).equals(result);
    }

    /** The stored state of one send: payload, attempts, state, error … (empty map when unknown). */
    public Map<String, String> inspect(String sendId) {
        return redisCall(() -> redis.hgetAll(sendKey(sendId)));
    }

    /** Due time of a pending send. */
    public Optional<Instant> dueAt(String sendId) {
        Double score = redisCall(() -> redis.zscore(scheduledKey, sendId));
        return score == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(score.longValue()));
    }

    public long countScheduled() {
        return redisCall(() -> redis.zcard(scheduledKey));
    }

    public long countClaimed() {
        return redisCall(() -> redis.zcard(claimedKey));
    }

    public long countDead() {
        return redisCall(() -> redis.zcard(deadKey));
    }

    /** Ids of dead-lettered sends, oldest first. */
    public List<String> deadLetterIds(int limit) {
        return new ArrayList<>(redisCall(() -> redis.zrange(deadKey, 0, limit - 1)));
    }

    String sendKey(String sendId) {
        return sendKeyPrefix + sendId;
    }

    private <T> T redisCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw new ScheduleUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }
}
