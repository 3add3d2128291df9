package com.busos.campaign.schedule;

import com.busos.campaign.deadline.Deadline;
import com.busos.campaign.lua.LuaScript;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The schedule of pending sends in Redis. Every key shares the hash tag {@code {<prefix>}} so the
 * scripts also run on Redis Cluster:
 * <ul>
 *   <li>{@code {p}:scheduled} sorted set: email send id → due time (epoch ms)</li>
 *   <li>{@code {p}:scheduled-jobs} sorted set: CRM job id → due time (epoch ms); the claim reads each
 *       set in a window of its own, so a backlog of one kind never keeps the other waiting (CRM jobs
 *       found in {@code {p}:scheduled}, from before this set, are claimed as jobs or moved here)</li>
 *   <li>{@code {p}:claimed} sorted set: send id → end of its lease (epoch ms)</li>
 *   <li>{@code {p}:dead} sorted set: send id → when it was dead-lettered (epoch ms)</li>
 *   <li>{@code {p}:send:<id>} hash: payload, attempts, state, token, due, error, resend_id</li>
 *   <li>{@code {p}:by-email:<normalized address>} set: ids of every send of the address, kept as long
 *       as finished sends' hashes (nothing is removed from it)</li>
 * </ul>
 * Each change is one Lua script from this package's resources, called by its SHA ({@link LuaScript}).
 * The dead-letter set is trimmed ({@link DeadLetterLimits}) whenever a send joins it. Every write
 * first checks the deadline guard: an interrupted thread (the function's exec_timeout) writes nothing
 * and gets {@link com.busos.campaign.deadline.DeadlineExceededException}.
 */
public final class Schedule {
    /** How long a finished send's hash is kept, so the same send is never scheduled again. */
    public static final Duration RETENTION = Duration.ofDays(90);

    private static final LuaScript SCHEDULE_SEND = LuaScript.load(Schedule.class, "schedule-send");
    private static final LuaScript CLAIM_CANDIDATES =
            LuaScript.load(Schedule.class, "claim-candidates", "trim-candidates");
    private static final LuaScript READ_AFTER = LuaScript.load(Schedule.class, "read-after");
    private static final LuaScript CLAIM_DUE = LuaScript.load(Schedule.class, "claim-due", "trim-dead", "kind-of");
    private static final LuaScript DEAD_CANDIDATES =
            LuaScript.load(Schedule.class, "dead-candidates", "trim-candidates");
    private static final LuaScript ACK = LuaScript.load(Schedule.class, "ack", "kind-of");
    /** The {@code kind} of a CRM job's hash (an email's has none). */
    static final String JOB_KIND = "crm";

    /** Is {@code id} a CRM job's ({@code crm:<job>:…}, see crm.CrmJob) rather than an email's? */
    public static boolean isJobId(String id) {
        return id.startsWith(JOB_KIND + ":");
    }

    private static final LuaScript INTAKE = LuaScript.load(Schedule.class, "intake");
    private static final LuaScript ADMIT_ENROLMENT = LuaScript.load(Schedule.class, "admit-enrolment");
    /** A day's set of admitted enrolments outlives its day (UTC) by one more, then expires. */
    private static final Duration ADMITTED_RETENTION = Duration.ofDays(2);

    private static final LuaScript RETRY_LATER = LuaScript.load(Schedule.class, "retry-later", "trim-dead", "kind-of");
    private static final LuaScript DEAD_LETTER = LuaScript.load(Schedule.class, "dead-letter", "trim-dead", "kind-of");
    private static final LuaScript RELEASE = LuaScript.load(Schedule.class, "release");
    private static final LuaScript RECORD_DELIVERY = LuaScript.load(Schedule.class, "record-delivery");
    private static final LuaScript CANCEL_SENDS = LuaScript.load(Schedule.class, "cancel-sends", "kind-of");
    private static final LuaScript REQUEUE_DEAD =
            LuaScript.load(Schedule.class, "requeue-dead", "dead-members", "kind-of");
    private static final LuaScript DISCARD_DEAD = LuaScript.load(Schedule.class, "discard-dead", "dead-members");
    /** Ids passed to one script call at most (the "all" operations go in batches). */
    private static final int BATCH = 500;

    private final UnifiedJedis redis;
    private final String scheduledKey;
    private final String jobsKey;
    private final String claimedKey;
    private final String deadKey;
    private final String sendKeyPrefix;
    private final String byEmailPrefix;
    private final String pausedKey;
    private final String enrolledPrefix;
    private final String admittedPrefix;
    private final String templatesVersionKey;
    private final String sequencePrefix;
    private final DeadLetterLimits deadLetters;
    /** The campaign's counters (sends by outcome, deliveries per day, enrolments, provider requests). */
    @Getter
    private final Counters counters;

    public Schedule(UnifiedJedis redis, String prefix) {
        this(redis, prefix, DeadLetterLimits.DEFAULT);
    }

    /** With the dead-letter set trimmed to {@code deadLetters} whenever a send is dead-lettered. */
    public Schedule(UnifiedJedis redis, String prefix, DeadLetterLimits deadLetters) {
        this.redis = redis;
        this.deadLetters = deadLetters;
        String tag = "{" + prefix + "}";
        this.scheduledKey = tag + ":scheduled";
        this.jobsKey = tag + ":scheduled-jobs";
        this.claimedKey = tag + ":claimed";
        this.deadKey = tag + ":dead";
        this.sendKeyPrefix = tag + ":send:";
        this.byEmailPrefix = tag + ":by-email:";
        this.pausedKey = tag + ":paused";
        this.enrolledPrefix = tag + ":enrolled:";
        this.admittedPrefix = tag + ":intake:enrolments:";
        this.templatesVersionKey = tag + ":templates:version";
        this.sequencePrefix = tag + ":sequence:";
        this.counters = new Counters(redis, tag);
    }

    /** Emails delivered each UTC day from {@code fromInclusive} to {@code toInclusive} (0 for days without any). */
    public Map<LocalDate, Long> deliveredPerDay(LocalDate fromInclusive, LocalDate toInclusive) {
        return counters.deliveredPerDay(fromInclusive, toInclusive);
    }

    /** Enrolments taken in, by sequence key ("5day", "noshow", "postcall", "onboarding"). */
    public Map<String, Long> enrolledPerSequence() {
        return counters.enrolledPerSequence();
    }

    /**
     * The form of an address its index and the suppression list are keyed by: trimmed and lower-cased
     * (mail systems treat the local part case-insensitively in practice).
     */
    public static String normalizeAddress(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Fails with {@link ScheduleUnavailableException} when Redis cannot be used right now: PING, or on a
     * Redis Cluster a read of a campaign key (PING would go to any node, not the slot's owner).
     */
    public void checkAvailable() {
        if (redis instanceof RedisClusterClient) redisCall(() -> redis.exists(scheduledKey));
        else redisCall(() -> redis.ping());
    }

    /** Schedules the send at {@code due}; false when the same send was already known. */
    public boolean add(ScheduledSend send, Instant due) {
        return add(send, due, null);
    }

    /**
     * Schedules the send at {@code due}, to be claimed only once {@code after} (the id of the sequence's
     * previous email, or null) is finished; false when the same send was already known.
     */
    public boolean add(ScheduledSend send, Instant due, String after) {
        return schedule(send.id(), due, send.toJson(), send.email(), "", after);
    }

    /**
     * Schedules a CRM job at {@code due} under its deterministic {@code id} (the payload is the job's
     * JSON; {@code email} is the address it concerns, indexed like its sends); false when already known.
     */
    public boolean addJob(String id, Instant due, String payload, String email) {
        return schedule(id, due, payload, email, JOB_KIND, null);
    }

    private boolean schedule(String id, Instant due, String payload, String email, String kind, String after) {
        Object result = redisWrite(
                "schedule " + id,
                () -> SCHEDULE_SEND.run(
                        redis,
                        List.of(JOB_KIND.equals(kind) ? jobsKey : scheduledKey, sendKey(id), indexKey(email)),
                        List.of(
                                id,
                                Long.toString(due.toEpochMilli()),
                                payload,
                                Long.toString(RETENTION.getSeconds()),
                                kind,
                                after == null ? "" : after)));
        return Long.valueOf(1).equals(result);
    }

    /**
     * Takes up to {@code limit} due emails (expired leases first) under a lease of {@code lease}, and no
     * CRM job. An expired lease of a send already claimed {@code maxAttempts} times dead-letters it instead.
     */
    public List<ClaimedSend> claimDue(int limit, Duration lease, int maxAttempts) {
        return claimDue(limit, 0, lease, maxAttempts);
    }

    /**
     * Takes up to {@code emailLimit} due emails and {@code jobLimit} due CRM jobs (expired leases first)
     * under a lease of {@code lease}, each kind read from its own set in a window sized by its own limit,
     * so neither kind's backlog delays the other; an email whose sequence's previous email is not finished yet is
     * left waiting, in its place. An expired lease of an entry already claimed {@code maxAttempts}
     * times dead-letters it instead.
     */
    public List<ClaimedSend> claimDue(int emailLimit, int jobLimit, Duration lease, int maxAttempts) {
        String token = UUID.randomUUID().toString();
        // Every key claim-due touches goes in KEYS (Redis Cluster): first what it may take, read by
        // Redis's clock, and what the due ones wait for; claim-due checks each again, atomically.
        List<?> candidates = (List<?>) redisWrite(
                "read the due sends",
                () -> CLAIM_CANDIDATES.run(
                        redis,
                        List.of(scheduledKey, claimedKey, deadKey, jobsKey),
                        List.of(
                                Integer.toString(emailLimit),
                                Integer.toString(jobLimit),
                                Long.toString(deadLetters.maxAge().toMillis()),
                                Integer.toString(deadLetters.maxCount()))));
        List<String> expired = strings(candidates.get(0));
        // each kind from its own set, in a window sized by its own limit: neither keeps the other out
        List<String> due = new ArrayList<>(strings(candidates.get(1)));
        due.addAll(strings(candidates.get(2)));
        List<String> trim = strings(candidates.get(3));
        if (expired.isEmpty() && due.isEmpty()) return new ArrayList<>();
        Set<String> keys =
                new LinkedHashSet<>(List.of(scheduledKey, claimedKey, deadKey, counters.sendsKey(), jobsKey));
        for (String id : expired) keys.add(sendKey(id));
        List<String> dueKeys = new ArrayList<>();
        for (String id : due) dueKeys.add(sendKey(id));
        keys.addAll(dueKeys);
        if (!dueKeys.isEmpty()) {
            List<String> afters = strings(redisCall(() -> READ_AFTER.run(redis, dueKeys, List.of())));
            for (String after : afters) if (!after.isEmpty()) keys.add(sendKey(after));
        }
        for (String id : trim) keys.add(sendKey(id));
        List<String> args = new ArrayList<>(withDeadLetterLimits(
                List.of(
                        Integer.toString(emailLimit),
                        Long.toString(lease.toMillis()),
                        sendKeyPrefix,
                        token,
                        Integer.toString(maxAttempts)),
                false));
        args.add(Integer.toString(jobLimit));
        args.add(Integer.toString(expired.size()));
        args.add(Integer.toString(due.size()));
        args.addAll(expired);
        args.addAll(due);
        List<String> allKeys = new ArrayList<>(keys);
        Object result = redisWrite("claim due sends", () -> CLAIM_DUE.run(redis, allKeys, args));
        List<?> flat = (List<?>) result;
        List<ClaimedSend> claims = new ArrayList<>();
        for (int i = 0; i + 4 < flat.size(); i += 5) {
            String id = (String) flat.get(i);
            String payload = (String) flat.get(i + 1);
            int attempt = Integer.parseInt((String) flat.get(i + 2));
            if (JOB_KIND.equals(flat.get(i + 4))) {
                claims.add(ClaimedSend.job(id, payload, token, attempt));
                continue;
            }
            ScheduledSend send;
            try {
                send = ScheduledSend.fromJson(payload);
            } catch (IllegalArgumentException unreadable) {
                // One corrupt entry must not hold up the batch: it goes to the dead letters with the reason.
                deadLetter(id, token, "unreadable payload: " + unreadable.getMessage());
                continue;
            }
            claims.add(new ClaimedSend(send, token, attempt, (String) flat.get(i + 3)));
        }
        return claims;
    }

    /** The claim of {@code sendId} held by {@code token}, read back from Redis (send-email's entry). */
    public Optional<ClaimedSend> claimed(String sendId, String token) {
        Map<String, String> hash = redisCall(() -> redis.hgetAll(sendKey(sendId)));
        if (hash.isEmpty() || !token.equals(hash.get("token")) || !"claimed".equals(hash.get("state"))) {
            return Optional.empty();
        }
        int attempt = Integer.parseInt(hash.getOrDefault("attempts", "1"));
        if (JOB_KIND.equals(hash.get("kind"))) {
            return Optional.of(ClaimedSend.job(sendId, hash.get("payload"), token, attempt));
        }
        return Optional.of(
                new ClaimedSend(ScheduledSend.fromJson(hash.get("payload")), token, attempt, hash.get("resend_id")));
    }

    /** The send is done (delivered, or found already delivered): it leaves the schedule. */
    public void ack(ClaimedSend claim, String outcome) {
        redisWrite(
                "ack " + claim.id(),
                () -> ACK.run(
                        redis,
                        ackKeys(claim),
                        List.of(
                                claim.id(),
                                Long.toString(RETENTION.getSeconds()),
                                outcome,
                                Long.toString(Counters.DAY_RETENTION.getSeconds()))));
    }

    private List<String> ackKeys(ClaimedSend claim) {
        // the day's count of deliveries: the UTC day of the ack, by this process's clock
        String today = counters.deliveredKey(LocalDate.now(java.time.ZoneOffset.UTC));
        List<String> keys = new ArrayList<>(
                List.of(scheduledKey, claimedKey, sendKey(claim.id()), counters.sendsKey(), today, jobsKey));
        if (!claim.isJob()) keys.add(indexKey(claim.send().email()));
        return keys;
    }

    /** Remembers Resend's id for the send before its tracker is updated. */
    public void recordDelivery(ClaimedSend claim, String resendId) {
        redisWrite(
                "record the delivery of " + claim.id(),
                () -> RECORD_DELIVERY.run(redis, List.of(sendKey(claim.id())), List.of(claim.token(), resendId)));
    }

    /** Outcome of {@link #retryLater}. */
    public enum RetryOutcome {
        RETRY,
        DEAD,
        STALE
    }

    public RetryOutcome retryLater(ClaimedSend claim, Duration delay, String error, int maxAttempts) {
        Object result = redisWrite(
                "retry " + claim.id() + " later",
                () -> RETRY_LATER.run(
                        redis,
                        withTrimCandidates(
                                List.of(setOf(claim), claimedKey, deadKey, sendKey(claim.id()), counters.sendsKey()),
                                claim.attempt() >= maxAttempts),
                        withDeadLetterLimits(
                                List.of(
                                        claim.id(),
                                        claim.token(),
                                        Long.toString(delay.toMillis()),
                                        error,
                                        Integer.toString(maxAttempts)),
                                true)));
        return RetryOutcome.valueOf(String.valueOf(result).toUpperCase());
    }

    /** Moves the claimed send to the dead-letter set with its reason; false if no longer held. */
    public boolean deadLetter(ClaimedSend claim, String error) {
        return deadLetter(claim.id(), claim.token(), error);
    }

    private boolean deadLetter(String sendId, String token, String error) {
        Object result = redisWrite(
                "dead-letter " + sendId,
                () -> DEAD_LETTER.run(
                        redis,
                        withTrimCandidates(List.of(claimedKey, deadKey, sendKey(sendId), counters.sendsKey()), true),
                        withDeadLetterLimits(List.of(sendId, token, error), true)));
        return Long.valueOf(1).equals(result);
    }

    /**
     * Gives a claimed send back, due at its own due time (so it keeps its place before its sequence's
     * later emails), without counting the claim as an attempt.
     */
    public boolean release(ClaimedSend claim) {
        Object result = redisWrite(
                "release " + claim.id(),
                () -> RELEASE.run(
                        redis,
                        List.of(setOf(claim), claimedKey, sendKey(claim.id())),
                        List.of(claim.id(), claim.token())));
        return Long.valueOf(1).equals(result);
    }

    /**
     * Gives a claimed send back, due at {@code due}, without counting the claim as an
     * attempt, keeping {@code reason} as its error: sending is paused until then (a provider's quota).
     */
    public boolean releaseUntil(ClaimedSend claim, Instant due, String reason) {
        Object result = redisWrite(
                "release " + claim.id() + " until " + due,
                () -> RELEASE.run(
                        redis,
                        List.of(setOf(claim), claimedKey, sendKey(claim.id())),
                        List.of(claim.id(), claim.token(), Long.toString(due.toEpochMilli()), reason)));
        return Long.valueOf(1).equals(result);
    }

    /**
     * Pauses sending for {@code remaining}, until {@code until} (Resend's quota resets then): the
     * dispatcher claims nothing while a pause holds. A later pause replaces an earlier one.
     */
    public void pauseSending(Instant until, Duration remaining, String reason) {
        long ttl = Math.max(1, remaining.toMillis());
        // "<until> <reason>": an ISO instant has no space.
        redisWrite(
                "pause sending",
                () -> redis.set(
                        pausedKey, until + " " + reason, SetParams.setParams().px(ttl)));
    }

    /** When sending is paused: until when, and why. */
    public Optional<Pause> sendingPaused() {
        String raw = redisCall(() -> redis.get(pausedKey));
        if (raw == null) return Optional.empty();
        int space = raw.indexOf(' ');
        try {
            return Optional.of(new Pause(
                    Instant.parse(space < 0 ? raw : raw.substring(0, space)),
                    space < 0 ? "" : raw.substring(space + 1)));
        } catch (java.time.format.DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /** A pause of sending: until when, and the provider's reason. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    public static final class Pause {
        public final Instant until;
        public final String reason;
    }

    /**
     * Records the enrolment and its entries in one step (intake.lua); the sequence id it is known by:
     * {@code intake}'s own when enrolled now, the earlier one when the address was enrolled already
     * (then nothing was written).
     */
    public IntakeResult intake(Intake intake) {
        List<String> keys = new ArrayList<>(List.of(
                enrolmentKey(intake.campaign, intake.sequence, intake.email),
                scheduledKey,
                indexKey(intake.email),
                sequencePrefix + intake.sequenceId,
                counters.enrolledKey(),
                jobsKey));
        List<String> args = new ArrayList<>(
                List.of(intake.sequenceId, Long.toString(RETENTION.getSeconds()), intake.email, intake.sequence));
        for (Intake.Entry entry : intake.entries) {
            keys.add(sendKey(entry.id));
            args.add(entry.id);
            args.add(Long.toString(entry.due.toEpochMilli()));
            args.add(entry.payload);
            args.add(entry.job ? JOB_KIND : "");
            args.add(entry.after == null ? "" : entry.after);
        }
        List<?> result = (List<?>) redisWrite("take in " + intake.email, () -> INTAKE.run(redis, keys, args));
        return new IntakeResult(Long.valueOf(1).equals(result.get(0)), (String) result.get(1));
    }

    /** What {@link #intake} did: enrolled now, or found enrolled already, and under which sequence id. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    public static final class IntakeResult {
        public final boolean enrolledNow;
        public final String sequenceId;
    }

    /** The Notion tracker record the sequence's CRM job found or made, once it has. */
    public Optional<String> trackerOf(String sequenceId) {
        return Optional.ofNullable(redisCall(() -> redis.hget(sequencePrefix + sequenceId, "tracker_id")));
    }

    /** Whether the sequence has a record of its own (it was taken in by {@link #intake}). */
    public boolean hasSequenceRecord(String sequenceId) {
        return redisCall(() -> redis.exists(sequencePrefix + sequenceId));
    }

    /**
     * Records that the sequence's tracker record shows these emails sent already (by the website, or an
     * earlier run): the lead had the sequence before.
     */
    public void recordSentElsewhere(String sequenceId, List<Integer> emailNumbers) {
        String numbers = emailNumbers.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        redisWrite(
                "record what " + sequenceId + " sent before",
                () -> redis.hset(sequencePrefix + sequenceId, "sent_elsewhere", numbers));
    }

    /** The emails the sequence's tracker record showed sent already ({@link #recordSentElsewhere}). */
    public List<Integer> sentElsewhere(String sequenceId) {
        String numbers = redisCall(() -> redis.hget(sequencePrefix + sequenceId, "sent_elsewhere"));
        List<Integer> sent = new ArrayList<>();
        if (numbers == null || numbers.isEmpty()) return sent;
        for (String number : numbers.split(",")) sent.add(Integer.parseInt(number));
        return sent;
    }

    /** Records the tracker record of the sequence (its CRM job found or made it). */
    public void recordTracker(String sequenceId, String trackerId) {
        redisWrite(
                "record the tracker of " + sequenceId,
                () -> redis.hset(sequencePrefix + sequenceId, "tracker_id", trackerId));
    }

    /** The campaign's template version: changed by every template check, so cached templates are read again. */
    public String templatesVersion() {
        return redisCall(() -> redis.get(templatesVersionKey));
    }

    /** A template check ran: every send-email instance reads its templates afresh. */
    public void templatesChanged() {
        redisWrite("change the template version", () -> redis.incr(templatesVersionKey));
    }

    /** The tracker record the address (normalised) is enrolled with in a campaign's sequence, if any. */
    public Optional<String> enrolledRecord(String campaign, String sequence, String email) {
        return Optional.ofNullable(redisCall(() -> redis.get(enrolmentKey(campaign, sequence, email))));
    }

    /**
     * Lets a new enrolment of the address in {@code day}'s count (UTC) while fewer than {@code cap} were
     * let in that day: true when it may go ahead (already enrolled, or already let in that day, counts
     * as allowed and is not counted again), false when the day's cap is reached.
     */
    public boolean admitEnrolment(String campaign, String sequence, String email, LocalDate day, int cap) {
        Object admitted = redisWrite(
                "count the enrolment of " + email,
                () -> ADMIT_ENROLMENT.run(
                        redis,
                        List.of(enrolmentKey(campaign, sequence, email), admittedPrefix + day),
                        List.of(
                                campaign + ":" + sequence + ":" + normalizeAddress(email),
                                Integer.toString(cap),
                                Long.toString(ADMITTED_RETENTION.getSeconds()))));
        return Long.valueOf(1).equals(admitted);
    }

    private String enrolmentKey(String campaign, String sequence, String email) {
        return enrolledPrefix + campaign + ":" + sequence + ":" + normalizeAddress(email);
    }

    /** The stored state of one send: payload, attempts, state, error … (empty map when unknown). */
    public Map<String, String> inspect(String sendId) {
        return redisCall(() -> redis.hgetAll(sendKey(sendId)));
    }

    /** Due time of a pending send. */
    public Optional<Instant> dueAt(String sendId) {
        Double score = redisCall(() -> redis.zscore(scheduledKey, sendId));
        if (score == null) score = redisCall(() -> redis.zscore(jobsKey, sendId));
        return score == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(score.longValue()));
    }

    /** The sorted set a claimed entry waits in when it goes back on the schedule: its kind's. */
    private String setOf(ClaimedSend claim) {
        return claim.isJob() ? jobsKey : scheduledKey;
    }

    /** Pending sends: emails and CRM jobs. */
    public long countScheduled() {
        return redisCall(() -> redis.zcard(scheduledKey) + redis.zcard(jobsKey));
    }

    public long countClaimed() {
        return redisCall(() -> redis.zcard(claimedKey));
    }

    public long countDead() {
        return redisCall(() -> redis.zcard(deadKey));
    }

    /** The next {@code limit} pending sends (emails and CRM jobs), soonest first: id → due. */
    public Map<String, Instant> nextScheduled(int limit) {
        // the first of each set, merged in the order one set would have (score, then id)
        List<Tuple> first = new ArrayList<>(redisCall(() -> redis.zrangeWithScores(scheduledKey, 0, limit - 1)));
        first.addAll(redisCall(() -> redis.zrangeWithScores(jobsKey, 0, limit - 1)));
        first.sort(java.util.Comparator.comparingDouble(Tuple::getScore).thenComparing(Tuple::getElement));
        Map<String, Instant> next = new java.util.LinkedHashMap<>();
        for (Tuple entry : first) {
            if (next.size() == limit) break;
            next.put(entry.getElement(), Instant.ofEpochMilli((long) entry.getScore()));
        }
        return next;
    }

    /** Ids of dead-lettered sends, oldest first. */
    public List<String> deadLetterIds(int limit) {
        return deadLetterIds(0, limit);
    }

    /** Ids of dead-lettered sends, oldest first, from the {@code offset}-th (0 first): a page of them. */
    public List<String> deadLetterIds(long offset, int limit) {
        return new ArrayList<>(redisCall(() -> redis.zrange(deadKey, offset, offset + limit - 1)));
    }

    /**
     * CRM jobs scheduled or claimed: every one of the jobs set, and those among at most {@code bound}
     * entries of the scheduled and claimed sets (the earliest due or lease ends); {@code bound} or more is
     * answered as {@code bound}.
     */
    public long countPendingJobs(int bound) {
        long jobs = redisCall(() -> redis.zcard(jobsKey));
        // the scheduled set may still hold jobs from before the jobs set (the claim moves them)
        for (String set : List.of(scheduledKey, claimedKey)) {
            for (String id : redisCall(() -> redis.zrange(set, 0, bound - 1))) {
                if (isJobId(id)) jobs++;
            }
        }
        return Math.min(jobs, bound);
    }

    /**
     * Emails (not CRM jobs) due in [{@code from}, {@code to}), counting among at most {@code bound}
     * entries due then; {@code bound} or more is answered as {@code bound}.
     */
    public long countEmailsDueBetween(Instant from, Instant to, int bound) {
        long emails = 0;
        for (String id : redisCall(
                () -> redis.zrangeByScore(scheduledKey, "" + from.toEpochMilli(), "(" + to.toEpochMilli(), 0, bound))) {
            if (!isJobId(id)) emails++;
        }
        return emails;
    }

    /** The stored state of a send (scheduled, claimed, delivered, cancelled …), empty when unknown. */
    public Optional<String> state(String sendId) {
        return Optional.ofNullable(redisCall(() -> redis.hget(sendKey(sendId), "state")));
    }

    /** Pending sends due at or before {@code now}. */
    public long countDue(Instant now) {
        return redisCall(() -> redis.zcount(scheduledKey, Double.NEGATIVE_INFINITY, now.toEpochMilli())
                + redis.zcount(jobsKey, Double.NEGATIVE_INFINITY, now.toEpochMilli()));
    }

    /** When the longest-due pending entry (email or CRM job) was due, if one is due at {@code now}. */
    public Optional<Instant> oldestDue(Instant now) {
        return nextScheduled(1).values().stream()
                .filter(due -> !due.isAfter(now))
                .findFirst();
    }

    /** Pending sends due in [{@code from}, {@code to}). */
    public long countDueBetween(Instant from, Instant to) {
        return redisCall(() -> redis.zcount(scheduledKey, "" + from.toEpochMilli(), "(" + to.toEpochMilli())
                + redis.zcount(jobsKey, "" + from.toEpochMilli(), "(" + to.toEpochMilli()));
    }

    /** Claimed sends whose lease has ended (their worker died or never answered). */
    public long countExpiredLeases(Instant now) {
        return redisCall(() -> redis.zcount(claimedKey, Double.NEGATIVE_INFINITY, now.toEpochMilli()));
    }

    /** Every dead-lettered send id, oldest first. */
    public List<String> allDeadLetterIds() {
        return new ArrayList<>(redisCall(() -> redis.zrange(deadKey, 0, -1)));
    }

    /** When a dead-lettered send died, if it is in the dead-letter set. */
    public Optional<Instant> deadAt(String sendId) {
        Double score = redisCall(() -> redis.zscore(deadKey, sendId));
        return score == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(score.longValue()));
    }

    /**
     * Ids of every send scheduled for the address (any state, as long as the index is retained),
     * sorted. Some may have no hash any more (past the retention): {@link #inspect} answers empty.
     */
    public List<String> sendIdsOf(String email) {
        List<String> ids = new ArrayList<>(redisCall(() -> redis.smembers(indexKey(email))));
        ids.sort(null);
        return ids;
    }

    /**
     * Cancels the address's sends not yet delivered (pending, claimed or dead-lettered), all of them
     * or those of the given sequences; answers the ids cancelled.
     */
    public List<String> cancelSendsOf(String email, Collection<String> sequences, String reason) {
        List<String> ids = new ArrayList<>();
        for (String id : sendIdsOf(email)) {
            if (sequences == null || sequences.isEmpty()) ids.add(id);
            else for (String sequence : sequences) if (id.startsWith(sequence + ":")) ids.add(id);
        }
        return cancel(ids, reason);
    }

    /** Cancels these sends where they are still pending, claimed or dead; answers the ids cancelled. */
    public List<String> cancel(Collection<String> sendIds, String reason) {
        return inBatches("cancel sends", sendIds, batch -> {
            List<String> args = new ArrayList<>(List.of(reason, Long.toString(RETENTION.getSeconds())));
            args.addAll(batch);
            return CANCEL_SENDS.run(
                    redis,
                    withSendKeys(List.of(scheduledKey, claimedKey, deadKey, counters.sendsKey(), jobsKey), batch),
                    args);
        });
    }

    /** Moves these dead-lettered sends back to the schedule, due now, attempts reset; answers those moved. */
    public List<String> requeueDead(Collection<String> sendIds) {
        return inBatches("requeue dead letters", sendIds, batch -> {
            return REQUEUE_DEAD.run(redis, withSendKeys(List.of(deadKey, scheduledKey, jobsKey), batch), batch);
        });
    }

    /** Gives up on these dead-lettered sends (state 'discarded'); answers those discarded. */
    public List<String> discardDead(Collection<String> sendIds) {
        return inBatches("discard dead letters", sendIds, batch -> {
            List<String> args = new ArrayList<>(List.of(Long.toString(RETENTION.getSeconds())));
            args.addAll(batch);
            return DISCARD_DEAD.run(redis, withSendKeys(List.of(deadKey), batch), args);
        });
    }

    /**
     * Adds every send still in the schedule (pending, claimed, dead) to its address's index: for sends
     * scheduled before the index existed. Idempotent; answers the number of sends looked at.
     */
    public int reindex() {
        int seen = 0;
        for (String set : List.of(scheduledKey, jobsKey, claimedKey, deadKey)) {
            for (String id : redisCall(() -> redis.zrange(set, 0, -1))) {
                String payload = redisCall(() -> redis.hget(sendKey(id), "payload"));
                if (payload == null) continue;
                String index = indexKey(ScheduledSend.fromJson(payload).email());
                redisWrite("reindex " + id, () -> {
                    redis.sadd(index, id);
                    return redis.expire(index, RETENTION.getSeconds());
                });
                seen++;
            }
        }
        return seen;
    }

    private List<String> inBatches(
            String what, Collection<String> sendIds, java.util.function.Function<List<String>, Object> script) {
        List<String> all = new ArrayList<>(sendIds);
        List<String> done = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            Object result = redisWrite(what, () -> script.apply(batch));
            for (Object id : (List<?>) result) done.add(String.valueOf(id));
        }
        return done;
    }

    /** {@code keys}, then the hash of each of {@code sendIds}, in their order. */
    private List<String> withSendKeys(List<String> keys, List<String> sendIds) {
        List<String> all = new ArrayList<>(keys);
        for (String id : sendIds) all.add(sendKey(id));
        return all;
    }

    /**
     * {@code keys}, then, when a send may join the dead letters ({@code mayDie}), the hashes of those the
     * trim may give up (dead-candidates.lua): trim-dead touches only hashes it receives in KEYS.
     */
    private List<String> withTrimCandidates(List<String> keys, boolean mayDie) {
        List<String> all = new ArrayList<>(keys);
        if (!mayDie) return all;
        Object candidates = DEAD_CANDIDATES.run(
                redis,
                List.of(deadKey),
                List.of(Long.toString(deadLetters.maxAge().toMillis()), Integer.toString(deadLetters.maxCount()), "1"));
        for (String id : strings(candidates)) {
            String key = sendKey(id);
            if (!all.contains(key)) all.add(key);
        }
        return all;
    }

    private static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) reply) out.add(item == null ? "" : String.valueOf(item));
        return out;
    }

    String sendKey(String sendId) {
        return sendKeyPrefix + sendId;
    }

    String indexKey(String email) {
        return byEmailPrefix + normalizeAddress(email);
    }

    /** The trimming arguments of the scripts that dead-letter sends (trim-dead.lua). */
    private List<String> withDeadLetterLimits(List<String> args, boolean withPrefix) {
        List<String> all = new ArrayList<>(args);
        if (withPrefix) all.add(sendKeyPrefix);
        all.add(Long.toString(deadLetters.maxAge().toMillis()));
        all.add(Integer.toString(deadLetters.maxCount()));
        all.add(Long.toString(RETENTION.getSeconds()));
        return all;
    }

    /** A change to the schedule: refused, before anything is sent to Redis, once the deadline has passed. */
    private <T> T redisWrite(String what, Supplier<T> call) {
        Deadline.check("schedule: " + what);
        return redisCall(call);
    }

    private <T> T redisCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw new ScheduleUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }
}
