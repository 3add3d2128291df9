package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.RedisSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** The dead-letter set is trimmed by count and by age when new dead letters arrive (real Redis). */
class DeadLetterTrimTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");

    @RegisterExtension
    final RedisSession session = new RedisSession();

    private final UnifiedJedis redis = session.client;
    private final String prefix = session.prefix;

    private static ScheduledSend send(String tracker) {
        return new ScheduledSend("5day", 2, "5-Day E2", "jane@example.com", tracker, Map.of("first_name", "Jane"));
    }

    /** Schedules, claims and dead-letters one send; answers its id. */
    private String deadLetterOne(Schedule schedule, String tracker) {
        ScheduledSend send = send(tracker);
        schedule.add(send, PAST);
        ClaimedSend claim = schedule.claimDue(1, LEASE, 8).get(0);
        assertTrue(schedule.deadLetter(claim, "Template '5-Day E2' not found in Notion."));
        return send.id();
    }

    @Test
    void theDefaultsAreSidekiqs() {
        assertEquals(10_000, DeadLetterLimits.DEFAULT.maxCount());
        assertEquals(Duration.ofDays(180), DeadLetterLimits.DEFAULT.maxAge());
    }

    @Test
    void beyondTheCountTheOldestAreDiscardedWhenANewOneArrives() {
        Schedule schedule = new Schedule(redis, prefix, new DeadLetterLimits(3, Duration.ofDays(180)));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) ids.add(deadLetterOne(schedule, "tracker-" + i));

        assertEquals(3, schedule.countDead());
        assertEquals(ids.subList(2, 5), schedule.allDeadLetterIds());
        for (String trimmed : ids.subList(0, 2)) {
            Map<String, String> hash = schedule.inspect(trimmed);
            assertEquals("discarded", hash.get("state"));
            assertEquals("trimmed: dead-letter set over 3 entries", hash.get("discard_reason"));
            assertTrue(redis.ttl("{" + prefix + "}:send:" + trimmed) > 0, "kept for the retention, then gone");
            assertFalse(schedule.add(send(trimmed.split(":")[1]), PAST), "never scheduled again");
        }
        assertEquals("dead", schedule.inspect(ids.get(4)).get("state"));
    }

    @Test
    void olderThanTheMaxAgeAreDiscardedWhenANewOneArrives() {
        Schedule schedule = new Schedule(redis, prefix, new DeadLetterLimits(10_000, Duration.ofDays(180)));
        String old = deadLetterOne(schedule, "tracker-old");
        // as if it had died 200 days ago
        redis.zadd(
                "{" + prefix + "}:dead",
                Instant.now().minus(Duration.ofDays(200)).toEpochMilli(),
                old);
        String recent = deadLetterOne(schedule, "tracker-recent");

        assertEquals(List.of(recent), schedule.allDeadLetterIds());
        assertEquals("discarded", schedule.inspect(old).get("state"));
        assertEquals(
                "trimmed: dead letter older than 180 days",
                schedule.inspect(old).get("discard_reason"));
    }

    @Test
    void retryLaterAndExpiredLeasesTrimToo() throws InterruptedException {
        Schedule schedule = new Schedule(redis, prefix, new DeadLetterLimits(1, Duration.ofDays(180)));
        String first = deadLetterOne(schedule, "tracker-1");
        // retry-later's dead branch: attempts used up
        ScheduledSend second = send("tracker-2");
        schedule.add(second, PAST);
        ClaimedSend claim = schedule.claimDue(1, LEASE, 1).get(0);
        assertEquals(Schedule.RetryOutcome.DEAD, schedule.retryLater(claim, Duration.ofMinutes(1), "503", 1));
        assertEquals(List.of(second.id()), schedule.allDeadLetterIds());
        assertEquals("discarded", schedule.inspect(first).get("state"));
        // claim-due's dead branch: a lease that expired after the last attempt
        ScheduledSend third = send("tracker-3");
        schedule.add(third, PAST);
        schedule.claimDue(1, Duration.ofMillis(1), 1);
        for (int i = 0;
                i < 1000
                        && schedule.countDead() == 1
                        && schedule.deadAt(third.id()).isEmpty();
                i++) {
            Thread.sleep(2);
            schedule.claimDue(1, Duration.ofMillis(1), 1);
        }
        assertEquals(List.of(third.id()), schedule.allDeadLetterIds());
        assertEquals("discarded", schedule.inspect(second.id()).get("state"));
    }
}
