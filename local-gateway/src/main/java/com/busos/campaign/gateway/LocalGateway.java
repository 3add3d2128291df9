package com.busos.campaign.gateway;

import com.busos.campaign.entrypoint.Entrypoint;
import com.busos.campaign.entrypoint.FunctionHttpHandler;
import com.busos.campaign.entrypoint.GracefulStop;
import com.busos.campaign.entrypoint.InFlight;
import com.busos.campaign.entrypoint.JsonLog;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * The campaign's functions on one JVM, without Docker: a stand-in for the OpenFaaS gateway, the
 * function containers and the cron-connector.
 *
 * <ul>
 *   <li>Reads the stack file; every function is loaded from {@code <handler>/target/function.jar} +
 *       {@code target/lib/*.jar} in its own class loader ({@link FunctionInstance}).</li>
 *   <li>Serves any method on {@code /function/<name>} and {@code /function/<name>/<path>} (also
 *       {@code <name>.<namespace>}) through the template's {@link FunctionHttpHandler}, the code
 *       path of the function's container. The function sees the path after the name ("/" if none),
 *       plus the gateway's X-Call-Id, X-Start-Time, X-Forwarded-Host and, when the caller sent none,
 *       X-Forwarded-For (the caller's {@code ip:port}, as the real gateway sets it). Unknown names: 404.</li>
 *   <li>Before loading functions, sets the system properties {@code REDIS_URL}, {@code GATEWAY_URL},
 *       {@code SECRETS_DIR} and the stack file's environment entries (see {@link #start(Options)}).</li>
 *   <li>Invokes cron functions like the cron-connector ({@link CronConnector}).</li>
 *   <li>Sandbox mode ({@link SandboxMode}) when no Notion token and no Resend key are configured: the
 *       functions get a local Notion and an outbox, shown at {@code /outbox}; {@code /preview} renders
 *       the template files.</li>
 * </ul>
 *
 * Command line: {@code LocalGateway [--stack stack.yml] [--no-cron]}; env {@code PORT} (default
 * 8080), {@code REDIS_URL}, {@code GATEWAY_URL}, {@code SECRETS_DIR}, {@code LOCAL_CRON=off},
 * {@code DRAIN_SECONDS} (default 2), {@code SHUTDOWN_GRACE_SECONDS} (default 30).
 *
 * <p>Ctrl-C (SIGINT) or SIGTERM stops it as the entrypoint stops ({@link GracefulStop}): requests are
 * still served for {@code DRAIN_SECONDS} (a second Ctrl-C ends that at once), then the port closes, the
 * requests in flight finish, and it exits. Every line it prints is one JSON object ({@link JsonLog},
 * {@code "logger":"local-gateway"}); the first, {@code "event":"started"}, has the {@code "url"},
 * {@code "port"}, {@code "sandbox"} and, in {@code "message"}, what runs where (in sandbox mode also
 * where its state is kept and where the admin token is). In sandbox mode, with sends pending, the stop
 * prints one {@code "event":"sandbox_kept"} line saying how many are kept.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class LocalGateway implements AutoCloseable, GracefulStop.Target {

    /** Shorter than the entrypoint's: nothing routes to a local gateway but the developer's own calls. */
    public static final int DEFAULT_DRAIN_SECONDS = 2;

    public static final String HANDLER_CLASS = Entrypoint.DEFAULT_HANDLER_CLASS;
    /** Start of the body of the 404 for an unknown function name. */
    public static final String NOT_FOUND_PREFIX = "function not found: ";

    /**
     * Environment keys that configure of-watchdog itself rather than the function; they are not
     * turned into system properties.
     */
    static final Set<String> WATCHDOG_KEYS = Set.of(
            "read_timeout",
            "write_timeout",
            "exec_timeout",
            "healthcheck_interval",
            "max_inflight",
            "upstream_url",
            "mode",
            "fprocess",
            "prefix_logs",
            "ready_path",
            "suppress_lock",
            "content_type",
            "log_buffer_size",
            "static_path",
            "port",
            "jwt_auth",
            "jwt_auth_debug",
            "jwt_auth_local",
            "buffer_http");

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^@/]*)@");

    /** How to start a gateway. */
    public static final class Options {
        Path stackFile = Path.of("stack.yml");
        int port = 8080;
        String redisUrl;
        boolean cron = true;
        Map<String, String> environment = System.getenv();
        PrintStream out = System.out;
        java.time.Duration drain = java.time.Duration.ofSeconds(DEFAULT_DRAIN_SECONDS);
        java.time.Duration grace = java.time.Duration.ofSeconds(30);

        /** Default: {@code stack.yml} in the working directory. */
        public Options stackFile(Path stackFile) {
            this.stackFile = stackFile;
            return this;
        }

        /** Default 8080; 0 picks a free port. */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** Redis to use; null (the default) means env REDIS_URL, or an embedded server when unset. */
        public Options redisUrl(String redisUrl) {
            this.redisUrl = redisUrl;
            return this;
        }

        /** Invoke cron functions on schedule (default true); {@link #tickCron()} works either way. */
        public Options cron(boolean cron) {
            this.cron = cron;
            return this;
        }

        /** The environment the gateway reads (default: the process's). */
        public Options environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Where the log lines go (default: stdout). */
        public Options out(PrintStream out) {
            this.out = out;
            return this;
        }

        /** From the command line and the process environment. */
        static Options fromCommandLine(String[] args, Map<String, String> env) {
            Options options = new Options().environment(env);
            String port = env.get("PORT");
            if (port != null && !port.isBlank()) {
                options.port(Integer.parseInt(port.trim()));
            }
            options.grace = java.time.Duration.ofSeconds(seconds(env, "SHUTDOWN_GRACE_SECONDS", 30));
            options.drain = java.time.Duration.ofSeconds(seconds(env, "DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS));
            String cron = env.getOrDefault("LOCAL_CRON", "on").trim().toLowerCase();
            options.cron(!(cron.equals("off") || cron.equals("false") || cron.equals("0") || cron.equals("no")));
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--stack":
                    case "-f":
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(args[i] + " needs a file");
                        }
                        options.stackFile(Path.of(args[++i]));
                        break;
                    case "--no-cron":
                        options.cron(false);
                        break;
                    default:
                        throw new IllegalArgumentException(
                                "unknown argument " + args[i]
                                        + " (usage: LocalGateway [--stack stack.yml] [--no-cron]; env PORT, REDIS_URL, LOCAL_CRON=off)");
                }
            }
            return options;
        }

        private static int seconds(Map<String, String> env, String name, int defaultValue) {
            String raw = env.get(name);
            if (raw == null || raw.isBlank()) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number of seconds >= 0, got '" + raw + "'");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    /** e.g. {@code http://127.0.0.1:8080}. */
    @Getter
    private final String baseUrl;
    /**
     * The Redis the functions were given (may contain a password: do not print it); null when the
     * environment gives a Redis Cluster (REDIS_CLUSTER_NODES, which the functions read themselves).
     */
    @Getter
    private final String redisUrl;

    private final EmbeddedRedis embeddedRedis;
    private final Map<String, FunctionInstance> functions;

    @Getter
    private final CronConnector cron;

    private final Map<String, String> previousProperties;
    private final JsonLog log;
    private final InFlight inFlight = new InFlight();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile SandboxMode sandbox;
    private volatile SandboxState sandboxState;

    public static void main(String[] args) {
        JsonLog log = JsonLog.stdout("local-gateway");
        LocalGateway gateway;
        Options options;
        try {
            options = Options.fromCommandLine(args, System.getenv());
            gateway = start(options);
        } catch (Exception e) {
            log.error("start_failed").with("error", e.getMessage()).print();
            System.exit(1);
            return;
        }
        // close() (embedded Redis, class loaders) runs on the way out, once the stop below calls exit.
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "local-gateway-stop"));
        new GracefulStop(log, gateway, options.drain, options.grace, System::exit).installSignalHandlers();
    }

    /**
     * Starts the gateway. In order:
     * <ol>
     *   <li>reads the stack file and checks that every function's target/function.jar exists;</li>
     *   <li>binds 127.0.0.1:port;</li>
     *   <li>Redis: {@code options.redisUrl}, else env {@code REDIS_URL}, else (unless env
     *       {@code REDIS_CLUSTER_NODES} gives a Redis Cluster, which wins in the functions) an embedded server on
     *       127.0.0.1 and a free port (requiring the {@code redis-password} secret when the secrets
     *       folder has one); in sandbox mode it keeps its data in {@code <sandbox>/redis} (AOF, loaded
     *       again by the next start, {@link SandboxState}), otherwise nothing;</li>
     *   <li>sets system properties, each restored by {@link #close()}:
     *     <ul>
     *       <li>{@code REDIS_URL}: the Redis above;</li>
     *       <li>{@code GATEWAY_URL}: env {@code GATEWAY_URL} if set, else this gateway's URL;</li>
     *       <li>{@code SECRETS_DIR}: env {@code SECRETS_DIR} if set, else {@code <stack folder>/.secrets}
     *           when it exists (as {@code faas-cli local-run} mounts ./.secrets);</li>
     *       <li>in sandbox mode (no notion-token and no resend-api-key found, or {@code SANDBOX_DIR} set):
     *           {@code SANDBOX_DIR}, {@code TEMPLATES_DIR} and, unless set, {@code TESTING_MODE=true}
     *           ({@link SandboxMode}); and, where nothing configures them, {@code ADMIN_TOKEN} and
     *           {@code UNSUBSCRIBE_SECRET} from the files the sandbox generates in {@code <sandbox>/secrets}
     *           and {@code PUBLIC_GATEWAY_URL} this gateway's URL ({@link SandboxState});</li>
     *       <li>every other {@code environment}/{@code environment_file} entry of the stack's functions,
     *           unless the variable is set in the real environment, the property is already set
     *           (e.g. with -D), it is an of-watchdog setting (exec_timeout...), or two functions give it
     *           different values (system properties are shared by all functions; skipped with a warning);</li>
     *     </ul></li>
     *   <li>prints the line saying what runs where (first: whether it is the sandbox);</li>
     *   <li>loads and instantiates the functions, starts serving and, if enabled, the cron.</li>
     * </ol>
     */
    public static LocalGateway start(Options options) throws IOException {
        JsonLog log = JsonLog.to("local-gateway", options.out);
        Map<String, String> env = options.environment;
        StackFile stack = StackFile.read(options.stackFile, env);
        Map<String, List<Path>> jars = new LinkedHashMap<>();
        for (StackFile.Function fn : stack.functions().values()) {
            List<Path> functionJars =
                    new java.util.ArrayList<>(FunctionInstance.jars(fn.name(), stack.handlerDirectory(fn)));
            // Lent to every function: the sandbox's stand-ins are on no function's own class path (its image has none).
            functionJars.add(FunctionInstance.sandboxJar());
            jars.put(fn.name(), functionJars);
        }
        Path secretsDir = secretsDirectory(stack, env);

        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port), 0);
        } catch (java.net.BindException e) {
            throw new IOException(
                    "cannot listen on 127.0.0.1:" + options.port + " (" + e.getMessage()
                            + "): stop what uses it or choose another port with PORT=...",
                    e);
        }
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        EmbeddedRedis embedded = null;
        Map<String, String> previous = new LinkedHashMap<>();
        Map<String, FunctionInstance> functions = new LinkedHashMap<>();
        CronConnector cron = null;
        ThreadPoolExecutor executor = null;
        try {
            String redisUrl = options.redisUrl != null ? options.redisUrl : blankToNull(env.get("REDIS_URL"));
            // A Redis Cluster in the environment (REDIS_CLUSTER_NODES, which the functions read and which
            // wins over REDIS_URL): no embedded server, and no REDIS_URL of the gateway's.
            String clusterNodes = blankToNull(env.get("REDIS_CLUSTER_NODES"));
            String secretsEnv = blankToNull(env.get("SECRETS_DIR"));
            String secretsProperty =
                    secretsEnv != null ? secretsEnv : secretsDir == null ? null : secretsDir.toString();
            SandboxMode sandbox = SandboxMode.detect(stack, env, secretsProperty);
            String redisPassword = readSecret(secretsDir, "redis-password");
            if (redisUrl == null && clusterNodes == null) {
                // The sandbox's own Redis keeps its data beside the sandbox's Notion records (SandboxState).
                embedded = sandbox.on()
                        ? EmbeddedRedis.startPersistent(
                                redisPassword,
                                SandboxState.redisFolder(sandbox.folder().orElseThrow()))
                        : EmbeddedRedis.start(redisPassword);
                redisUrl = embedded.url();
            }
            Map<String, String> properties = new LinkedHashMap<>();
            List<String> warnings = new ArrayList<>();
            if (redisUrl != null) properties.put("REDIS_URL", redisUrl);
            if (embedded != null) {
                // The embedded server has no ACL user: the functions log in as its default user.
                properties.put("REDIS_USER", "default");
            }
            String gatewayUrl = blankToNull(env.get("GATEWAY_URL"));
            properties.put("GATEWAY_URL", gatewayUrl != null ? gatewayUrl : baseUrl);
            if (secretsProperty != null) properties.put("SECRETS_DIR", secretsProperty);
            properties.putAll(sandbox.properties());
            String sandboxNotes = "";
            if (sandbox.on()) {
                sandboxNotes =
                        sandboxSettings(sandbox.folder().orElseThrow(), secretsProperty, env, baseUrl, properties);
            }
            properties.putAll(stackEnvironment(stack, env, properties.keySet(), warnings));
            properties.forEach((key, value) -> {
                previous.put(key, System.getProperty(key));
                System.setProperty(key, value);
            });

            cron = new CronConnector(baseUrl, CronConnector.jobs(stack, warnings), log);
            log.info("started")
                    .with("url", baseUrl)
                    .with("port", server.getAddress().getPort())
                    .with("sandbox", sandbox.on())
                    .with(
                            "message",
                            sandbox.firstLine(
                                    describe(
                                            baseUrl,
                                            clusterNodes != null ? "cluster " + clusterNodes : redisUrl,
                                            embedded,
                                            stack,
                                            cron,
                                            options.cron,
                                            properties.get("SECRETS_DIR")),
                                    baseUrl,
                                    sandboxNotes))
                    .print();
            warnings.forEach(w -> log.warn("config_warning").with("message", w).print());

            for (StackFile.Function fn : stack.functions().values()) {
                String duplicates = FunctionInstance.duplicateLibraries(jars.get(fn.name()));
                if (duplicates != null) {
                    log.warn("duplicate_libraries")
                            .with("fn", fn.name())
                            .with("libraries", duplicates)
                            .with(
                                    "folder",
                                    stack.handlerDirectory(fn)
                                            .resolve("target/lib")
                                            .toString())
                            .with(
                                    "message",
                                    "left by an earlier build; function.jar has no Class-Path to tell which:"
                                            + " run `mvn clean package -DskipTests`")
                            .print();
                }
                FunctionInstance instance =
                        FunctionInstance.load(fn.name(), fn.namespace(), jars.get(fn.name()), HANDLER_CLASS, log);
                functions.put(fn.name(), instance);
                if (instance.failure() != null) {
                    log.error("function_unavailable")
                            .with("fn", fn.name())
                            .with("error", instance.failure())
                            .with("message", "the handler could not be created, the function answers 502")
                            .print();
                }
            }
            executor = Entrypoint.newPool("local-gateway-", 32);
            LocalGateway gateway = new LocalGateway(
                    server,
                    executor,
                    baseUrl,
                    redisUrl,
                    embedded,
                    Collections.unmodifiableMap(functions),
                    cron,
                    previous,
                    log);
            gateway.sandbox = sandbox;
            if (sandbox.on() && embedded != null && embedded.persistent()) {
                gateway.sandboxState = new SandboxState(sandbox.folder().orElseThrow(), embedded, redisPassword);
                SandboxState.Counts restored = gateway.sandboxState.restored();
                if (restored != null) {
                    log.info("sandbox_restored")
                            .with("pending_emails", restored.emails)
                            .with("pending_crm_jobs", restored.crmJobs)
                            .with(
                                    "message",
                                    "kept from the last run: " + restored.emails + " emails and " + restored.crmJobs
                                            + " CRM jobs pending, in " + embedded.directory())
                            .print();
                }
            }
            server.createContext("/", gateway::route);
            server.setExecutor(executor);
            server.start();
            if (options.cron) {
                cron.start();
            }
            return gateway;
        } catch (IOException | RuntimeException | Error e) {
            server.stop(0);
            if (executor != null) {
                executor.shutdownNow();
            }
            if (cron != null) {
                cron.close();
            }
            functions.values().forEach(FunctionInstance::close);
            if (embedded != null) {
                embedded.close();
            }
            restore(previous);
            throw e;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The sandbox folder (its notion/ and outbox/) when the gateway runs in sandbox mode. */
    public java.util.Optional<Path> sandboxDirectory() {
        return sandbox.folder();
    }

    /** True when this gateway started its own Redis server. */
    public boolean embeddedRedis() {
        return embeddedRedis != null;
    }

    public Set<String> functionNames() {
        return functions.keySet();
    }

    public FunctionInstance function(String name) {
        return functions.get(name);
    }

    /** Invokes every cron function once, now, as the cron-connector would; returns the outcomes. */
    public Map<String, CronConnector.Result> tickCron() {
        return cron.tick();
    }

    @Override
    public InFlight inFlight() {
        return inFlight;
    }

    /**
     * Stops the cron and closes the port; requests already accepted go on. As in the entrypoint,
     * {@code HttpServer.stop} runs on a daemon thread because it waits its whole delay when idle.
     */
    @Override
    public void stopAccepting() {
        cron.close();
        SandboxState state = sandboxState;
        if (state != null) state.reportKept(log);
        Thread stopper = new Thread(() -> server.stop(30), "local-gateway-stop-accepting");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Stops the cron, the server, the embedded Redis; restores the system properties it set. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cron.close();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        functions.values().forEach(FunctionInstance::close);
        SandboxState state = sandboxState;
        if (state != null) state.reportKept(log);
        if (embeddedRedis != null) {
            embeddedRedis.close();
        }
        restore(previousProperties);
    }

    private void route(HttpExchange exchange) {
        inFlight.enter();
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        int status = -1;
        try {
            status = dispatch(exchange, path);
        } catch (IOException | RuntimeException e) {
            log.warn("request_failed")
                    .with("method", exchange.getRequestMethod())
                    .with("path", path)
                    .with("error", String.valueOf(e))
                    .print();
        } finally {
            exchange.close();
            SandboxState state = sandboxState;
            // what is pending after this call, for the line on the way out (see SandboxState)
            if (state != null && path.startsWith("/function/")) state.refresh();
            // A cron tick answered 200 has its line already (the connector's cron_invoked): an idle
            // minute logs one line, not two.
            boolean cronTick = status == 200
                    && "cron-connector".equals(exchange.getRequestHeaders().getFirst("X-Connector"));
            if (!cronTick) {
                log.info("request")
                        .with("method", exchange.getRequestMethod())
                        .with("path", path)
                        .with("status", status)
                        .with("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .print();
            }
            inFlight.leave(); // last: the stop waits for this line too
        }
    }

    private int dispatch(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/healthz")) {
            return plain(exchange, 200, "OK");
        }
        if (path.equals("/")) {
            return html(exchange, IndexPage.render(functions.values(), sandbox.on()));
        }
        if (sandbox.handles(path)) {
            return sandbox.serve(exchange, path);
        }
        if (!path.startsWith("/function/")) {
            return plain(exchange, 404, "not found: " + path);
        }
        String rest = path.substring("/function/".length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String functionPath = slash < 0 ? "/" : rest.substring(slash);
        FunctionInstance function = lookup(name);
        if (function == null) {
            return plain(exchange, 404, NOT_FOUND_PREFIX + name);
        }
        if (function.handler() == null) {
            return plain(
                    exchange,
                    502,
                    "Can't reach service for: " + function.name() + "." + function.namespace() + " ("
                            + function.failure() + ")");
        }
        Map<String, String> extra = new HashMap<>();
        String callId = exchange.getRequestHeaders().getFirst("X-Call-Id");
        extra.put("X-Call-Id", callId != null ? callId : UUID.randomUUID().toString());
        extra.put("X-Start-Time", String.valueOf(System.currentTimeMillis() * 1_000_000L));
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (exchange.getRequestHeaders().getFirst("X-Forwarded-Host") == null && host != null) {
            extra.put("X-Forwarded-Host", host);
        }
        if (exchange.getRequestHeaders().getFirst("X-Forwarded-For") == null) {
            extra.put("X-Forwarded-For", remoteAddr(exchange.getRemoteAddress()));
        }
        exchange.getResponseHeaders().set("X-Call-Id", extra.get("X-Call-Id"));
        return function.handler().serve(exchange, functionPath, extra);
    }

    /**
     * The caller's address as Go's {@code http.Request.RemoteAddr} writes it ({@code ip:port},
     * {@code [ipv6]:port}): what the real gateway puts in X-Forwarded-For when the caller sent none.
     */
    static String remoteAddr(java.net.InetSocketAddress remote) {
        java.net.InetAddress address = remote.getAddress();
        String host = address == null ? remote.getHostString() : address.getHostAddress();
        if (address instanceof java.net.Inet6Address) {
            int zone = host.indexOf('%');
            return "[" + (zone < 0 ? host : host.substring(0, zone)) + "]:" + remote.getPort();
        }
        return host + ":" + remote.getPort();
    }

    /** {@code name}, or {@code name.namespace} as the cron-connector and queue-worker call it. */
    private FunctionInstance lookup(String name) {
        FunctionInstance function = functions.get(name);
        if (function != null) {
            return function;
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            function = functions.get(name.substring(0, dot));
            if (function != null && function.namespace().equals(name.substring(dot + 1))) {
                return function;
            }
        }
        return null;
    }

    private static int html(HttpExchange exchange, String page) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        return answer(exchange, 200, "text/html; charset=utf-8", page);
    }

    private static int plain(HttpExchange exchange, int status, String body) throws IOException {
        return answer(exchange, status, "text/plain; charset=utf-8", body);
    }

    private static int answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getRequestBody().readAllBytes();
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
        return status;
    }

    /** The stack's environment entries that become system properties; conflicts become warnings. */
    static Map<String, String> stackEnvironment(
            StackFile stack, Map<String, String> env, Set<String> reserved, List<String> warnings) {
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        Set<String> conflicting = new TreeSet<>();
        for (StackFile.Function fn : stack.functions().values()) {
            for (Map.Entry<String, String> e : fn.environment().entrySet()) {
                String key = e.getKey();
                if (reserved.contains(key)
                        || WATCHDOG_KEYS.contains(key)
                        || env.containsKey(key)
                        || System.getProperty(key) != null) {
                    continue;
                }
                String earlier = chosen.get(key);
                if (earlier == null && !conflicting.contains(key)) {
                    chosen.put(key, e.getValue());
                    owner.put(key, fn.name());
                } else if (earlier != null && !earlier.equals(e.getValue())) {
                    chosen.remove(key);
                    conflicting.add(key);
                    warnings.add("environment " + key + " differs between " + owner.get(key) + " and " + fn.name()
                            + ": not set; set it in the environment or with -D" + key + "=...");
                }
            }
        }
        return chosen;
    }

    /**
     * Sandbox mode: the settings the operator tools need, where nothing configures them (a secrets file,
     * a system property, the environment): the generated admin-token and unsubscribe-secret
     * ({@link SandboxState}) and PUBLIC_GATEWAY_URL this gateway, so that emails carry unsubscribe links
     * that work locally. Put in {@code properties}; answers what the first line says about them.
     */
    private static String sandboxSettings(
            Path folder,
            String secretsProperty,
            Map<String, String> env,
            String baseUrl,
            Map<String, String> properties)
            throws IOException {
        com.busos.campaign.config.ConfigSource configured = new com.busos.campaign.config.ConfigSource(
                Path.of(
                        secretsProperty == null
                                ? com.busos.campaign.config.ConfigSource.DEFAULT_SECRETS_DIR
                                : secretsProperty),
                System.getProperties(),
                env);
        Map<com.busos.campaign.config.Setting, String> generated = SandboxState.secrets(folder, configured);
        generated.forEach((setting, value) -> properties.put(setting.envName(), value));
        if (configured.get(com.busos.campaign.config.Setting.PUBLIC_GATEWAY_URL).isEmpty()) {
            properties.put(com.busos.campaign.config.Setting.PUBLIC_GATEWAY_URL.envName(), baseUrl);
        }
        com.busos.campaign.config.Setting admin = com.busos.campaign.config.Setting.ADMIN_TOKEN;
        return "; state kept in " + SandboxState.redisFolder(folder) + " (delete " + folder + " to start over)"
                + "; console " + baseUrl + "/function/campaign-admin/, everything else at " + baseUrl + "/"
                + "; admin token: "
                + (generated.containsKey(admin)
                        ? SandboxState.secretsFolder(folder)
                                .resolve(admin.secretName())
                                .toString()
                        : "as configured (" + admin.label() + ")")
                + "; unsubscribe links: "
                + properties.getOrDefault(
                        com.busos.campaign.config.Setting.PUBLIC_GATEWAY_URL.envName(),
                        "PUBLIC_GATEWAY_URL as configured");
    }

    private static Path secretsDirectory(StackFile stack, Map<String, String> env) {
        String fromEnv = blankToNull(env.get("SECRETS_DIR"));
        if (fromEnv != null) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        Path local = stack.directory().resolve(".secrets");
        return Files.isDirectory(local) ? local : null;
    }

    private static String readSecret(Path secretsDir, String name) throws IOException {
        if (secretsDir == null) {
            return null;
        }
        Path file = secretsDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        return value.isEmpty() ? null : value;
    }

    private static String describe(
            String baseUrl,
            String redisUrl,
            EmbeddedRedis embedded,
            StackFile stack,
            CronConnector cron,
            boolean cronOn,
            String secretsDir) {
        StringBuilder line = new StringBuilder("gateway ")
                .append(baseUrl)
                .append(" | redis ")
                .append(maskPassword(redisUrl))
                .append(
                        embedded == null
                                ? ""
                                : (embedded.requiresPassword()
                                                ? " (embedded, password from redis-password secret)"
                                                : " (embedded)")
                                        + (embedded.persistent() ? ", its data kept in " + embedded.directory() : ""))
                .append(" | secrets ")
                .append(secretsDir == null ? "none" : secretsDir)
                .append(" | functions:");
        String separator = " ";
        for (StackFile.Function fn : stack.functions().values()) {
            line.append(separator)
                    .append(fn.name())
                    .append(" -> ")
                    .append(baseUrl)
                    .append("/function/")
                    .append(fn.name());
            for (CronConnector.Job job : cron.jobs()) {
                if (job.name().equals(fn.name())) {
                    line.append(" (cron \"")
                            .append(job.schedule())
                            .append("\"")
                            .append(cronOn ? "" : ", off")
                            .append(")");
                }
            }
            separator = ", ";
        }
        return line.toString();
    }

    /** {@code redis://user:secret@host} becomes {@code redis://user:***@host}. */
    static String maskPassword(String url) {
        if (url == null) {
            return null;
        }
        java.util.regex.Matcher m = USER_INFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String masked = colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***";
        return m.group(1) + masked + "@" + url.substring(m.end());
    }

    private static void restore(Map<String, String> previous) {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
