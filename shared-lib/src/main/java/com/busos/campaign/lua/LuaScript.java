package com.busos.campaign.lua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import lombok.Getter;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One Lua script from a package's resources, with the shared helpers prepended ({@code now-ms.lua},
 * then any includes the script names), called by its SHA (EVALSHA). Its source is sent only when
 * Redis does not know it (NOSCRIPT: a new server, a restart, SCRIPT FLUSH, a cluster master the slot
 * moved to): EVAL, which caches it there. Every key a script touches is passed in KEYS, so a Redis
 * Cluster routes it to the owner of the keys' slot (one hash tag) and can migrate that slot safely.
 */
public final class LuaScript {
    private static final String NOW_MS = read(LuaScript.class, "now-ms");

    private final String name;

    @Getter
    private final String source;
    /** The SHA1 Redis knows the script by. */
    @Getter
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /**
     * {@code <name>.lua} beside {@code owner} in the resources, after now-ms and after the
     * {@code includes} (names of .lua files beside it too, prepended in the order given).
     */
    public static LuaScript load(Class<?> owner, String name, String... includes) {
        StringBuilder source = new StringBuilder(NOW_MS);
        for (String include : includes) source.append(read(owner, include));
        source.append(read(owner, name));
        return new LuaScript(name, source.toString());
    }

    /**
     * Runs the script by its SHA; on NOSCRIPT (a new server, a restart, SCRIPT FLUSH, or on a Redis
     * Cluster a master the slot has just moved to) with its source (EVAL, which also caches it on the
     * node that runs it). On a cluster, while the slot of the keys is being migrated, a script whose keys
     * are partly moved is refused with TRYAGAIN before it runs: it is tried again, for up to
     * {@link #TRY_AGAIN_FOR}, then the error is thrown.
     */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        long deadline = System.nanoTime() + TRY_AGAIN_FOR.toNanos();
        long pause = 2;
        while (true) {
            try {
                try {
                    return redis.evalsha(sha, keys, args);
                } catch (JedisNoScriptException flushedOrNewServer) {
                    return redis.eval(source, keys, args);
                }
            } catch (JedisDataException refused) {
                if (!isTryAgain(refused) || System.nanoTime() > deadline) throw refused;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
                pause = Math.min(pause * 2, 100);
            }
        }
    }

    /** How long a script refused with TRYAGAIN (a slot migration under way) is tried again. */
    public static final Duration TRY_AGAIN_FOR = Duration.ofSeconds(5);

    /** Redis Cluster's TRYAGAIN: a multi-key request during the migration of its slot; nothing ran. */
    static boolean isTryAgain(JedisDataException e) {
        String message = e.getMessage();
        return message != null && message.startsWith("TRYAGAIN");
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name + ".lua")) {
            if (in == null)
                throw new IllegalStateException("missing Lua script " + name + ".lua beside " + owner.getName());
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
