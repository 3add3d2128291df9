package com.busos.campaign.schedule;

import com.busos.campaign.http.CallObserver;
import com.busos.campaign.lua.LuaScript;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lombok.AccessLevel;
import lombok.Getter;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The campaign's counters in Redis, under the schedule's hash tag (functions are separate processes):
 * <ul>
 *   <li>{@code {p}:metrics:sends} hash: {@code <kind>:<outcome>} → count, kind {@code email} or
 *       {@code crm}, outcome as stored by the scripts (delivered, skipped, suppressed, done, retried,
 *       dead, cancelled); each counted in the script that makes the change, once</li>
 *   <li>{@code {p}:metrics:delivered:<yyyy-mm-dd>} string: emails delivered that UTC day, kept
 *       {@link #DAY_RETENTION} after its last delivery</li>
 *   <li>{@code {p}:metrics:enrolled} hash: sequence key → enrolments (intake.lua, when enrolled now)</li>
 *   <li>{@code {p}:metrics:providers} hash: {@code <provider>:<status>} → requests sent (0: no answer
 *       came), one HINCRBY a request ({@link #providerObserver})</li>
 * </ul>
 */
public final class Counters {
    /** How long a day's count of delivered emails is kept (a chart of the last months, bounded). */
    public static final Duration DAY_RETENTION = Duration.ofDays(400);

    /** The kinds the send counters are kept by. */
    public static final String EMAIL = "email";

    public static final String CRM = "crm";

    private static final LuaScript READ_COUNTS = LuaScript.load(Counters.class, "read-counts");

    private final UnifiedJedis redis;

    @Getter(AccessLevel.PACKAGE)
    private final String sendsKey;

    private final String deliveredPrefix;

    @Getter(AccessLevel.PACKAGE)
    private final String enrolledKey;

    private final String providersKey;

    Counters(UnifiedJedis redis, String tag) {
        this.redis = redis;
        this.sendsKey = tag + ":metrics:sends";
        this.deliveredPrefix = tag + ":metrics:delivered:";
        this.enrolledKey = tag + ":metrics:enrolled";
        this.providersKey = tag + ":metrics:providers";
    }

    String deliveredKey(LocalDate day) {
        return deliveredPrefix + day;
    }

    /** Emails delivered each UTC day from {@code fromInclusive} to {@code toInclusive}, 0 for days without. */
    public Map<LocalDate, Long> deliveredPerDay(LocalDate fromInclusive, LocalDate toInclusive) {
        if (toInclusive.isBefore(fromInclusive)) {
            throw new IllegalArgumentException("toInclusive " + toInclusive + " is before " + fromInclusive);
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = fromInclusive; !day.isAfter(toInclusive); day = day.plusDays(1)) days.add(day);
        Map<LocalDate, Long> answer = new LinkedHashMap<>();
        for (int from = 0; from < days.size(); from += 500) {
            List<LocalDate> batch = days.subList(from, Math.min(days.size(), from + 500));
            List<String> keys = new ArrayList<>();
            for (LocalDate day : batch) keys.add(deliveredKey(day));
            List<?> values = (List<?>) call(() -> READ_COUNTS.run(redis, keys, List.of()));
            for (int i = 0; i < batch.size(); i++) answer.put(batch.get(i), parse(String.valueOf(values.get(i))));
        }
        return answer;
    }

    /** Enrolments taken in by sequence key ("5day", "noshow", "postcall", "onboarding"), sorted by key. */
    public Map<String, Long> enrolledPerSequence() {
        return counts(call(() -> redis.hgetAll(enrolledKey)));
    }

    /** The sends of {@code kind} ({@link #EMAIL} or {@link #CRM}) by outcome, sorted by outcome. */
    public Map<String, Long> sendOutcomes(String kind) {
        Map<String, Long> answer = new TreeMap<>();
        for (Map.Entry<String, Long> field :
                counts(call(() -> redis.hgetAll(sendsKey))).entrySet()) {
            String name = field.getKey();
            if (name.startsWith(kind + ":"))
                answer.merge(name.substring(kind.length() + 1), field.getValue(), Long::sum);
        }
        return answer;
    }

    /** Requests sent to each provider by HTTP status (0: no answer came), sorted. */
    public Map<String, Map<Integer, Long>> providerResponses() {
        Map<String, Map<Integer, Long>> answer = new TreeMap<>();
        for (Map.Entry<String, Long> field :
                counts(call(() -> redis.hgetAll(providersKey))).entrySet()) {
            String name = field.getKey();
            int colon = name.lastIndexOf(':');
            if (colon <= 0) continue;
            int status;
            try {
                status = Integer.parseInt(name.substring(colon + 1));
            } catch (NumberFormatException notAStatus) {
                continue;
            }
            answer.computeIfAbsent(name.substring(0, colon), provider -> new TreeMap<>())
                    .merge(status, field.getValue(), Long::sum);
        }
        return answer;
    }

    /**
     * The HTTP chain's metrics hook: one HINCRBY a request attempt sent to a provider. A failure to
     * count is swallowed: counting never fails a request.
     */
    public CallObserver providerObserver() {
        return (provider, method, path, status, millis) -> {
            try {
                redis.hincrBy(providersKey, provider + ":" + status, 1);
            } catch (RuntimeException notCounted) {
                // the request went out (or failed) all the same; a lost count is not worth failing it
            }
        };
    }

    private static Map<String, Long> counts(Map<String, String> hash) {
        Map<String, Long> answer = new TreeMap<>();
        hash.forEach((field, value) -> answer.put(field, parse(value)));
        return answer;
    }

    private static long parse(String value) {
        if (value == null) return 0;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw new ScheduleUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }
}
