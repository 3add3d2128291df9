package com.busos.campaign.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * CRM jobs wait in a sorted set of their own ({@code {p}:scheduled-jobs}), emails in {@code {p}:scheduled}:
 * the claim reads each in a window sized by its own limit, so a backlog of one kind never keeps the other
 * waiting; jobs scheduled before the jobs set existed (in {@code {p}:scheduled}) are claimed all the same
 * and moved to the jobs set. Against a real Redis server.
 */
class JobsSetTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int MAX_ATTEMPTS = 8;
    /** Long past, so due by Redis's own clock. */
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");

    private static final int BACKLOG = 1000;

    private UnifiedJedis redis;
    private String prefix;
    private String tag;
    private Schedule schedule;

    @BeforeEach
    void connect() {
        redis = TestRedis.client();
        prefix = TestRedis.uniquePrefix();
        tag = "{" + prefix + "}:";
        schedule = new Schedule(redis, prefix);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static ScheduledSend email(String tracker, int number) {
        return new ScheduledSend(
                "5day", number, "5-Day E" + number, tracker + "@example.com", tracker, Map.of("first_name", "Jane"));
    }

    private static String jobId(int i) {
        return "crm:mark_sent:5day:backlog-" + i + ":2";
    }

    private static String jobPayload(int i) {
        return "{\"job\":\"mark_sent\",\"n\":" + i + "}";
    }

    private static List<String> ids(List<ClaimedSend> claims) {
        return claims.stream().map(ClaimedSend::id).collect(Collectors.toList());
    }

    private static List<String> emailIds(List<ClaimedSend> claims) {
        return claims.stream().filter(c -> !c.isJob()).map(ClaimedSend::id).collect(Collectors.toList());
    }

    private static List<String> jobIds(List<ClaimedSend> claims) {
        return claims.stream().filter(ClaimedSend::isJob).map(ClaimedSend::id).collect(Collectors.toList());
    }

    @Test
    void aBacklogOfOlderDueJobsDoesNotKeepADueEmailWaiting() {
        for (int i = 0; i < BACKLOG; i++) {
            assertTrue(schedule.addJob(jobId(i), PAST.plusMillis(i), jobPayload(i), "backlog@example.com"));
        }
        ScheduledSend email = email("late", 2);
        assertTrue(schedule.add(email, PAST.plus(Duration.ofDays(1))));

        List<ClaimedSend> claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);

        assertEquals(List.of(email.id()), emailIds(claims), "the email is claimed at once");
        List<String> oldestJobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) oldestJobs.add(jobId(i));
        assertEquals(oldestJobs, jobIds(claims), "and the 10 oldest jobs, oldest first");
        assertEquals(BACKLOG - 10, redis.zcard(tag + "scheduled-jobs"), "the other jobs wait in their set");
        assertEquals(0, redis.zcard(tag + "scheduled"), "no email left waiting");
    }

    @Test
    void aBacklogOfOlderDueEmailsDoesNotKeepADueJobWaiting() {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < BACKLOG; i++) {
                // as schedule-send writes them (the emails' set), faster than 1,000 script calls
                ScheduledSend email = email("backlog-" + i, 2);
                pipeline.hset(
                        tag + "send:" + email.id(),
                        Map.of("payload", email.toJson(), "attempts", "0", "due", "" + i, "state", "scheduled"));
                pipeline.zadd(tag + "scheduled", PAST.toEpochMilli() + i, email.id());
            }
        }
        String job = "crm:analytics_sent:5day:late:2";
        assertTrue(schedule.addJob(job, PAST.plus(Duration.ofDays(1)), "{}", "late@example.com"));

        List<ClaimedSend> claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);

        assertEquals(List.of(job), jobIds(claims), "the job is claimed at once");
        assertEquals(10, emailIds(claims).size(), "and 10 of the emails");
        assertEquals(0, redis.zcard(tag + "scheduled-jobs"));
        assertEquals(BACKLOG - 10, redis.zcard(tag + "scheduled"));
    }

    @Test
    void eachKindWaitsInItsOwnSetThroughEveryStep() {
        ScheduledSend e2 = email("steps", 2);
        String job = "crm:mark_sent:" + e2.id();
        assertTrue(schedule.add(e2, PAST));
        assertTrue(schedule.addJob(job, PAST, "{}", e2.email()));
        assertEquals(Set.of(e2.id()), Set.copyOf(redis.zrange(tag + "scheduled", 0, -1)));
        assertEquals(Set.of(job), Set.copyOf(redis.zrange(tag + "scheduled-jobs", 0, -1)));

        // release: back in its own set
        List<ClaimedSend> claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);
        assertEquals(Set.of(e2.id(), job), Set.copyOf(ids(claims)));
        for (ClaimedSend claim : claims) assertTrue(schedule.release(claim));
        assertEquals(List.of(e2.id()), redis.zrange(tag + "scheduled", 0, -1));
        assertEquals(List.of(job), redis.zrange(tag + "scheduled-jobs", 0, -1));

        // retry later: back in its own set, later
        claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);
        for (ClaimedSend claim : claims) {
            assertEquals(
                    Schedule.RetryOutcome.RETRY,
                    schedule.retryLater(claim, Duration.ofHours(1), "later", MAX_ATTEMPTS));
        }
        assertEquals(List.of(e2.id()), redis.zrange(tag + "scheduled", 0, -1));
        assertEquals(List.of(job), redis.zrange(tag + "scheduled-jobs", 0, -1));
        assertTrue(schedule.dueAt(job).isPresent(), "the job's due time is found in its set");
        redis.zadd(tag + "scheduled", 0, e2.id());
        redis.zadd(tag + "scheduled-jobs", 0, job);

        // dead letter, then requeued: back in its own set
        claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);
        for (ClaimedSend claim : claims) assertTrue(schedule.deadLetter(claim, "failed"));
        assertEquals(0, schedule.countScheduled());
        assertEquals(Set.of(e2.id(), job), Set.copyOf(schedule.requeueDead(List.of(e2.id(), job))));
        assertEquals(List.of(e2.id()), redis.zrange(tag + "scheduled", 0, -1));
        assertEquals(List.of(job), redis.zrange(tag + "scheduled-jobs", 0, -1));

        // ack: gone from both
        claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);
        for (ClaimedSend claim : claims) schedule.ack(claim, claim.isJob() ? "done" : "delivered");
        assertEquals(0, schedule.countScheduled() + schedule.countClaimed());

        // a lead's sends cancelled, the pending job among them
        ScheduledSend e3 = email("steps", 3);
        String job3 = "crm:mark_sent:" + e3.id();
        assertTrue(schedule.add(e3, PAST));
        assertTrue(schedule.addJob(job3, PAST, "{}", e3.email()));
        assertEquals(Set.of(e3.id(), job3), Set.copyOf(schedule.cancelSendsOf(e3.email(), null, "unsubscribed")));
        assertEquals(0, redis.zcard(tag + "scheduled") + redis.zcard(tag + "scheduled-jobs"));
        assertEquals("cancelled", schedule.state(job3).orElse(""));
        assertTrue(schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS).isEmpty(), "nothing twice");
    }

    @Test
    void theIntakePutsTheEnrolmentsJobInTheJobsSet() {
        String sequenceId = "seq-jobs-set";
        String enrol = "crm:enrol:" + sequenceId;
        ScheduledSend e2 = email(sequenceId, 2);
        List<Intake.Entry> entries = List.of(
                new Intake.Entry(enrol, PAST, "{}", true, null),
                new Intake.Entry(e2.id(), PAST, e2.toJson(), false, enrol));
        assertTrue(schedule.intake(new Intake("Christmas 2025", "5day", e2.email(), sequenceId, entries)).enrolledNow);
        assertEquals(List.of(e2.id()), redis.zrange(tag + "scheduled", 0, -1));
        assertEquals(List.of(enrol), redis.zrange(tag + "scheduled-jobs", 0, -1));

        // the email still waits for its job, across the two sets
        assertEquals(List.of(enrol), ids(schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS)));
        assertTrue(schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS).isEmpty(), "E2 waits for the CRM job");
    }

    @Test
    void theReadsCountBothSetsAsOne() {
        Instant now = Instant.now();
        ScheduledSend due = email("reads", 2);
        ScheduledSend later = email("reads", 3);
        assertTrue(schedule.add(due, PAST.plusMillis(2)));
        assertTrue(schedule.add(later, now.plus(Duration.ofDays(2))));
        assertTrue(schedule.addJob("crm:enrol:reads", PAST.plusMillis(1), "{}", due.email()));
        assertTrue(schedule.addJob("crm:mark_sent:reads", now.plus(Duration.ofDays(1)), "{}", due.email()));

        assertEquals(4, schedule.countScheduled());
        assertEquals(2, schedule.countDue(now));
        assertEquals(
                3, schedule.countDueBetween(PAST, now.plus(Duration.ofDays(1)).plusMillis(1)));
        assertEquals(2, schedule.countPendingJobs(100));
        assertEquals(2, schedule.countEmailsDueBetween(PAST, now.plus(Duration.ofDays(3)), 100));
        assertEquals(
                List.of("crm:enrol:reads", due.id(), "crm:mark_sent:reads", later.id()),
                new ArrayList<>(schedule.nextScheduled(10).keySet()),
                "soonest first, both kinds");
        assertEquals(
                List.of("crm:enrol:reads", due.id()),
                new ArrayList<>(schedule.nextScheduled(2).keySet()));
        assertEquals(Optional.of(PAST.plusMillis(1)), schedule.oldestDue(now));
        assertEquals(
                Optional.of(now.plus(Duration.ofDays(1)).toEpochMilli()),
                schedule.dueAt("crm:mark_sent:reads").map(Instant::toEpochMilli));
    }

    /** A CRM job as the schedule wrote it before the jobs set: in {@code {p}:scheduled}. */
    private void legacyJob(AbstractPipeline pipeline, String id, Instant due) {
        pipeline.hset(
                tag + "send:" + id,
                Map.of(
                        "payload",
                        "{}",
                        "attempts",
                        "0",
                        "due",
                        "" + due.toEpochMilli(),
                        "state",
                        "scheduled",
                        "kind",
                        "crm"));
        pipeline.zadd(tag + "scheduled", due.toEpochMilli(), id);
    }

    @Test
    void jobsLeftInTheScheduledSetByAnEarlierVersionAreClaimedOnceAndMovedToTheJobsSet() {
        Instant future = Instant.now().plus(Duration.ofDays(1));
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < BACKLOG; i++) legacyJob(pipeline, jobId(i), PAST.plusMillis(i));
            legacyJob(pipeline, "crm:mark_sent:not-yet", future);
        }
        ScheduledSend email = email("behind-legacy", 2);
        assertTrue(schedule.add(email, PAST.plus(Duration.ofDays(1))));
        long scheduled = schedule.countScheduled();
        long pendingJobs = schedule.countPendingJobs(10_000);

        List<ClaimedSend> claims = schedule.claimDue(10, 10, LEASE, MAX_ATTEMPTS);

        assertEquals(List.of(email.id()), emailIds(claims), "the email behind the old jobs is claimed at once");
        List<String> oldestJobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) oldestJobs.add(jobId(i));
        assertEquals(oldestJobs, jobIds(claims), "the 10 oldest old jobs are claimed as jobs");
        assertEquals(
                List.of("crm:mark_sent:not-yet"),
                redis.zrange(tag + "scheduled", 0, -1),
                "every due old job left the emails' set");
        assertEquals(BACKLOG - 10, redis.zcard(tag + "scheduled-jobs"), "moved to the jobs set");
        assertEquals(
                PAST.plusMillis(500).toEpochMilli(),
                redis.zscore(tag + "scheduled-jobs", jobId(500)).longValue(),
                "with its due time");
        assertEquals("scheduled", schedule.state(jobId(500)).orElse(""), "a moved job is not claimed");
        assertEquals(scheduled, schedule.countScheduled() + claims.size(), "nothing lost");
        assertEquals(pendingJobs, schedule.countPendingJobs(10_000), "the pending jobs' count is the same");

        // the rest drain once each, the one not yet due when it is due
        Set<String> claimed = new HashSet<>(ids(claims));
        for (ClaimedSend claim : claims) schedule.ack(claim, claim.isJob() ? "done" : "delivered");
        redis.zadd(tag + "scheduled", 0, "crm:mark_sent:not-yet");
        for (int round = 0; round < 200; round++) {
            List<ClaimedSend> next = schedule.claimDue(10, 100, LEASE, MAX_ATTEMPTS);
            if (next.isEmpty()) break;
            for (ClaimedSend claim : next) {
                assertTrue(claim.isJob(), claim.id());
                assertTrue(claimed.add(claim.id()), "claimed twice: " + claim.id());
                schedule.ack(claim, "done");
            }
        }
        assertEquals(BACKLOG + 2, claimed.size(), "every old job and the email, once each");
        assertEquals(0, schedule.countScheduled() + schedule.countClaimed());
    }

    @Test
    void anEmailsOnlyClaimMovesOldJobsWithoutClaimingThem() {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < 3; i++) legacyJob(pipeline, jobId(i), PAST.plusMillis(i));
        }
        ScheduledSend email = email("emails-only", 2);
        assertTrue(schedule.add(email, PAST.plus(Duration.ofDays(1))));

        assertEquals(List.of(email.id()), ids(schedule.claimDue(10, LEASE, MAX_ATTEMPTS)));

        assertEquals(0, redis.zcard(tag + "scheduled"));
        assertEquals(3, redis.zcard(tag + "scheduled-jobs"));
        for (int i = 0; i < 3; i++)
            assertFalse(schedule.state(jobId(i)).orElse("").equals("claimed"));
        assertNull(redis.hget(tag + "send:" + jobId(0), "token"));
    }
}
