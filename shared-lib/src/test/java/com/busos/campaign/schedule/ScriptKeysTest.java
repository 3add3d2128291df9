package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.lua.LuaScript;
import com.busos.campaign.ratelimit.RedisRateLimiter;
import com.busos.campaign.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Every key a script touches arrives in its KEYS, as Redis Cluster requires (a key a script builds
 * itself is refused while its slot migrates: "non local key"). Each script runs here with a guard
 * before it: a local {@code redis} whose {@code call} refuses a command on a key not in KEYS (the
 * scripts' commands all take their key first; TIME none). The schedule's every step, the intake, the
 * enrolment cap and the rate limiter are run through it on the real Redis.
 */
class ScriptKeysTest {
    /** Shadows the global {@code redis} for the script that follows (a local: no global is changed). */
    private static final String GUARD = "local redis = (function(real)\n"
            + "  local declared = {}\n"
            + "  for _, k in ipairs(KEYS) do declared[k] = true end\n"
            + "  local function check(command, key)\n"
            + "    if string.upper(command) ~= 'TIME' and not declared[key] then\n"
            + "      error('key not in KEYS: ' .. tostring(key) .. ' (' .. command .. ')')\n"
            + "    end\n"
            + "  end\n"
            + "  return setmetatable({\n"
            + "    call = function(command, ...) check(command, (...)); return real.call(command, ...) end,\n"
            + "    pcall = function(command, ...) check(command, (...)); return real.pcall(command, ...) end\n"
            + "  }, {__index = real})\n"
            + "end)(redis)\n";

    /** A real connection whose scripts all run with the guard: EVALSHA answers NOSCRIPT, so LuaScript sends the source. */
    private static final class Guarded extends UnifiedJedis {
        final AtomicInteger scripts = new AtomicInteger();

        Guarded() {
            super(new Connection(HostAndPort.from(URI.create(TestRedis.url()).getAuthority())));
        }

        @Override
        public Object evalsha(String sha, List<String> keys, List<String> args) {
            throw new JedisNoScriptException("NOSCRIPT (this test runs every script with its guard)");
        }

        @Override
        public Object eval(String script, List<String> keys, List<String> args) {
            scripts.incrementAndGet();
            return super.eval(GUARD + script, keys, args);
        }
    }

    private static ScheduledSend send(String tracker, int number) {
        return new ScheduledSend(
                "5day", number, "5-Day E" + number, tracker + "@example.com", tracker, Map.of("first_name", "Lead"));
    }

    @Test
    void theGuardRefusesAKeyAScriptBuildsItself() {
        String prefix = TestRedis.uniquePrefix();
        try (Guarded redis = new Guarded()) {
            LuaScript builds = LuaScript.load(Schedule.class, "record-delivery");
            assertEquals(0L, builds.run(redis, List.of("{" + prefix + "}:send:x"), List.of("token", "id")));
            JedisDataException refused = assertThrows(
                    JedisDataException.class,
                    () -> redis.eval(
                            "return redis.call('GET', KEYS[1] .. ':other')", List.of("{" + prefix + "}:a"), List.of()));
            assertTrue(refused.getMessage().contains("key not in KEYS"), refused.getMessage());
        }
    }

    @Test
    void everyStepOfTheScheduleTouchesOnlyTheKeysItPasses() throws InterruptedException {
        String prefix = TestRedis.uniquePrefix();
        Instant past = Instant.now().minus(Duration.ofMinutes(1));
        try (Guarded redis = new Guarded()) {
            Schedule schedule = new Schedule(redis, prefix, new DeadLetterLimits(1, Duration.ofDays(180)));

            // The intake and the enrolment cap.
            String sequenceId = "seq-keys";
            List<Intake.Entry> entries = new ArrayList<>();
            entries.add(new Intake.Entry("crm:enrol:" + sequenceId, past, "{}", true, null));
            String previous = "crm:enrol:" + sequenceId;
            for (int n = 2; n <= 3; n++) {
                ScheduledSend email = send(sequenceId, n);
                entries.add(new Intake.Entry(email.id(), past, email.toJson(), false, previous));
                previous = email.id();
            }
            assertTrue(schedule.intake(new Intake("Christmas 2025", "5day", "keys@example.com", sequenceId, entries))
                    .enrolledNow);
            assertTrue(schedule.admitEnrolment(
                    "Christmas 2025", "5day", "keys@example.com", LocalDate.now(ZoneOffset.UTC), 10));

            // Claims in order (each waits for the one before), deliveries, acks.
            List<ClaimedSend> claims = schedule.claimDue(10, 10, Duration.ofMinutes(5), 8);
            assertEquals(List.of("crm:enrol:" + sequenceId), ids(claims));
            schedule.ack(claims.get(0), "done");
            claims = schedule.claimDue(10, 10, Duration.ofMinutes(5), 8);
            assertEquals(List.of(send(sequenceId, 2).id()), ids(claims));
            schedule.recordDelivery(claims.get(0), "resend-2");
            schedule.ack(claims.get(0), "delivered");

            // A release, a release until later, a retry, a lease that expires and dies, a dead letter (trimmed).
            claims = schedule.claimDue(10, Duration.ofMinutes(5), 8);
            assertTrue(schedule.release(claims.get(0)));
            claims = schedule.claimDue(10, Duration.ofMinutes(5), 8);
            assertTrue(schedule.releaseUntil(claims.get(0), past, "paused"));
            claims = schedule.claimDue(10, Duration.ofMinutes(5), 8);
            assertEquals(Schedule.RetryOutcome.RETRY, schedule.retryLater(claims.get(0), Duration.ZERO, "down", 8));
            claims = schedule.claimDue(10, Duration.ZERO, 8);
            assertEquals(1, claims.size());
            assertEquals(List.of(), schedule.claimDue(10, Duration.ofMinutes(5), 2), "its lease expired: dead");
            assertEquals(1, schedule.countDead());
            // Dead letters are ordered by the millisecond they died in (ties by id): the next one dies later.
            Thread.sleep(5);
            ScheduledSend other = send("keys-other", 2);
            schedule.add(other, past);
            ScheduledSend third = send("keys-third", 2);
            schedule.addJob("crm:mark_sent:" + third.id(), past, "{}", third.email());
            schedule.add(third, past, "crm:mark_sent:" + third.id());
            ClaimedSend otherClaim =
                    schedule.claimDue(1, Duration.ofMinutes(5), 8).get(0);
            assertTrue(schedule.deadLetter(otherClaim, "rejected"));
            assertEquals(List.of(other.id()), schedule.allDeadLetterIds(), "the older dead letter trimmed");
            ClaimedSend job = schedule.claimDue(0, 1, Duration.ofMinutes(5), 8).get(0);
            assertEquals(Schedule.RetryOutcome.DEAD, schedule.retryLater(job, Duration.ZERO, "down", 1));

            // The operator's: requeue, discard, cancel, reindex (the job's death trimmed the other).
            assertEquals(List.of(job.id()), schedule.allDeadLetterIds());
            assertEquals(List.of(job.id()), schedule.requeueDead(List.of(job.id(), "unknown")));
            ClaimedSend again =
                    schedule.claimDue(0, 1, Duration.ofMinutes(5), 8).get(0);
            assertTrue(schedule.deadLetter(again, "rejected again"));
            assertEquals(List.of(job.id()), schedule.discardDead(List.of(job.id())));
            assertEquals(List.of(third.id()), schedule.cancelSendsOf(third.email(), null, "unsubscribed"));
            assertTrue(schedule.reindex() >= 0);
            assertEquals(0, schedule.countScheduled() + schedule.countClaimed() + schedule.countDead());
            assertFalse(schedule.state(third.id()).isEmpty());

            // The counters the scripts kept, read by a script too.
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertEquals(1L, schedule.deliveredPerDay(today.minusDays(2), today).get(today));
            assertEquals(Map.of("5day", 1L), schedule.enrolledPerSequence());

            // The shared rate limiter.
            new RedisRateLimiter(redis, prefix, "notion", 100, 1, Duration.ofSeconds(10), duration -> {}).acquire();

            assertTrue(redis.scripts.get() >= 20, "every script ran guarded: " + redis.scripts.get());
        }
    }

    @Test
    void jobsLeftInTheScheduledSetByAnEarlierVersionAreClaimedAndMovedWithTheKeysPassed() {
        String prefix = TestRedis.uniquePrefix();
        String tag = "{" + prefix + "}:";
        Instant past = Instant.now().minus(Duration.ofMinutes(1));
        try (Guarded redis = new Guarded()) {
            Schedule schedule = new Schedule(redis, prefix);
            // as schedule-send wrote CRM jobs before the jobs set: in the emails' set
            for (int i = 0; i < 2; i++) {
                String id = "crm:mark_sent:5day:legacy:" + (i + 2);
                redis.hset(
                        tag + "send:" + id,
                        Map.of("payload", "{}", "attempts", "0", "state", "scheduled", "kind", "crm"));
                redis.zadd(tag + "scheduled", past.toEpochMilli() + i, id);
            }
            ScheduledSend email = send("legacy", 2);
            schedule.add(email, past.plusMillis(5));

            List<ClaimedSend> claims = schedule.claimDue(10, 1, Duration.ofMinutes(5), 8);
            assertEquals(
                    java.util.Set.of("crm:mark_sent:5day:legacy:2", email.id()), java.util.Set.copyOf(ids(claims)));
            assertEquals(List.of("crm:mark_sent:5day:legacy:3"), redis.zrange(tag + "scheduled-jobs", 0, -1));
            assertEquals(List.of(), redis.zrange(tag + "scheduled", 0, -1));
            for (ClaimedSend claim : claims) schedule.ack(claim, claim.isJob() ? "done" : "delivered");
            assertEquals(
                    List.of("crm:mark_sent:5day:legacy:3"), ids(schedule.claimDue(10, 1, Duration.ofMinutes(5), 8)));
        }
    }

    private static List<String> ids(List<ClaimedSend> claims) {
        List<String> ids = new ArrayList<>();
        for (ClaimedSend claim : claims) ids.add(claim.id());
        return ids;
    }
}
