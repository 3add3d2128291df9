package com.busos.campaign.ratelimit;

import com.busos.campaign.lua.LuaScript;
import java.util.List;
import lombok.RequiredArgsConstructor;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token buckets in Redis ({@code take-token.lua}), shared by every instance of every function: a bucket
 * refills at {@code rate} tokens per second up to {@code burst}, on Redis's clock. A bucket that is
 * left alone expires once it would be full again.
 */
@RequiredArgsConstructor
public final class RedisTokenBucket {
    private static final LuaScript TAKE_TOKEN = LuaScript.load(RedisTokenBucket.class, "take-token");

    private final UnifiedJedis redis;

    /**
     * Takes one token from the bucket at {@code key}: 0 when it was taken, otherwise the milliseconds
     * until one will be there (nothing is taken then). Redis's failures are thrown as they are.
     */
    public long take(String key, double rate, int burst) {
        if (rate <= 0 || burst < 1) throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        Object wait = TAKE_TOKEN.run(redis, List.of(key), List.of(Double.toString(rate), Integer.toString(burst)));
        return ((Number) wait).longValue();
    }
}
