package com.busos.campaign.entrypoint;

import com.openfaas.model.IHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The function's process: the upstream that of-watchdog (mode=http) proxies to.
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code UPSTREAM_PORT}: port, default 8082 (the template's {@code upstream_url}); 0 picks a free one</li>
 *   <li>{@code HANDLER_CLASS}: default {@code com.openfaas.function.Handler}; must implement
 *       {@link IHandler} (e.g. extend {@code AbstractHandler}) and have a public no-argument constructor</li>
 *   <li>{@code HANDLER_THREADS}: requests served at the same time, default 16; more wait in a queue</li>
 *   <li>{@code SHUTDOWN_GRACE_SECONDS}: on SIGTERM, how long in-flight requests may still run, default 30</li>
 * </ul>
 * On SIGTERM it stops accepting connections, lets the requests being served finish (within the grace
 * period), then exits.
 */
public final class Entrypoint implements AutoCloseable {

    public static final String DEFAULT_HANDLER_CLASS = "com.openfaas.function.Handler";
    public static final int DEFAULT_PORT = 8082;
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_GRACE_SECONDS = 30;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final FunctionHttpHandler handler;

    private Entrypoint(HttpServer server, ThreadPoolExecutor executor, FunctionHttpHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String className = env.getOrDefault("HANDLER_CLASS", DEFAULT_HANDLER_CLASS);
        Entrypoint entrypoint;
        int threads;
        Duration grace;
        try {
            int port = intSetting(env, "UPSTREAM_PORT", DEFAULT_PORT, 0);
            threads = intSetting(env, "HANDLER_THREADS", DEFAULT_THREADS, 1);
            grace = Duration.ofSeconds(intSetting(env, "SHUTDOWN_GRACE_SECONDS", DEFAULT_GRACE_SECONDS, 0));
            IHandler function = loadHandler(className, Entrypoint.class.getClassLoader());
            entrypoint = start("0.0.0.0", port, function, threads);
        } catch (Exception e) {
            System.out.println("[entrypoint] cannot start: " + FunctionHttpHandler.describe(e));
            System.exit(1);
            return;
        }
        System.out.println("[entrypoint] serving " + className + " on 0.0.0.0:" + entrypoint.port()
                + " with " + threads + " threads");
        Entrypoint running = entrypoint;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.shutdown(grace), "entrypoint-shutdown"));
    }

    /**
     * TCP_NODELAY on every connection the JDK server accepts (unless {@code -D} sets it otherwise). The
     * server writes a response's headers and its body in two writes; with Nagle's algorithm the body
     * waits for the client's delayed ACK of the headers, about 40 ms on Linux, on every keep-alive
     * request (docs/benchmarks.md, benchmark 1). Read once per JVM, when the first server is created.
     */
    public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /** Starts serving {@code function} on {@code host:port} (port 0: any free port). */
    public static Entrypoint start(String host, int port, IHandler function, int threads) throws IOException {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        FunctionHttpHandler handler = new FunctionHttpHandler(function);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ThreadPoolExecutor executor = newPool("entrypoint-", threads);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return new Entrypoint(server, executor, handler);
    }

    /** A fixed pool of daemon threads with an unbounded queue. */
    public static ThreadPoolExecutor newPool(String namePrefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, namePrefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /** Instantiates the handler class, which must implement {@link IHandler}. */
    public static IHandler loadHandler(String className, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, true, loader);
        if (!IHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " does not implement " + IHandler.class.getName()
                    + " (extend com.openfaas.model.AbstractHandler)");
        }
        return (IHandler) type.getDeclaredConstructor().newInstance();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FunctionHttpHandler handler() {
        return handler;
    }

    /**
     * Stops accepting connections, waits up to {@code grace} for the requests being served, then
     * stops the worker threads. Used by the SIGTERM hook.
     *
     * @return true when every in-flight request finished within the grace period
     */
    public boolean shutdown(Duration grace) {
        System.out.println("[entrypoint] SIGTERM: no longer accepting connections; waiting up to "
                + grace.getSeconds() + "s for " + handler.inFlight() + " in-flight request(s)");
        // HttpServer.stop closes the listening socket at once, then waits; with no exchange in
        // progress the JDK waits the whole delay, so the wait for in-flight requests is done here.
        Thread stopper = new Thread(() -> server.stop((int) Math.max(1, grace.getSeconds())), "entrypoint-stop");
        stopper.setDaemon(true);
        stopper.start();
        boolean idle;
        try {
            idle = handler.awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        executor.shutdown();
        System.out.println(idle ? "[entrypoint] stopped: all requests finished"
                : "[entrypoint] stopped: grace period over with " + handler.inFlight() + " request(s) unfinished");
        return idle;
    }

    /** Stops at once (tests). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static int intSetting(Map<String, String> env, String name, int defaultValue, int min) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + raw);
        }
    }

    /** The executor, for tests and the gateway. */
    ExecutorService executor() {
        return executor;
    }
}
