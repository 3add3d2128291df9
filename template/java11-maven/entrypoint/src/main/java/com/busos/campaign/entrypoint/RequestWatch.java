package com.busos.campaign.entrypoint;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where one worker thread is in reading its request, so that a client too slow to send it can be cut
 * (slowloris). The JDK server hands a connection to a worker as soon as its first byte arrives; the
 * worker then reads the request line and headers with a blocking read, and the handler reads the body
 * the same way. A client that sends a byte now and then holds that thread for as long as it likes.
 *
 * <p>Phases: {@code HEADERS} from the moment the worker takes the connection until the server calls our
 * handler (at most {@link Limits#headerTimeoutNanos}); {@code BODY} until the body has been read (at
 * most {@link Limits#bodyTimeoutNanos} without a byte arriving); then the handler's own time, which only
 * the {@link Deadline} limits. {@link Watchdog} interrupts a thread that stays too long in a reading
 * phase: a blocking read on the connection's socket channel then fails with
 * {@code ClosedByInterruptException} and the channel is closed, so the thread is free at once. The
 * thread is interrupted only in a reading phase, and the interrupt is cleared when its task ends.
 */
final class RequestWatch {

    enum Phase {
        IDLE,
        HEADERS,
        BODY,
        HANDLING,
        CUT
    }

    /** The watch of a thread that is not one of ours (the local gateway's pool, a test): does nothing. */
    static final RequestWatch NONE = new RequestWatch(null);

    private final Thread thread;
    private Phase phase = Phase.IDLE;
    private Phase cutIn;
    private long since;

    RequestWatch(Thread thread) {
        this.thread = thread;
    }

    /** The current thread's watch ({@link #NONE} outside our workers). */
    static RequestWatch current() {
        Thread t = Thread.currentThread();
        return t instanceof HandlerPool.Worker ? ((HandlerPool.Worker) t).watch : NONE;
    }

    /** The worker took a connection: its request line and headers are being read. */
    synchronized void headers() {
        if (this == NONE) return;
        phase = Phase.HEADERS;
        since = System.nanoTime();
    }

    /** The server parsed the headers and called our handler: from now on the body is read. */
    synchronized void body() {
        if (this == NONE) return;
        if (phase == Phase.HEADERS) {
            phase = Phase.BODY;
            since = System.nanoTime();
        }
    }

    /** Some bytes of the body arrived. */
    synchronized void progress() {
        if (phase == Phase.BODY) {
            since = System.nanoTime();
        }
    }

    /**
     * The body has been read.
     *
     * @return false when the watchdog cut the request first (the read failed or is about to)
     */
    synchronized boolean bodyRead() {
        if (this == NONE) return true;
        if (phase == Phase.CUT) {
            return false;
        }
        phase = Phase.HANDLING;
        return true;
    }

    /** True when this request was cut for being too slow. */
    synchronized boolean wasCut() {
        return phase == Phase.CUT;
    }

    /** The phase the request was cut in (null when it was not). */
    synchronized Phase cutIn() {
        return cutIn;
    }

    /** The worker's task ended: clears an interrupt the watchdog may have sent. */
    void idle() {
        synchronized (this) {
            phase = Phase.IDLE;
            cutIn = null;
        }
        Thread.interrupted();
    }

    /** Watchdog: cuts the request when it is late. @return the phase it was cut in, or null */
    synchronized Phase expireIfLate(long now, long headerTimeoutNanos, long bodyTimeoutNanos) {
        long limit = phase == Phase.HEADERS ? headerTimeoutNanos : phase == Phase.BODY ? bodyTimeoutNanos : -1;
        if (limit < 0 || now - since < limit) {
            return null;
        }
        cutIn = phase;
        phase = Phase.CUT;
        thread.interrupt();
        return cutIn;
    }

    /** One daemon thread that looks at every worker's watch a few times per timeout. */
    static final class Watchdog {
        private final Set<RequestWatch> watches = ConcurrentHashMap.newKeySet();
        private final Limits limits;
        private final JsonLog log;
        private volatile boolean stopped;

        Watchdog(Limits limits, JsonLog log) {
            this.limits = limits;
            this.log = log;
            long tick = Math.min(limits.headerTimeoutNanos, limits.bodyTimeoutNanos) / 10;
            long tickMillis = Math.max(20, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(tick)));
            Thread t = new Thread(() -> loop(tickMillis), "entrypoint-watchdog");
            t.setDaemon(true);
            t.start();
        }

        void add(RequestWatch watch) {
            watches.add(watch);
        }

        void remove(RequestWatch watch) {
            watches.remove(watch);
        }

        void stop() {
            stopped = true;
        }

        private void loop(long tickMillis) {
            while (!stopped) {
                try {
                    Thread.sleep(tickMillis);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                int headers = 0;
                int body = 0;
                for (RequestWatch w : watches) {
                    Phase cut = w.expireIfLate(now, limits.headerTimeoutNanos, limits.bodyTimeoutNanos);
                    if (cut == Phase.HEADERS) headers++;
                    if (cut == Phase.BODY) body++;
                }
                if (headers + body > 0) {
                    // One line per tick, however many were cut: a slowloris must not flood the log.
                    log.warn("slow_requests_cut")
                            .with("headers_late", headers)
                            .with("body_late", body)
                            .with("header_timeout_ms", TimeUnit.NANOSECONDS.toMillis(limits.headerTimeoutNanos))
                            .with("body_timeout_ms", TimeUnit.NANOSECONDS.toMillis(limits.bodyTimeoutNanos))
                            .print();
                }
            }
        }
    }
}
