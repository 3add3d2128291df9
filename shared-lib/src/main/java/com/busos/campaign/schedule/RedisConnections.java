package com.busos.campaign.schedule;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Opens the pooled Redis connection: one node from REDIS_URL ({@link #open}), or a Redis Cluster from
 * REDIS_CLUSTER_NODES ({@link #openCluster}), with the redis-password secret and REDIS_USER either way.
 */
public final class RedisConnections {
    /**
     * A pooled connection idle for longer than this is checked (PING) before it is used: after a Redis
     * restart the pool would otherwise hand out dead connections, and the first call of each would
     * fail. One used more recently is taken as it is: checking before every call doubled the round
     * trips of every call (docs/benchmarks.md, benchmark 2).
     */
    public static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);

    private RedisConnections() {}

    /**
     * {@code redis://[user[:password]@]host[:port][/db]} (or {@code rediss://} for TLS). A password
     * given separately (the redis-password secret) wins over one in the URL.
     */
    public static RedisClient open(String redisUrl, String password) {
        return open(redisUrl, null, password);
    }

    /**
     * As {@link #open(String, String)}, logging in as {@code user} (redis-config's ACL user "campaign")
     * unless the URL names one; with neither, the password is the default user's.
     */
    public static RedisClient open(String redisUrl, String user, String password) {
        URI uri = URI.create(redisUrl);
        if (uri.getHost() == null) throw new IllegalStateException("REDIS_URL must look like redis://host:6379");
        String urlUser = null;
        String urlPassword = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                urlUser = parts[0].isEmpty() ? null : parts[0];
                urlPassword = parts[1];
            } else {
                urlPassword = parts[0];
            }
        }
        String login = urlUser != null ? urlUser : user;
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) database = Integer.parseInt(path.substring(1));
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .user(login)
                .password(password != null ? password : urlPassword)
                .database(database)
                .ssl("rediss".equals(uri.getScheme()))
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(5000)
                .clientName("christmas-campaign")
                .build();
        // A pooled connection is checked before use when it has been idle (CHECK_AFTER_IDLE).
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setTestOnBorrow(true);
        pool.setMaxTotal(16);
        HostAndPort address = new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
        return RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(config)
                .connectionProvider(new PooledConnectionProvider(new CheckedWhenIdle(address, config), pool))
                .build();
    }

    /**
     * How often the cluster client tries a command, following MOVED and ASK redirections and
     * reconnecting, before it gives up (Jedis's default is 5).
     */
    public static final int CLUSTER_MAX_ATTEMPTS = 6;

    /** How long the cluster client keeps trying one command at most. */
    public static final Duration CLUSTER_MAX_RETRIES = Duration.ofSeconds(5);

    /**
     * A Redis Cluster client (Jedis's {@link RedisClusterClient}) from REDIS_CLUSTER_NODES: a
     * comma-separated list of {@code host:port} (any of the cluster's nodes; the client learns the rest
     * with CLUSTER SLOTS), each written {@code host:port}, {@code redis://host:port} or, for TLS,
     * {@code rediss://host:port} (all alike). {@code user} and {@code password} as for {@link #open}:
     * every node has the same ACL user. Every key of the campaign shares one hash tag, so it lives in one
     * slot, on one master: the client routes each command there and follows the slot when it moves.
     */
    public static RedisClusterClient openCluster(String nodes, String user, String password) {
        Set<HostAndPort> addresses = new LinkedHashSet<>();
        Boolean tls = null;
        for (String raw : nodes.split(",")) {
            String node = raw.trim();
            if (node.isEmpty()) continue;
            boolean secure = node.startsWith("rediss://");
            if (secure) node = node.substring("rediss://".length());
            else if (node.startsWith("redis://")) node = node.substring("redis://".length());
            if (tls != null && tls != secure)
                throw new IllegalStateException(
                        "REDIS_CLUSTER_NODES mixes rediss:// (TLS) and plain nodes: write them all alike");
            tls = secure;
            int colon = node.lastIndexOf(':');
            if (colon <= 0 || colon == node.length() - 1 || node.contains("/") || node.contains("@"))
                throw new IllegalStateException(
                        "REDIS_CLUSTER_NODES must look like host:port,host:port (user and password are"
                                + " REDIS_USER and redis-password), got an entry: " + raw.trim());
            int port;
            try {
                port = Integer.parseInt(node.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("REDIS_CLUSTER_NODES: not a port in " + raw.trim(), e);
            }
            addresses.add(new HostAndPort(node.substring(0, colon), port));
        }
        if (addresses.isEmpty())
            throw new IllegalStateException("REDIS_CLUSTER_NODES names no node: host:port,host:port");
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .user(user)
                .password(password)
                .ssl(Boolean.TRUE.equals(tls))
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(5000)
                .clientName("christmas-campaign")
                .build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        // A dead pooled connection fails its command, which the cluster client retries on a new one.
        pool.setTestOnBorrow(false);
        return RedisClusterClient.builder()
                .nodes(addresses)
                .clientConfig(config)
                .poolConfig(pool)
                .maxAttempts(CLUSTER_MAX_ATTEMPTS)
                .maxTotalRetriesDuration(CLUSTER_MAX_RETRIES)
                .build();
    }

    /** Validates (PING) only the connections idle for {@link #CHECK_AFTER_IDLE} or more. */
    static final class CheckedWhenIdle extends ConnectionFactory {
        CheckedWhenIdle(HostAndPort address, JedisClientConfig config) {
            super(address, config);
        }

        @Override
        public boolean validateObject(PooledObject<Connection> pooled) {
            if (pooled.getIdleDuration().compareTo(CHECK_AFTER_IDLE) < 0) {
                Connection connection = pooled.getObject();
                return connection.isConnected() && !connection.isBroken();
            }
            return super.validateObject(pooled);
        }
    }

    /** The URL with any password replaced, for log lines. */
    public static String masked(String redisUrl) {
        return redisUrl.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
