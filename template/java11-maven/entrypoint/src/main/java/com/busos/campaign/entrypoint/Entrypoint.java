package com.busos.campaign.entrypoint;

import com.openfaas.model.IHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The function's process: the upstream that of-watchdog (mode=http) proxies to. Settings: {@link Settings}.
 *
 * <p>Start-up, in this order: read the settings; bind the port and answer {@code 503 Retry-After: 1}
 * ({@link StartingGate}); handle SIGTERM; load the handler class; serve. A handler that cannot be
 * loaded ends the process with exit code 1.
 *
 * <p>On SIGTERM ({@link GracefulStop}): requests are accepted and answered for {@code DRAIN_SECONDS},
 * then the port is closed, the requests in flight finish (within {@code SHUTDOWN_GRACE_SECONDS} of the
 * signal), and the process exits 0.
 *
 * <p>With {@code ENTRYPOINT_TRAINING_BODY} set, it calls itself once with that body and exits 0
 * ({@link TrainingRun}: the image build's run for its class-data archive).
 *
 * <p>Every line it prints is one JSON object ({@link JsonLog}); {@code "event":"listening"} and then
 * {@code "event":"serving"} carry {@code "port"}.
 */
public final class Entrypoint implements AutoCloseable, GracefulStop.Target {

    public static final String DEFAULT_HANDLER_CLASS = Settings.DEFAULT_HANDLER_CLASS;
    public static final int DEFAULT_PORT = Settings.DEFAULT_PORT;
    /** Threads kept when idle; up to {@code HANDLER_THREADS} run at once ({@link Settings#defaultThreads()}). */
    public static final int CORE_THREADS = Settings.CORE_THREADS;

    public static final int DEFAULT_GRACE_SECONDS = Settings.DEFAULT_GRACE_SECONDS;

    /**
     * TCP_NODELAY on every connection the JDK server accepts (unless {@code -D} sets it otherwise). The
     * server writes a response's headers and its body in two writes; with Nagle's algorithm the body
     * waits for the client's delayed ACK of the headers, about 40 ms on Linux, on every keep-alive
     * request (docs/benchmarks.md, benchmark 1). Read once per JVM, when the first server is created.
     */
    public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final HandlerPool executor;
    private final StartingGate gate;
    private final Limits limits;
    private volatile FunctionHttpHandler handler;

    private Entrypoint(HttpServer server, HandlerPool executor, StartingGate gate, Limits limits) {
        this.server = server;
        this.executor = executor;
        this.gate = gate;
        this.limits = limits;
    }

    public static void main(String[] args) {
        JsonLog log = JsonLog.stdout("entrypoint");
        Settings settings;
        Entrypoint entrypoint;
        try {
            settings = Settings.from(System.getenv());
            entrypoint = listen("0.0.0.0", settings.port, settings.threads, settings.queue, settings.limits());
        } catch (Exception e) {
            log.error("start_failed")
                    .with("error", FunctionHttpHandler.describe(e))
                    .print();
            System.exit(1);
            return;
        }
        log.info("listening")
                .with("port", entrypoint.port())
                .with("handler", settings.handlerClass)
                .print();
        if (settings.drainLowered) {
            log.warn("drain_lowered")
                    .with("drain_seconds", settings.drain.getSeconds())
                    .with("reason", "DRAIN_SECONDS is at most half of SHUTDOWN_GRACE_SECONDS")
                    .print();
        }
        // Before the handler is loaded: a SIGTERM during a slow start stops as cleanly as any other.
        new GracefulStop(log, entrypoint, settings.drain, settings.grace, System::exit).installSignalHandlers();
        IHandler function;
        try {
            function = loadHandler(settings.handlerClass, Entrypoint.class.getClassLoader());
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            log.error("start_failed")
                    .with("handler", settings.handlerClass)
                    .with("error", FunctionHttpHandler.describe(cause))
                    .print();
            System.exit(1);
            return;
        }
        Deadline deadline = settings.deadline();
        Limits limits = entrypoint.limits;
        entrypoint.open(new FunctionHttpHandler(function, log, null, null, deadline, limits));
        log.info("serving")
                .with("handler", settings.handlerClass)
                .with("port", entrypoint.port())
                .with("threads", settings.threads)
                .with("threads_from", settings.threadsFrom)
                .with("queue", settings.queue)
                .with("max_body_bytes", limits.maxBodyBytes)
                .with("body_memory_bytes", limits.bodyMemoryBytes)
                .with("header_timeout_ms", TimeUnit.NANOSECONDS.toMillis(limits.headerTimeoutNanos))
                .with("body_timeout_ms", TimeUnit.NANOSECONDS.toMillis(limits.bodyTimeoutNanos))
                .with(
                        "exec_timeout_ms",
                        deadline == null ? null : deadline.execTimeout().toMillis())
                .with("deadline_ms", deadline == null ? null : deadline.budget().toMillis())
                .with("drain_seconds", settings.drain.getSeconds())
                .with("grace_seconds", settings.grace.getSeconds())
                .print();
        String training = TrainingRun.body(System.getenv());
        if (training != null) train(log, entrypoint, training);
    }

    /** The image build's training run ({@link TrainingRun}): one call to itself, then exit 0 (1 if it fails). */
    private static void train(JsonLog log, Entrypoint entrypoint, String body) {
        int status = -1;
        String error = null;
        try {
            status = TrainingRun.call(entrypoint.port(), body);
        } catch (IOException e) {
            error = FunctionHttpHandler.describe(e);
        }
        if (error != null) log.error("training_failed").with("error", error).print();
        else log.info("trained").with("status", status).print();
        System.exit(error == null ? 0 : 1);
    }

    /** Starts serving {@code function} on {@code host:port} (port 0: any free port), with no deadline. */
    public static Entrypoint start(String host, int port, IHandler function, int threads) throws IOException {
        return start(host, port, new FunctionHttpHandler(function), threads);
    }

    /**
     * Starts serving {@code handler} on {@code host:port} (port 0: any free port), with up to
     * {@code threads} threads and the default queue; the limits are the handler's.
     */
    public static Entrypoint start(String host, int port, FunctionHttpHandler handler, int threads) throws IOException {
        Entrypoint entrypoint = listen(host, port, threads, Settings.DEFAULT_QUEUE, handler.limits());
        entrypoint.open(handler);
        return entrypoint;
    }

    /** Binds with the default queue and limits, and answers 503 + Retry-After until {@link #open(FunctionHttpHandler)}. */
    public static Entrypoint listen(String host, int port, int threads) throws IOException {
        return listen(host, port, threads, Settings.DEFAULT_QUEUE, Limits.defaults());
    }

    /**
     * Binds and answers 503 + Retry-After until {@link #open(FunctionHttpHandler)}.
     *
     * @param threads most exchanges served at once (threads start as needed; see {@link HandlerPool})
     * @param queue   exchanges that wait when all of them are busy; beyond that, 503 + Retry-After
     * @param limits  header and body timeouts (the body limit is the handler's own)
     */
    public static Entrypoint listen(String host, int port, int threads, int queue, Limits limits) throws IOException {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        RequestWatch.Watchdog watchdog = new RequestWatch.Watchdog(limits, JsonLog.stdout("entrypoint"));
        HandlerPool executor = new HandlerPool("entrypoint-", Settings.CORE_THREADS, threads, queue, watchdog);
        StartingGate gate = new StartingGate(limits.retryAfterSeconds);
        server.createContext("/", gate);
        server.setExecutor(executor);
        server.start();
        return new Entrypoint(server, executor, gate, limits);
    }

    /** From now on, requests go to {@code handler}. */
    public void open(FunctionHttpHandler handler) {
        this.handler = handler;
        gate.open(handler);
    }

    /** A fixed pool of daemon threads with an unbounded queue (the local gateway's; the entrypoint's own is {@link HandlerPool}). */
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

    /** Null until the handler is loaded. */
    public FunctionHttpHandler handler() {
        return handler;
    }

    @Override
    public InFlight inFlight() {
        return gate.inFlight();
    }

    /**
     * Closes the listening socket. {@code HttpServer.stop} closes it at once and then waits for the
     * exchanges, but with none in progress the JDK waits its whole delay, so it runs on a daemon thread
     * and {@link GracefulStop} does the waiting.
     */
    @Override
    public void stopAccepting() {
        Thread stopper = new Thread(() -> server.stop(Settings.DEFAULT_GRACE_SECONDS), "entrypoint-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Stops at once (tests). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The executor, for tests and the gateway. */
    ThreadPoolExecutor executor() {
        return executor;
    }
}
