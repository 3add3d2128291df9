package com.busos.campaign.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * One test's connection to the test Redis ({@link TestRedis}) and a key prefix of its own:
 * {@code @RegisterExtension final RedisSession redis = new RedisSession();} (closed after each test).
 */
public final class RedisSession implements AfterEachCallback {
    public final UnifiedJedis client = TestRedis.client();
    public final String prefix = TestRedis.uniquePrefix();

    /** A key under this session's hash tag: {@code {<prefix>}:<name>}. */
    public String key(String name) {
        return "{" + prefix + "}:" + name;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
    }
}
