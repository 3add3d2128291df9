package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RDelayedQueue;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Benchmark 2: the campaign's Schedule against Redisson's delayed queue on the same Redis server, with
 * pipelined ZADD/ZREM of the same members as the machine's ceiling. Every side is driven by one
 * thread of this JVM, synchronously, one call after the other, as a dispatcher and send-email do.
 */
final class ScheduleBench {
    /** Sends per claim: Redisson's transfer task also moves due elements 100 at a time. */
    static final int CLAIM_BATCH = 100;

    private static final int PIPELINE = 1_000;

    private ScheduleBench() {}

    record Phases(double scheduleSeconds, double takeSeconds, double ackSeconds, long taken) {
        double total() {
            return scheduleSeconds + takeSeconds + ackSeconds;
        }
    }

    static Section run(Size size) {
        int n = size.scheduleSends();
        Section section = new Section("2. Schedule vs Redisson's delayed queue");
        String url = TestRedis.url();
        List<ScheduledSend> sends = new ArrayList<>(n);
        for (int i = 0; i < n; i++) sends.add(send(i));
        String version;
        Phases ours;
        Phases redisson;
        double zaddSeconds;
        double zremSeconds;
        try (UnifiedJedis admin = RedisClient.create(java.net.URI.create(url))) {
            version = redisVersion(admin);
            // Raw ceiling first, then the two sides, each on a server emptied of the previous side's keys.
            double[] raw = rawCeiling(admin, sends);
            zaddSeconds = raw[0];
            zremSeconds = raw[1];
            System.out.printf("[bench 2] raw: ZADD %.0f/s ZREM %.0f/s%n", n / zaddSeconds, n / zremSeconds);
            Phases bestOurs = null;
            Phases bestRedisson = null;
            for (int round = 0; round < rounds(size); round++) {
                // Alternating which side goes first; each side's best round is kept.
                for (int side = 0; side < 2; side++) {
                    if ((side + round) % 2 == 0) {
                        Phases p = ours(url, sends);
                        System.out.printf("[bench 2] ours: %.0f sends/s%n", n / p.total());
                        if (bestOurs == null || p.total() < bestOurs.total()) bestOurs = p;
                    } else {
                        Phases p = redisson(url, sends, admin);
                        System.out.printf("[bench 2] redisson: %.0f sends/s%n", n / p.total());
                        if (bestRedisson == null || p.total() < bestRedisson.total()) bestRedisson = p;
                    }
                }
            }
            ours = bestOurs;
            redisson = bestRedisson;
        }
        double oursRate = n / ours.total();
        double redissonRate = n / redisson.total();
        double rawRate = n / (zaddSeconds + zremSeconds);
        section.figure("ours.rate", oursRate)
                .figure("redisson.rate", redissonRate)
                .figure("raw.rate", rawRate)
                .figure("ours.taken", ours.taken())
                .figure("redisson.taken", redisson.taken());

        section.text(String.format(
                Locale.ROOT,
                """
                %,d sends (each the JSON payload the campaign stores, %d bytes) are scheduled as already due, then taken
                and acknowledged, on %s shared by both sides, over loopback. One thread of the benchmark JVM drives each side synchronously, one call
                after the other; the sides run one after the other, each on a server cleared of the other's keys,
                %s.

                * **Schedule (ours)**: `Schedule.add(send, due)` per send (one Lua script: hash, index, sorted set);
                  `claimDue(%d, %d min lease, %d attempts)` until nothing is due; `ack(claim, "delivered")` per send.
                  The Jedis client is the one the functions open (`RedisConnections.open`): its pool checks a
                  connection (PING) only when it has been idle for a second or more. It used to check before every
                  call, which doubled the round trips per send; this benchmark showed it behind Redisson because of
                  that (0.68× in one run), and `RedisConnections.CHECK_AFTER_IDLE` is the fix.
                * **Redisson %s**: `RDelayedQueue.offer(payload, 0, MILLISECONDS)` per send (one Lua script), Redisson's
                  own transfer task moving due elements (≤ 100 per script) to the `RBlockingQueue` on its Netty
                  threads, and `RBlockingQueue.poll(2, SECONDS)` per send on the consumer side (`StringCodec`, so
                  both sides store the same string). There is no acknowledgement to make.
                * **Raw Redis ceiling**: pipelined `ZADD` of the same %,d member ids (pipelines of %,d), then pipelined
                  `ZREM` of them: what one connection of this machine can move through a sorted set at all.
                """,
                n,
                sends.get(0).toJson().length(),
                System.getenv("REDIS_URL") == null
                        ? "the embedded redis-server " + version + " (`com.github.codemonstur:embedded-redis`)"
                        : "the Redis " + version + " at `REDIS_URL`",
                rounds(size) == 1
                        ? "once each"
                        : rounds(size) + " rounds alternating which side goes first, each"
                                + " side's best round shown (the machine is shared)",
                CLAIM_BATCH,
                Dispatcher.LEASE.toMinutes(),
                Campaign.DEFAULT_MAX_ATTEMPTS,
                Redisson.class.getPackage().getImplementationVersion() == null
                        ? "4.7.0"
                        : Redisson.class.getPackage().getImplementationVersion(),
                n,
                PIPELINE));

        Table table = new Table(
                "side",
                "schedule (sends/s)",
                "take (sends/s)",
                "acknowledge (sends/s)",
                "end to end (sends/s)",
                "÷ raw ceiling",
                "ours ÷ this",
                "taken");
        table.row(
                "Schedule (ours)",
                Table.num(n / ours.scheduleSeconds()),
                Table.num(n / ours.takeSeconds()),
                Table.num(n / ours.ackSeconds()),
                Table.num(oursRate),
                Table.percent(oursRate / rawRate),
                "1.00×",
                String.format(Locale.ROOT, "%,d", ours.taken()));
        table.row(
                "Redisson RDelayedQueue",
                Table.num(n / redisson.scheduleSeconds()),
                Table.num(n / redisson.takeSeconds()),
                "none",
                Table.num(redissonRate),
                Table.percent(redissonRate / rawRate),
                Table.ratio(oursRate / redissonRate),
                String.format(Locale.ROOT, "%,d", redisson.taken()));
        table.row(
                "raw pipelined ZADD + ZREM",
                Table.num(n / zaddSeconds),
                Table.num(n / zremSeconds),
                "n/a",
                Table.num(rawRate),
                "100.0 %",
                Table.ratio(oursRate / rawRate),
                "n/a");
        section.table(table);
        section.text(String.format(
                Locale.ROOT,
                "Schedule ÷ Redisson, end to end: **%s**; Schedule ÷ raw ceiling: **%s**. Redisson's take column is"
                        + " the consumer's wall time; its transfer task had already moved part of the queue while"
                        + " the offers ran, on threads of its own, so its phases overlap and only the end-to-end"
                        + " column compares like with like. The distance to the raw ceiling is one network round"
                        + " trip per call, where the pipeline sends a thousand commands per round trip, and the work each"
                        + " guarantee below costs per send (a hash, an index entry, a state kept): the functions make one"
                        + " call at a time (a signup schedules its 4 emails, send-email acknowledges its one send), so"
                        + " there is nothing for them to pipeline.",
                Table.ratio(oursRate / redissonRate),
                Table.ratio(oursRate / rawRate)));
        section.text(GUARANTEES);
        section.headline(String.format(
                Locale.ROOT,
                "Schedule: %s sends/s scheduled, claimed and acknowledged vs %s for"
                        + " Redisson's RDelayedQueue (%s), %s of the raw Redis ceiling",
                Table.num(oursRate),
                Table.num(redissonRate),
                Table.ratio(oursRate / redissonRate),
                Table.percent(oursRate / rawRate)));
        return section;
    }

    static final String GUARANTEES = """
            What each side guarantees (why the work per send differs):

            | | Schedule (ours) | Redisson RDelayedQueue → RBlockingQueue |
            |---|---|---|
            | the same send scheduled twice (a retried webhook) | one send: the id is deterministic, the second `add` is a no-op | two elements |
            | two consumers at once | never the same send (one Lua script claims) | never the same element (transfer script, then `LPOP`) |
            | the consumer dies after taking | the lease ends (5 min), the send is claimed again under its idempotency key; after 8 claims it is dead-lettered | the element is lost (no ack, no visibility timeout) |
            | a provider refuses | `retryLater`: exponential backoff, attempts counted, dead letter with the reason | up to the application |
            | after delivery | the send's hash (state, Resend id, attempts) kept 90 days, indexed by address (cancel, unsubscribe) | nothing |
            | what "due" means | Redis's clock (`TIME` inside the script) | the client's clock (`System.currentTimeMillis()` in `offer` and the transfer) |
            | status | in use | deprecated since Redisson 3.46 in favour of `RReliableQueue`, which in the open-source 4.7.0 jar throws `UnsupportedOperationException` ("implemented in the Redisson PRO version") |

            The schedule's end-to-end figure is far above what the providers allow (Resend 2–5 requests/s,
            Notion 3/s; benchmark 4): the schedule is never what limits the campaign.
            """;

    private static int rounds(Size size) {
        return size.full() ? 2 : 1;
    }

    private static ScheduledSend send(int i) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("first_name", "Lead" + i);
        fields.put("business_name", "Salon " + i);
        fields.put("segment", i % 3 == 0 ? "CRISIS" : "OPTIMIZE");
        fields.put("assessment_score", Integer.toString(i % 100));
        fields.put("red_systems", "2");
        fields.put("orange_systems", "1");
        fields.put("yellow_systems", "3");
        fields.put("green_systems", "2");
        fields.put("gps_score", "40");
        fields.put("money_score", "30");
        fields.put("weakest_system_1", "GPS");
        fields.put("weakest_system_2", "Money");
        fields.put("revenue_leak_total", "14500");
        return new ScheduledSend(
                "5day",
                2,
                "5-Day E2",
                "lead" + i + "@example.com",
                String.format(Locale.ROOT, "%08x-bench-4000-8000-%012d", i, i),
                fields);
    }

    private static Phases ours(String url, List<ScheduledSend> sends) {
        String prefix = TestRedis.uniquePrefix();
        try (UnifiedJedis redis = RedisConnections.open(url, null)) {
            Schedule schedule = new Schedule(redis, prefix);
            Instant due = Instant.now().minus(Duration.ofMinutes(1));
            // One warm-up send of its own (script load, connection), not counted.
            schedule.add(send(-1), due);
            for (ClaimedSend claim : schedule.claimDue(1, Dispatcher.LEASE, Campaign.DEFAULT_MAX_ATTEMPTS)) {
                schedule.ack(claim, "delivered");
            }
            long t0 = System.nanoTime();
            for (ScheduledSend send : sends) schedule.add(send, due);
            long t1 = System.nanoTime();
            long claimNanos = 0;
            long ackNanos = 0;
            long taken = 0;
            while (true) {
                long c0 = System.nanoTime();
                List<ClaimedSend> claims =
                        schedule.claimDue(CLAIM_BATCH, Dispatcher.LEASE, Campaign.DEFAULT_MAX_ATTEMPTS);
                long c1 = System.nanoTime();
                claimNanos += c1 - c0;
                if (claims.isEmpty()) break;
                for (ClaimedSend claim : claims) schedule.ack(claim, "delivered");
                ackNanos += System.nanoTime() - c1;
                taken += claims.size();
            }
            if (taken != sends.size()) throw new IllegalStateException("took " + taken + " of " + sends.size());
            return new Phases((t1 - t0) / 1e9, claimNanos / 1e9, ackNanos / 1e9, taken);
        } finally {
            try (UnifiedJedis redis = RedisConnections.open(url, null)) {
                delete(redis, "{" + prefix + "}:*");
            }
        }
    }

    private static Phases redisson(String url, List<ScheduledSend> sends, UnifiedJedis admin) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useSingleServer().setAddress(url);
        RedissonClient client = Redisson.create(config);
        String name = "bench-redisson-" + java.util.UUID.randomUUID();
        try {
            RBlockingQueue<String> queue = client.getBlockingQueue(name);
            @SuppressWarnings("deprecation")
            RDelayedQueue<String> delayed = client.getDelayedQueue(queue);
            // Warm-up element, not counted.
            delayed.offer("warm-up", 0, TimeUnit.MILLISECONDS);
            poll(queue);
            List<String> payloads = new ArrayList<>(sends.size());
            for (ScheduledSend send : sends) payloads.add(send.toJson());
            long t0 = System.nanoTime();
            for (String payload : payloads) delayed.offer(payload, 0, TimeUnit.MILLISECONDS);
            long t1 = System.nanoTime();
            long taken = 0;
            while (taken < payloads.size()) {
                if (poll(queue) == null) break;
                taken++;
            }
            long t2 = System.nanoTime();
            if (taken != payloads.size())
                throw new IllegalStateException("Redisson gave " + taken + " of " + payloads.size());
            delayed.destroy();
            return new Phases((t1 - t0) / 1e9, (t2 - t1) / 1e9, 0, taken);
        } finally {
            client.shutdown();
            delete(admin, "*" + name + "*");
        }
    }

    private static String poll(RBlockingQueue<String> queue) {
        try {
            return queue.poll(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Seconds for pipelined ZADD of every member, then for pipelined ZREM of them. */
    private static double[] rawCeiling(UnifiedJedis redis, List<ScheduledSend> sends) {
        String key = "{" + TestRedis.uniquePrefix() + "}:raw";
        List<String> ids = new ArrayList<>(sends.size());
        for (ScheduledSend send : sends) ids.add(send.id());
        double score = Instant.now().toEpochMilli();
        rawPass(redis, key, ids.subList(0, Math.min(ids.size(), PIPELINE)), score, true); // warm-up
        rawPass(redis, key, ids.subList(0, Math.min(ids.size(), PIPELINE)), score, false);
        long t0 = System.nanoTime();
        rawPass(redis, key, ids, score, true);
        long t1 = System.nanoTime();
        rawPass(redis, key, ids, score, false);
        long t2 = System.nanoTime();
        if (redis.exists(key)) throw new IllegalStateException("ZREM left members");
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    private static void rawPass(UnifiedJedis redis, String key, List<String> ids, double score, boolean add) {
        for (int from = 0; from < ids.size(); from += PIPELINE) {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String id : ids.subList(from, Math.min(ids.size(), from + PIPELINE))) {
                    if (add) pipeline.zadd(key, score, id);
                    else pipeline.zrem(key, id);
                }
                pipeline.sync();
            }
        }
    }

    private static String redisVersion(UnifiedJedis redis) {
        for (String line : redis.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:"))
                return line.substring("redis_version:".length()).trim();
        }
        return "(unknown version)";
    }

    /** Removes the keys of one side (SCAN + UNLINK), so the next side starts on the same server state. */
    static void delete(UnifiedJedis redis, String pattern) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1_000);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            if (!page.getResult().isEmpty()) redis.unlink(page.getResult().toArray(new String[0]));
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
}
