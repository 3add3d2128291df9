package com.busos.campaign.entrypoint;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * The stop on SIGTERM (or SIGINT, Ctrl-C): drain, then stop accepting, then finish, then exit.
 *
 * <ol>
 *   <li><b>Drain</b>: for {@code drain}, new requests are still accepted and answered. of-watchdog goes on
 *       forwarding requests after it forwarded SIGTERM, and Kubernetes removes the endpoint seconds
 *       later (openfaas.md §8): a closed port would turn each of them into a 500.</li>
 *   <li><b>Stop accepting</b>, then wait for the requests in flight until {@code grace} (counted from the
 *       signal) is over.</li>
 *   <li><b>Exit</b> 0 when everything finished, 1 when the grace period ran out first.</li>
 * </ol>
 * A second signal during the drain ends the drain at once (an impatient Ctrl-C); in-flight requests are
 * still waited for.
 *
 * <p>Why {@code sun.misc.Signal} rather than a shutdown hook: a hook runs after the JVM has begun to
 * exit, alongside every other hook (connection pools, loggers of the handler's libraries), so the
 * handler would serve the drain with its clients being closed under it; and a JVM ended by SIGTERM
 * exits 143, which of-watchdog reports as a failure. Handling the signal keeps the JVM fully alive
 * during the drain and lets it end with {@code System.exit(0)}. {@code sun.misc.Signal} is in
 * {@code jdk.unsupported}, exported on purpose for this use and present in every JDK 11+. When it is
 * not available (e.g. {@code -Xrs}), a shutdown hook does the same steps as a fallback.
 */
public final class GracefulStop {

    /** What is being stopped. */
    public interface Target {
        /** Closes the listening socket; requests already accepted go on. */
        void stopAccepting();

        /** The exchanges being served. */
        InFlight inFlight();
    }

    private final JsonLog log;
    private final Target target;
    private final Duration drain;
    private final Duration grace;
    private final IntConsumer exit;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch endDrain = new CountDownLatch(1);

    /**
     * @param drain how long to keep accepting after the signal (at most {@code grace})
     * @param grace from the signal, how long until the process must have exited
     * @param exit  called with the exit code at the end ({@code System::exit} in a process)
     */
    public GracefulStop(JsonLog log, Target target, Duration drain, Duration grace, IntConsumer exit) {
        this.log = log;
        this.target = target;
        this.grace = grace;
        this.drain = drain.compareTo(grace) > 0 ? grace : drain;
        this.exit = exit;
    }

    /**
     * Handles SIGTERM and SIGINT from now on.
     *
     * @return false when the signals could not be handled and a shutdown hook was installed instead
     */
    public boolean installSignalHandlers() {
        try {
            for (String name : List.of("TERM", "INT")) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> begin("SIG" + signal.getName()));
            }
            return true;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | LinkageError e) {
            log.warn("signal_handler_unavailable")
                    .with("error", FunctionHttpHandler.describe(e))
                    .with("fallback", "shutdown hook; the JVM exits 143")
                    .print();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run("shutdown hook"), "graceful-stop"));
            return false;
        }
    }

    /** Starts the stop on its own thread (once; a second call ends the drain early). */
    public void begin(String reason) {
        if (!started.compareAndSet(false, true)) {
            log.info("drain_ended_early").with("signal", reason).print();
            endDrain.countDown();
            return;
        }
        Thread stopper = new Thread(() -> exit.accept(run(reason)), "graceful-stop");
        stopper.start();
    }

    /** The whole stop, on the calling thread. @return the exit code: 0 when every request finished */
    public int run(String reason) {
        long start = System.nanoTime();
        InFlight inFlight = target.inFlight();
        log.info("draining")
                .with("signal", reason)
                .with("drain_ms", drain.toMillis())
                .with("grace_ms", grace.toMillis())
                .with("in_flight", inFlight.count())
                .print();
        boolean idle;
        try {
            endDrain.await(drain.toNanos(), TimeUnit.NANOSECONDS);
            target.stopAccepting();
            Duration left = grace.minusNanos(System.nanoTime() - start);
            log.info("stopped_accepting")
                    .with("in_flight", inFlight.count())
                    .with("wait_ms", Math.max(0, left.toMillis()))
                    .print();
            idle = inFlight.awaitIdle(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        int code = idle ? 0 : 1;
        log.info("exit")
                .with("all_finished", idle)
                .with("unfinished", inFlight.count())
                .with("exit_code", code)
                .with("after_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .print();
        return code;
    }
}
