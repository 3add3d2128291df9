package com.busos.campaign.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis Cluster of three masters for the tests, started from the same {@code redis-server}
 * binary as the embedded server ({@link TestRedis}): three processes with {@code --cluster-enabled yes}
 * on free loopback ports, joined with CLUSTER MEET, the 16384 slots split between them with CLUSTER
 * ADDSLOTS (Redis 6.2 has no ADDSLOTSRANGE), ready once every node says {@code cluster_state:ok}.
 * Every node has redis-config's {@code campaign} user (functions-user.acl, as start-redis.sh applies it)
 * with {@link #PASSWORD}, and the default user with {@link #ADMIN_PASSWORD} for the tests' own
 * commands (the migration). {@link #migrateSlot} moves a slot to another master as redis-cli
 * {@code --cluster reshard} does. Stopped (and its folder removed) by {@link #close}.
 */
public final class TestRedisCluster implements AutoCloseable {
    public static final String USER = "campaign";
    public static final String PASSWORD = "cluster-test-password";
    public static final String ADMIN_PASSWORD = "cluster-admin-password";
    private static final int MASTERS = 3;
    private static final int SLOTS = 16384;

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<HostAndPort> nodes = new ArrayList<>();
    private Thread shutdownHook;

    private TestRedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts the three masters, {@code rules} being the campaign user's ACL rules (functions-user.acl). */
    public static TestRedisCluster start(String rules) {
        TestRedisCluster cluster;
        try {
            cluster = new TestRedisCluster(Files.createTempDirectory("redis-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A test JVM that ends without close() leaves no redis-server behind.
        Thread stop = new Thread(cluster::destroyProcesses);
        Runtime.getRuntime().addShutdownHook(stop);
        cluster.shutdownHook = stop;
        try {
            cluster.startNodes(rules);
            cluster.join();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The campaign user's rules as start-redis.sh builds them from {@code redis-config/functions-user.acl}. */
    public static String functionsUserRules(Path aclFile) {
        try (Stream<String> lines = Files.lines(aclFile)) {
            return lines.map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port,host:port,host:port}: the value of REDIS_CLUSTER_NODES. */
    public String nodesSetting() {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }

    public List<HostAndPort> nodes() {
        return new ArrayList<>(nodes);
    }

    /** A connection to one node as the default (admin) user; close it after use. */
    public Jedis admin(HostAndPort node) {
        return new Jedis(
                node,
                DefaultJedisClientConfig.builder()
                        .password(ADMIN_PASSWORD)
                        .socketTimeoutMillis(10_000)
                        .build());
    }

    public static int slotOf(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** The master that serves {@code slot} now, as the nodes themselves say (CLUSTER NODES of the first). */
    public HostAndPort ownerOf(int slot) {
        for (HostAndPort node : nodes) {
            try (Jedis jedis = admin(node)) {
                String id = jedis.clusterMyId();
                for (String line : jedis.clusterNodes().split("\n")) {
                    if (!line.startsWith(id)) continue;
                    for (String range : slotRanges(line)) {
                        if (range.startsWith("[")) continue; // a migrating/importing mark, not ownership
                        String[] bounds = range.split("-");
                        int from = Integer.parseInt(bounds[0]);
                        int to = bounds.length > 1 ? Integer.parseInt(bounds[1]) : from;
                        if (slot >= from && slot <= to) return node;
                    }
                }
            }
        }
        throw new IllegalStateException("no node owns slot " + slot);
    }

    private static List<String> slotRanges(String clusterNodesLine) {
        String[] fields = clusterNodesLine.trim().split(" ");
        List<String> ranges = new ArrayList<>();
        for (int i = 8; i < fields.length; i++) ranges.add(fields[i]);
        return ranges;
    }

    /**
     * Moves {@code slot} from its owner to {@code target}, as a resharding does: the target IMPORTING,
     * the owner MIGRATING, the slot's keys moved with MIGRATE {@code batch} at a time (with
     * {@code pauseMillis} between batches, while clients keep working and are redirected by ASK or
     * answered TRYAGAIN), then SETSLOT NODE on the target, the owner and the third master.
     * Answers the number of keys moved.
     */
    public int migrateSlot(int slot, HostAndPort target, int batch, long pauseMillis) {
        return migrateSlot(slot, target, batch, pauseMillis, () -> {});
    }

    /** As {@link #migrateSlot(int, HostAndPort, int, long)}, running {@code afterFirstBatch} once the first batch has moved. */
    public int migrateSlot(int slot, HostAndPort target, int batch, long pauseMillis, Runnable afterFirstBatch) {
        HostAndPort source = ownerOf(slot);
        if (source.equals(target)) throw new IllegalArgumentException("slot " + slot + " is on " + target + " already");
        int moved = 0;
        try (Jedis from = admin(source);
                Jedis to = admin(target)) {
            String sourceId = from.clusterMyId();
            String targetId = to.clusterMyId();
            to.clusterSetSlotImporting(slot, sourceId);
            from.clusterSetSlotMigrating(slot, targetId);
            while (true) {
                List<String> keys = from.clusterGetKeysInSlot(slot, batch);
                if (keys.isEmpty()) break;
                List<String> args = new ArrayList<>(List.of(
                        target.getHost(),
                        Integer.toString(target.getPort()),
                        "",
                        "0",
                        "10000",
                        "AUTH",
                        ADMIN_PASSWORD,
                        "KEYS"));
                args.addAll(keys);
                from.sendCommand(redis.clients.jedis.Protocol.Command.MIGRATE, args.toArray(new String[0]));
                if (moved == 0) afterFirstBatch.run();
                moved += keys.size();
                sleep(pauseMillis);
            }
            to.clusterSetSlotNode(slot, targetId);
            from.clusterSetSlotNode(slot, targetId);
            for (HostAndPort other : nodes) {
                if (other.equals(source) || other.equals(target)) continue;
                try (Jedis third = admin(other)) {
                    third.clusterSetSlotNode(slot, targetId);
                }
            }
        }
        return moved;
    }

    private void startNodes(String rules) {
        File binary;
        try {
            binary = ExecutableProvider.newJarResourceProvider().get();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find the embedded redis-server binary", e);
        }
        for (int i = 0; i < MASTERS; i++) {
            int port = TestRedis.freePort();
            Path nodeDir = dir.resolve("node-" + port);
            try {
                Files.createDirectories(nodeDir);
                // The users go in a config file: a rule list is not one command-line argument.
                Path conf = nodeDir.resolve("redis.conf");
                Files.writeString(
                        conf,
                        "port " + port + "\n"
                                + "bind 127.0.0.1\n"
                                + "cluster-enabled yes\n"
                                + "cluster-config-file " + nodeDir.resolve("nodes.conf") + "\n"
                                + "cluster-node-timeout 5000\n"
                                + "dir " + nodeDir + "\n"
                                + "save \"\"\n"
                                + "appendonly no\n"
                                + "user default on >" + ADMIN_PASSWORD + " ~* &* +@all\n"
                                + "user " + USER + " on >" + PASSWORD + " " + rules + "\n");
                ProcessBuilder builder = new ProcessBuilder(binary.getAbsolutePath(), conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(nodeDir.resolve("redis.log").toFile());
                processes.add(builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start redis-server on port " + port, e);
            }
            nodes.add(new HostAndPort("127.0.0.1", port));
        }
        for (HostAndPort node : nodes) awaitPing(node);
    }

    private void join() {
        HostAndPort first = nodes.get(0);
        try (Jedis jedis = admin(first)) {
            for (HostAndPort other : nodes.subList(1, nodes.size()))
                jedis.clusterMeet(other.getHost(), other.getPort());
        }
        for (int i = 0; i < MASTERS; i++) {
            int from = SLOTS * i / MASTERS;
            int to = SLOTS * (i + 1) / MASTERS;
            int[] slots = new int[to - from];
            for (int s = from; s < to; s++) slots[s - from] = s;
            try (Jedis jedis = admin(nodes.get(i))) {
                jedis.clusterAddSlots(slots);
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            boolean ready = true;
            for (HostAndPort node : nodes) {
                try (Jedis jedis = admin(node)) {
                    String info = jedis.clusterInfo();
                    ready &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS);
                    // every node must also see every slot assigned, and to the master that took it: a node
                    // whose view lags redirects a client back and forth (MOVED) until it gives up
                    ready &= agreesOnOwners(jedis.clusterSlots());
                }
            }
            if (ready) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the test cluster never became ready");
            sleep(50);
        }
    }

    /** CLUSTER SLOTS names, for each master's range of ADDSLOTS above, that master. */
    private boolean agreesOnOwners(List<Object> slots) {
        if (slots.size() != MASTERS) return false;
        for (Object entry : slots) {
            List<?> range = (List<?>) entry;
            int from = ((Long) range.get(0)).intValue();
            int port = ((Long) ((List<?>) range.get(2)).get(1)).intValue();
            int master = -1;
            for (int i = 0; i < MASTERS; i++) {
                if (from == SLOTS * i / MASTERS) master = i;
            }
            if (master < 0 || nodes.get(master).getPort() != port) return false;
        }
        return true;
    }

    private void awaitPing(HostAndPort node) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Jedis jedis = admin(node)) {
                if ("PONG".equals(jedis.ping())) return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("redis-server on " + node + " did not start", notYet);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void destroyProcesses() {
        for (Process process : processes) process.destroyForcibly();
    }

    @Override
    public void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        for (Process process : processes) process.destroy();
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }

    /** The repository's redis-config/functions-user.acl, from a module folder (shared-lib, e2e-tests). */
    public static Path functionsUserAcl() {
        return Paths.get("..", "redis-config", "functions-user.acl");
    }
}
