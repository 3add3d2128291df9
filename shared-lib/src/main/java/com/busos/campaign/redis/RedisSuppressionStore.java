package com.busos.campaign.redis;

import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.suppression.SuppressionStore;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** The suppression list in Redis: the hash {@code {<prefix>}:suppressed}, address → JSON entry. */
public final class RedisSuppressionStore implements SuppressionStore {
    private final UnifiedJedis redis;
    private final String key;

    public RedisSuppressionStore(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.key = "{" + prefix + "}:suppressed";
    }

    @Override
    public boolean putIfAbsent(String address, String value) {
        return call(() -> redis.hsetnx(key, address, value)) == 1L;
    }

    @Override
    public boolean contains(String address) {
        return call(() -> redis.hexists(key, address));
    }

    @Override
    public Optional<String> get(String address) {
        return Optional.ofNullable(call(() -> redis.hget(key, address)));
    }

    @Override
    public long count() {
        return call(() -> redis.hlen(key));
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw new ScheduleUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }
}
