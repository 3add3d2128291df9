package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.deadline.DeadlineExceededException;
import com.busos.campaign.testing.RedisSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.UnifiedJedis;

/** The deadline guard: once the handler's thread is interrupted, the schedule writes nothing to Redis. */
class ScheduleDeadlineTest {
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");

    @RegisterExtension
    final RedisSession session = new RedisSession();

    private final UnifiedJedis redis = session.client;
    private final String prefix = session.prefix;
    private final Schedule schedule = new Schedule(redis, prefix);

    @AfterEach
    void clearTheInterrupt() {
        Thread.interrupted();
    }

    private static ScheduledSend send(String tracker) {
        return new ScheduledSend("5day", 2, "5-Day E2", "jane@example.com", tracker, Map.of("first_name", "Jane"));
    }

    private Set<String> keys() {
        return redis.keys("{" + prefix + "}:*");
    }

    private static void refusedWhileInterrupted(Executable write) {
        Thread.currentThread().interrupt();
        try {
            assertThrows(DeadlineExceededException.class, write);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is not swallowed");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptedThreadSchedulesNothing() {
        refusedWhileInterrupted(() -> schedule.add(send("tracker-1"), PAST));
        assertEquals(Set.of(), keys(), "no Redis write");
    }

    @Test
    void anInterruptedThreadChangesNoClaim() {
        schedule.add(send("tracker-1"), PAST);
        ClaimedSend claim = schedule.claimDue(1, Duration.ofMinutes(5), 8).get(0);
        Map<String, String> before = schedule.inspect(claim.id());

        refusedWhileInterrupted(() -> schedule.claimDue(1, Duration.ofMinutes(5), 8));
        refusedWhileInterrupted(() -> schedule.recordDelivery(claim, "4ef9a417-02e9-4d39-ad75-9611e0fcc33c"));
        refusedWhileInterrupted(() -> schedule.ack(claim, "delivered"));
        refusedWhileInterrupted(() -> schedule.retryLater(claim, Duration.ofMinutes(1), "503", 8));
        refusedWhileInterrupted(() -> schedule.deadLetter(claim, "late"));
        refusedWhileInterrupted(() -> schedule.release(claim));
        refusedWhileInterrupted(() -> schedule.cancel(List.of(claim.id()), "unsubscribed"));

        assertEquals(before, schedule.inspect(claim.id()), "the send is as it was");
        assertEquals(1, schedule.countClaimed());
    }
}
