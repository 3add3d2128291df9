package com.busos.campaign.redis;

import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.suppression.SuppressionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

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

    @Override
    public boolean remove(String address) {
        return call(() -> redis.hdel(key, address)) == 1L;
    }

    /** HSCAN: a small hash (listpack) comes whole in one step, however small {@code count}; bounded here. */
    @Override
    public Page page(String cursor, int count) {
        ScanResult<Map.Entry<String, String>> step = call(() -> redis.hscan(
                key,
                cursor == null || cursor.isEmpty() ? ScanParams.SCAN_POINTER_START : cursor,
                new ScanParams().count(Math.max(1, Math.min(count, MAX_PAGE)))));
        List<Map.Entry<String, String>> entries = new ArrayList<>(step.getResult());
        if (entries.size() > MAX_PAGE) entries = entries.subList(0, MAX_PAGE);
        return new Page(entries, step.getCursor());
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw new ScheduleUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }
}
