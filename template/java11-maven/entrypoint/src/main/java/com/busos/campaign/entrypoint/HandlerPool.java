package com.busos.campaign.entrypoint;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that serve exchanges: as many as there are requests, up to {@code maxThreads}, then up to
 * {@code queue} requests wait, then the rest are answered {@code 503} + {@code Retry-After} at once.
 *
 * <p>A plain {@link ThreadPoolExecutor} either queues before it grows (an unbounded queue never grows
 * past the core size: 16 handlers that wait on Notion and the 17th client waits) or never queues. Here
 * the queue refuses a task while the pool can still grow and no thread is idle, so a new thread is
 * started instead (as Tomcat's executor does); only once {@code maxThreads} are busy do requests queue.
 * Threads above {@code coreThreads} end after 60 s without work. A thread that is idle takes the next
 * request from the queue, as in a fixed pool: the path of a handler that answers at once is the same.
 *
 * <p>Overload: a request the pool refuses goes to a small pool of its own ({@link #OVERLOAD_THREADS}
 * threads, {@link #OVERLOAD_QUEUE} waiting) whose only job is to read the request's headers and answer
 * 503 ({@link StartingGate}); when that is full too, the JDK server closes the connection.
 *
 * <p>Every thread is a {@link Worker} with a {@link RequestWatch}: the {@link RequestWatch.Watchdog} cuts
 * requests whose headers or body arrive too slowly, so a slow client cannot hold a thread for long.
 */
final class HandlerPool extends ThreadPoolExecutor {

    static final int OVERLOAD_THREADS = 2;
    static final int OVERLOAD_QUEUE = 256;

    private final AtomicInteger submitted = new AtomicInteger();
    private final ThreadPoolExecutor overload;
    private final RequestWatch.Watchdog watchdog;

    HandlerPool(String namePrefix, int coreThreads, int maxThreads, int queue, RequestWatch.Watchdog watchdog) {
        super(
                Math.min(coreThreads, maxThreads),
                maxThreads,
                60,
                TimeUnit.SECONDS,
                new GrowFirstQueue(Math.max(1, queue)),
                new Factory(namePrefix, false, watchdog));
        ((GrowFirstQueue) getQueue()).pool = this;
        this.watchdog = watchdog;
        this.overload = new ThreadPoolExecutor(
                OVERLOAD_THREADS,
                OVERLOAD_THREADS,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(OVERLOAD_QUEUE),
                new Factory(namePrefix + "overload-", true, watchdog));
    }

    @Override
    public void execute(Runnable command) {
        submitted.incrementAndGet();
        try {
            super.execute(command);
        } catch (RejectedExecutionException e) {
            submitted.decrementAndGet();
            if (isShutdown()) {
                throw e;
            }
            overload.execute(command); // throws when full too: the server then closes the connection
        }
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
        RequestWatch.current().headers();
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        submitted.decrementAndGet();
        RequestWatch.current().idle();
    }

    /** Requests taken or waiting. */
    int submitted() {
        return submitted.get();
    }

    @Override
    public void shutdown() {
        super.shutdown();
        overload.shutdown();
        watchdog.stop();
    }

    @Override
    public java.util.List<Runnable> shutdownNow() {
        overload.shutdownNow();
        watchdog.stop();
        return super.shutdownNow();
    }

    /** A thread of the pool (or of its overload pool), with its request's watch. */
    static final class Worker extends Thread {
        final RequestWatch watch = new RequestWatch(this);
        /** True on the overload pool's threads: every request they take is answered 503. */
        final boolean overload;

        private final RequestWatch.Watchdog watchdog;

        Worker(Runnable r, String name, boolean overload, RequestWatch.Watchdog watchdog) {
            super(r, name);
            this.overload = overload;
            this.watchdog = watchdog;
            setDaemon(true);
        }

        @Override
        public void run() {
            watchdog.add(watch);
            try {
                super.run();
            } finally {
                watchdog.remove(watch);
            }
        }
    }

    /** True when the current thread answers overload (503) only. */
    static boolean onOverloadThread() {
        Thread t = Thread.currentThread();
        return t instanceof Worker && ((Worker) t).overload;
    }

    private static final class Factory implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final boolean overload;
        private final RequestWatch.Watchdog watchdog;
        private final AtomicInteger count = new AtomicInteger();

        Factory(String prefix, boolean overload, RequestWatch.Watchdog watchdog) {
            this.prefix = prefix;
            this.overload = overload;
            this.watchdog = watchdog;
        }

        @Override
        public Thread newThread(Runnable r) {
            return new Worker(r, prefix + count.incrementAndGet(), overload, watchdog);
        }
    }

    /** Refuses a task while the pool can grow and has no idle thread, so that the pool grows first. */
    static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        volatile HandlerPool pool;

        GrowFirstQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable task) {
            HandlerPool p = pool;
            if (p == null) {
                return super.offer(task);
            }
            int size = p.getPoolSize();
            if (size >= p.getMaximumPoolSize()) {
                return super.offer(task);
            }
            if (p.submitted() <= size) {
                return super.offer(task); // an idle thread will take it
            }
            return false; // the executor starts a new thread (or, at the maximum, refuses: overload)
        }
    }
}
