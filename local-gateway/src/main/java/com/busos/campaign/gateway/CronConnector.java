package com.busos.campaign.gateway;

import com.busos.campaign.entrypoint.JsonLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * The cron-connector's behaviour (openfaas.md §3.2) against the local gateway: for every function
 * annotated {@code topic: cron-function} with a valid {@code schedule}, at each tick an HTTP POST
 * without a body to {@code <gateway>/function/<name>.<namespace>} with the headers
 * {@code X-Connector: cron-connector} and {@code X-Topic: cron-function}, synchronously, without a
 * client timeout, logging {@code <name> [status] (duration)}. Runs may overlap; a missed tick is not
 * caught up; failures are only logged. Schedules are evaluated in UTC.
 */
public final class CronConnector implements AutoCloseable {

    public static final String TOPIC = "cron-function";

    /** A function the connector invokes. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    @Getter
    public static final class Job {
        private final String name;
        private final String namespace;
        private final CronSchedule schedule;
    }

    /** The outcome of one invocation: the status, or -1 and the error when the call failed. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    @Getter
    public static final class Result {
        private final String name;
        private final int status;
        private final String body;
        private final String error;
    }

    private final String gatewayUrl;

    @Getter
    private final List<Job> jobs;

    private final JsonLog log;
    private final Clock clock = Clock.systemUTC();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ScheduledExecutorService timer;
    private ExecutorService invocations;

    CronConnector(String gatewayUrl, List<Job> jobs, JsonLog log) {
        this.gatewayUrl = gatewayUrl;
        this.jobs = Collections.unmodifiableList(new ArrayList<>(jobs));
        this.log = log;
    }

    /**
     * The functions of the stack file that the connector would invoke. Functions with the topic but a
     * missing or unsupported schedule are skipped with a log line (the real connector skips them silently).
     */
    static List<Job> jobs(StackFile stack, List<String> warnings) {
        List<Job> jobs = new ArrayList<>();
        for (StackFile.Function fn : stack.functions().values()) {
            if (!TOPIC.equals(fn.annotations().get("topic"))) {
                continue;
            }
            String schedule = fn.annotations().get("schedule");
            try {
                jobs.add(new Job(fn.name(), fn.namespace(), CronSchedule.parse(schedule)));
            } catch (IllegalArgumentException e) {
                warnings.add("cron: " + fn.name() + ": schedule '" + schedule + "' skipped: " + e.getMessage());
            }
        }
        return jobs;
    }

    /** Starts invoking on schedule. */
    synchronized void start() {
        if (timer != null || jobs.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(daemon("cron-timer"));
        invocations = Executors.newCachedThreadPool(daemon("cron-invoke"));
        ZonedDateTime now = ZonedDateTime.now(clock);
        for (Job job : jobs) {
            scheduleAfter(job, now);
        }
    }

    private void scheduleAfter(Job job, ZonedDateTime after) {
        ZonedDateTime next = job.schedule().next(after);
        if (next == null) {
            log.warn("cron_schedule_ends")
                    .with("fn", job.name())
                    .with("schedule", job.schedule().toString())
                    .print();
            return;
        }
        long delay =
                Math.max(0, Duration.between(ZonedDateTime.now(clock), next).toMillis());
        synchronized (this) {
            if (timer == null || timer.isShutdown()) {
                return;
            }
            timer.schedule(
                    () -> {
                        ExecutorService pool = invocations;
                        if (pool != null && !pool.isShutdown()) {
                            pool.execute(() -> invoke(job));
                        }
                        ZonedDateTime now = ZonedDateTime.now(clock);
                        scheduleAfter(job, now.isAfter(next) ? now : next);
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Invokes every job once, now, and waits for the answers (tests, or a manual run). */
    public Map<String, Result> tick() {
        Map<String, Result> results = new LinkedHashMap<>();
        for (Job job : jobs) {
            results.put(job.name(), invoke(job));
        }
        return results;
    }

    /** {@code <gateway>/function/<name>.<namespace>}, the URL the connector calls. */
    URI uri(Job job) {
        return URI.create(gatewayUrl + "/function/" + job.name() + "." + job.namespace());
    }

    /** One invocation, as the connector makes it. */
    public Result invoke(Job job) {
        HttpRequest request = HttpRequest.newBuilder(uri(job))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("X-Topic", TOPIC)
                .header("X-Connector", "cron-connector")
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            log.info("cron_invoked")
                    .with("fn", job.name())
                    .with("status", response.statusCode())
                    .with("ms", millisSince(start))
                    .print();
            return new Result(job.name(), response.statusCode(), response.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(job.name(), -1, null, "interrupted");
        } catch (Exception e) {
            log.warn("cron_failed")
                    .with("fn", job.name())
                    .with("ms", millisSince(start))
                    .with("error", String.valueOf(e))
                    .print();
            return new Result(job.name(), -1, null, String.valueOf(e));
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            invocations.shutdownNow();
            timer = null;
            invocations = null;
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
