package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.Setting;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.RedisConnections;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;

/**
 * Benchmark 5: how long a function's process takes from JVM start to its first 200, and its resident
 * memory idle and under load, for christmas-signup and send-email, each started as the template's
 * image starts it (our Entrypoint, function.jar + lib/*), without class-data sharing, with the JDK's
 * default CDS archive, and with an application archive (AppCDS) made by a training run.
 */
final class StartupBench {
    enum Mode {
        OFF("no CDS (`-Xshare:off`)"),
        DEFAULT("default CDS (JDK archive)"),
        APPCDS("AppCDS, full training (`-XX:ArchiveClassesAtExit`)"),
        IMAGE("the image: its fprocess, its archive (cds.sh), stack.yml's limit"),
        IMAGE_JVM_DEFAULTS("the image without `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Sample(
            double listeningMs,
            double firstOkMs,
            long idleRssKib,
            long loadRssKib,
            double loadPerSecond,
            long loadErrors) {}

    private StartupBench() {}

    static Section run(Size size) {
        Section section = new Section("5. Start and footprint of a function");
        Path root = Locations.root();
        Path entrypointJar = root.resolve("template/java11-maven/entrypoint/target/entrypoint.jar");
        Path cdsDir = root.resolve("bench/target/cds");
        section.text(String.format(
                Locale.ROOT,
                """
                Each function runs as the template's image runs it, in a child JVM of the JDK running the benchmarks:
                `java <flags> -cp functions/<fn>/target/function.jar:functions/<fn>/target/lib/*:%s
                com.busos.campaign.entrypoint.Entrypoint`, with `UPSTREAM_PORT` and the settings of a fully configured
                campaign (`TestCampaign`: Notion and Resend stand-ins in this JVM, the embedded Redis) as environment
                variables, and the default heap ergonomics of this machine (in a container, its memory limit sets
                them). **First 200** is the time from starting the `java` process to the first 200 answer to a real
                request: a new signup (christmas-signup: tracker search, contact search, tracker created, E2–E5
                scheduled) or a claimed send (send-email: tracker, template, Resend, `Email N Sent`, ack); the
                client polls the port every 5 ms and sends the request as soon as it accepts connections
                (**listening**; the entrypoint binds before it loads the handler), resending it every 5 ms while
                the answer is the entrypoint's 503 "starting". **Idle** is VmRSS (`/proc/<pid>/status`) %s s after that first answer; **under load**
                is the largest VmRSS sampled every 20 ms while %d more such requests are sent by %d concurrent clients
                (their rate is shown too). The AppCDS archive comes from a training run of the same kind
                (`-XX:ArchiveClassesAtExit`, written when the process ends on SIGTERM). Medians of %d start%s per
                mode, the modes interleaved.
                """,
                root.relativize(entrypointJar),
                String.format(Locale.ROOT, "%.1f", size.idleSettle().toMillis() / 1000.0),
                size.loadRequests(),
                size.loadClients(),
                size.startRepeats(),
                size.startRepeats() == 1 ? "" : "s"));
        List<String> headlines = new ArrayList<>();
        for (String function : List.of("christmas-signup", "send-email")) {
            List<Path> classpath = classpath(root, function);
            Path archive = cdsDir.resolve(function + ".jsa");
            try (TestCampaign stands = new TestCampaign();
                    Workload work = new Workload(function, stands)) {
                // Training run for AppCDS.
                try {
                    Files.createDirectories(cdsDir);
                    Files.deleteIfExists(archive);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Sample training = once(
                        function, classpath, List.of("-XX:ArchiveClassesAtExit=" + archive), work, size, "training");
                boolean haveArchive = Files.isRegularFile(archive);
                // The image's own archive: the template's cds.sh (offline training run, then -Xshare:dump).
                Path imageArchive = cdsDir.resolve(function + "-image.jsa");
                List<String> imageFlags = imageFlags(root, imageArchive);
                long limitMib = StackLimits.memoryMib(root, function);
                List<String> imageInContainer = inContainer(imageFlags, limitMib);
                List<String> jvmDefaultsInContainer = inContainer(
                        imageFlags.stream()
                                .filter(flag ->
                                        !flag.equals("-XX:TieredStopAtLevel=1") && !flag.equals("-XX:+UseSerialGC"))
                                .toList(),
                        limitMib);
                boolean haveImageArchive = imageArchive(root, imageFlags, classpath, imageArchive);
                Map<Mode, List<Sample>> samples = new java.util.EnumMap<>(Mode.class);
                for (int r = 0; r < size.startRepeats(); r++) {
                    for (Mode mode : Mode.values()) {
                        if (mode == Mode.APPCDS && !haveArchive) continue;
                        if ((mode == Mode.IMAGE || mode == Mode.IMAGE_JVM_DEFAULTS) && !haveImageArchive) continue;
                        List<String> flags = switch (mode) {
                            case OFF -> List.of("-Xshare:off");
                            case DEFAULT -> List.of();
                            case APPCDS -> List.of("-XX:SharedArchiveFile=" + archive);
                            case IMAGE -> imageInContainer;
                            case IMAGE_JVM_DEFAULTS -> jvmDefaultsInContainer;
                        };
                        Sample sample = once(
                                function,
                                classpath,
                                flags,
                                work,
                                size,
                                mode.name().toLowerCase(Locale.ROOT) + "-" + r);
                        samples.computeIfAbsent(mode, m -> new ArrayList<>()).add(sample);
                        System.out.printf(
                                "[bench 5] %s %s: listening %.0f ms, first 200 %.0f ms, idle %d MiB, load %d MiB%n",
                                function,
                                mode,
                                sample.listeningMs(),
                                sample.firstOkMs(),
                                sample.idleRssKib() / 1024,
                                sample.loadRssKib() / 1024);
                    }
                }
                Table table = new Table(
                        "mode",
                        "JVM start → listening (ms)",
                        "JVM start → first 200 (ms)",
                        "first 200 ÷ default CDS",
                        "RSS idle (MiB)",
                        "RSS under load (MiB)",
                        "load (req/s)",
                        "load errors");
                double defaultFirst = median(samples.get(Mode.DEFAULT), Sample::firstOkMs);
                for (Mode mode : Mode.values()) {
                    List<Sample> list = samples.get(mode);
                    if (list == null) {
                        table.row(mode.label, "archive not written", "", "", "", "", "", "");
                        continue;
                    }
                    double first = median(list, Sample::firstOkMs);
                    table.row(
                            mode.label,
                            Table.ms(median(list, Sample::listeningMs)),
                            Table.ms(first),
                            Table.ratio(first / defaultFirst),
                            Table.mib((long) median(list, s -> s.idleRssKib())),
                            Table.mib((long) median(list, s -> s.loadRssKib())),
                            Table.num(median(list, Sample::loadPerSecond)),
                            list.stream().mapToLong(Sample::loadErrors).sum());
                    section.figure(function + "." + mode.name().toLowerCase(Locale.ROOT) + ".first", first);
                    section.figure(
                            function + "." + mode.name().toLowerCase(Locale.ROOT) + ".idle",
                            median(list, s -> s.idleRssKib()) / 1024.0);
                    section.figure(
                            function + "." + mode.name().toLowerCase(Locale.ROOT) + ".load",
                            median(list, s -> s.loadRssKib()) / 1024.0);
                }
                section.text("**" + function + "**"
                        + (haveArchive
                                ? String.format(
                                        Locale.ROOT,
                                        " (AppCDS archive: %s MiB, training run's first 200 after %s ms)",
                                        Table.mib(sizeKib(archive)),
                                        Table.ms(training.firstOkMs()))
                                : " (the training run wrote no archive)"));
                section.table(table);
                if (samples.containsKey(Mode.IMAGE)) {
                    double image = median(samples.get(Mode.IMAGE), Sample::firstOkMs);
                    headlines.add(String.format(
                            Locale.ROOT,
                            "%s first 200 after %s ms in the image's configuration (its class-data archive; goal"
                                    + " ≤ 500 ms), %s ms with the JDK's default archive; %s MiB resident idle"
                                    + " (goal ≤ 64)",
                            function,
                            Table.ms(image),
                            Table.ms(defaultFirst),
                            Table.mib((long) median(samples.get(Mode.IMAGE), s -> s.idleRssKib()))));
                }
                if (samples.containsKey(Mode.APPCDS)) {
                    double app = median(samples.get(Mode.APPCDS), Sample::firstOkMs);
                    double off = median(samples.get(Mode.OFF), Sample::firstOkMs);
                    headlines.add(String.format(
                            Locale.ROOT,
                            "%s first 200 after %s ms with AppCDS (%s), %s ms with the default"
                                    + " archive, %s ms without CDS; %s MiB resident idle (%s MiB with AppCDS)",
                            function,
                            Table.ms(app),
                            Table.ratio(app / defaultFirst),
                            Table.ms(defaultFirst),
                            Table.ms(off),
                            Table.mib((long) median(samples.get(Mode.DEFAULT), s -> s.idleRssKib())),
                            Table.mib((long) median(samples.get(Mode.APPCDS), s -> s.idleRssKib()))));
                }
            }
        }
        section.text("""
                **The image's configuration** (the "the image" rows) is what the template's Dockerfile runs: the
                ship stage's `cds.sh` makes an application class-data archive from a training run of fprocess that
                calls the function once with `{}`, offline (no Redis, no provider: the call goes as far as the
                function goes without them), then `-Xshare:dump`; fprocess maps it with `-XX:SharedArchiveFile`.
                Here it is made the same way by the same script, on this JDK. It archives fewer classes than the
                full training run of the AppCDS row, which answered real requests with Redis and the stand-ins, so
                the clients' classes first used by a real call are still loaded then. The image rows are sized as in
                the container (`-XX:MaxRAM=` stack.yml's memory limit of the function, and the Dockerfile's JAVA_TOOL_OPTIONS); the
                last row leaves out the two JVM flags fprocess adds, to show what they bring. A first request
                pays for most of the start either way: listening comes well before the first 200 because the
                clients (OkHttp, Jackson, Jedis) are built on first use.
                """);
        section.text("""
                **Image weight** of each function: what its image adds to the JRE and of-watchdog layers
                (`/home/app`: function.jar, lib/*.jar, entrypoint.jar; the class-data archive comes on top, the
                sizes above). Every function ships the same libraries (each calls Redis, and through the
                shared clients Notion or Resend); shared-lib is one jar among them, without the sandbox's
                stand-ins and the template files, which are the local gateway's (`sandbox-mode/`).
                """);
        section.table(imageWeights(root));
        headlines.forEach(line -> section.headline("Start: " + line));
        return section;
    }

    /**
     * The function's entrypoint in a child JVM with {@code flags}, as its image starts it, returned once it
     * listens on {@code port} (the entrypoint binds before it loads the handler).
     */
    static ChildJvm startEntrypoint(
            String function, List<String> flags, List<Path> classpath, Map<String, String> env, int port, Path log) {
        ChildJvm child =
                ChildJvm.start(function, flags, classpath, "com.busos.campaign.entrypoint.Entrypoint", env, log);
        try {
            child.awaitPort(port, Duration.ofSeconds(60));
            return child;
        } catch (RuntimeException notListening) {
            child.close();
            throw notListening;
        }
    }

    /**
     * The JVM flags of the Dockerfile's fprocess (between {@code java} and {@code -cp}), its archive at
     * {@code archive}: what the image starts the function with.
     */
    static List<String> imageFlags(Path root, Path archive) {
        String dockerfile;
        try {
            dockerfile = Files.readString(root.resolve("template/java11-maven/Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.regex.Matcher fprocess = java.util.regex.Pattern.compile("fprocess=\"java ([^\"]*?) -cp ")
                .matcher(dockerfile);
        if (!fprocess.find()) throw new IllegalStateException("no ENV fprocess=\"java ... -cp\" in the Dockerfile");
        List<String> flags = new ArrayList<>();
        for (String flag : fprocess.group(1).trim().split("\\s+")) {
            flags.add(flag.startsWith("-XX:SharedArchiveFile=") ? "-XX:SharedArchiveFile=" + archive : flag);
        }
        return flags;
    }

    /** What a function's image adds in /home/app: its jars, their bytes, and shared-lib's bytes among them. */
    record Weight(int jars, long bytes, long sharedLibBytes) {
        String mib() {
            return String.format(Locale.ROOT, "%.2f", bytes / 1048576.0);
        }
    }

    /** The function's /home/app: its target/function.jar, target/lib/*.jar and the entrypoint jar. */
    static Weight weight(Path root, String function) {
        Path target = root.resolve("functions").resolve(function).resolve("target");
        List<Path> jars = new ArrayList<>();
        jars.add(target.resolve("function.jar"));
        jars.add(root.resolve("template/java11-maven/entrypoint/target/entrypoint.jar"));
        try (java.util.stream.Stream<Path> lib = Files.list(target.resolve("lib"))) {
            lib.forEach(jars::add);
            long bytes = 0;
            long sharedLib = 0;
            for (Path jar : jars) {
                long size = Files.size(jar);
                bytes += size;
                if (jar.getFileName().toString().startsWith("shared-lib-")) sharedLib += size;
            }
            return new Weight(jars.size(), bytes, sharedLib);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The functions under functions/ that were built (a target/function.jar), by name. */
    static List<String> builtFunctions(Path root) {
        try (java.util.stream.Stream<Path> functions = Files.list(root.resolve("functions"))) {
            return functions
                    .filter(fn -> Files.isRegularFile(fn.resolve("target/function.jar")))
                    .map(fn -> fn.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each function's /home/app (its target/function.jar, target/lib/*.jar and the entrypoint jar). */
    private static Table imageWeights(Path root) {
        Table table = new Table("function", "jars", "MiB", "of which shared-lib (KiB)");
        for (String function : builtFunctions(root)) {
            Weight weight = weight(root, function);
            table.row(
                    function,
                    Integer.toString(weight.jars()),
                    weight.mib(),
                    Long.toString(weight.sharedLibBytes() / 1024));
        }
        return table;
    }

    /** The image's class path of a built function; fails when it was not built. */
    static List<Path> classpath(Path root, String function) {
        Path entrypointJar = root.resolve("template/java11-maven/entrypoint/target/entrypoint.jar");
        Path fnDir = root.resolve("functions").resolve(function).resolve("target");
        if (!Files.isRegularFile(fnDir.resolve("function.jar")) || !Files.isRegularFile(entrypointJar)) {
            throw new IllegalStateException("build first: " + fnDir.resolve("function.jar") + " or " + entrypointJar
                    + " is missing (mvn -B -o -q package -DskipTests -pl '!platform-checks')");
        }
        return List.of(fnDir.resolve("function.jar"), fnDir.resolve("lib").resolve("*"), entrypointJar);
    }

    /**
     * {@code flags} as in the function's container: the JVM sizes itself for the container's memory limit
     * ({@code limitMib}, stack.yml's: {@code -XX:MaxRAM}), with the Dockerfile's JAVA_TOOL_OPTIONS.
     */
    static List<String> inContainer(List<String> flags, long limitMib) {
        List<String> all = new ArrayList<>(flags);
        all.add("-XX:MaxRAM=" + limitMib + "m");
        all.addAll(javaToolOptions(Locations.root()));
        return all;
    }

    /** The Dockerfile's {@code ENV JAVA_TOOL_OPTIONS="..."}, split on spaces. */
    static List<String> javaToolOptions(Path root) {
        try {
            java.util.regex.Matcher options = java.util.regex.Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                    .matcher(Files.readString(root.resolve("template/java11-maven/Dockerfile")));
            return options.find() ? List.of(options.group(1).trim().split("\\s+")) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the template's cds.sh as the ship stage does, for this classpath; true when it wrote the archive. */
    static boolean imageArchive(Path root, List<String> flags, List<Path> classpath, Path archive) {
        List<String> fprocess = new ArrayList<>();
        fprocess.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        fprocess.addAll(flags);
        fprocess.add("-cp");
        fprocess.add(String.join(":", classpath.stream().map(Path::toString).toList()));
        fprocess.add("com.busos.campaign.entrypoint.Entrypoint");
        try {
            Files.deleteIfExists(archive);
            ProcessBuilder cds = new ProcessBuilder(
                            "bash", root.resolve("template/java11-maven/cds.sh").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            cds.environment().put("fprocess", String.join(" ", fprocess));
            Process process = cds.start();
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) process.destroyForcibly();
            return process.exitValue() == 0 && Files.isRegularFile(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One start of the function: time to listening and to the first 200, then idle and load memory. */
    private static Sample once(
            String function, List<Path> classpath, List<String> flags, Workload work, Size size, String tag) {
        int port = TestRedis.freePort();
        Map<String, String> env = new HashMap<>(work.env);
        env.put("UPSTREAM_PORT", Integer.toString(port));
        env.put("DRAIN_SECONDS", "0"); // nothing routes to it after the SIGTERM that ends a sample
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i <= size.loadRequests(); i++) {
            String body = work.nextBody();
            // The website signs its webhooks (webhook-secret is set, as in production); send-email's calls are not
            // webhooks.
            requests.add(
                    work.function.equals("christmas-signup")
                            ? LoadGenerator.signedRequest(uri, body, TestCampaign.WEBHOOK_SECRET)
                            : LoadGenerator.request(uri, body));
        }
        HttpClient http = LoadGenerator.client();
        try (ChildJvm child = startEntrypoint(
                function, flags, classpath, env, port, Locations.logs().resolve(function + "-" + tag + ".log"))) {
            double listening = (System.nanoTime() - child.startedNanos()) / 1e6;
            HttpResponse<String> first = firstAnswer(http, requests.get(0), child, function);
            double firstOk = (System.nanoTime() - child.startedNanos()) / 1e6;
            if (first.statusCode() / 100 != 2) {
                throw new IllegalStateException(function + " answered " + first.statusCode() + ": " + first.body());
            }
            ChildJvm.sleep(size.idleSettle().toMillis());
            long idle = child.rssKib();
            AtomicLong peak = new AtomicLong(idle);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(
                    () -> {
                        while (sampling.get()) {
                            peak.accumulateAndGet(child.rssKib(), Math::max);
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            LoadGenerator.Result load = LoadGenerator.run(
                    http,
                    n -> requests.get((int) n + 1),
                    size.loadClients(),
                    size.loadRequests(),
                    Duration.ofSeconds(60));
            sampling.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            peak.accumulateAndGet(child.rssKib(), Math::max);
            child.stop(Duration.ofSeconds(30));
            return new Sample(listening, firstOk, idle, peak.get(), load.perSecond(), load.errors());
        }
    }

    /**
     * The answer to {@code request}, sent again every 5 ms while it is the entrypoint's 503 "starting" (it
     * listens before it loads the handler).
     */
    static HttpResponse<String> firstAnswer(HttpClient http, HttpRequest request, ChildJvm child, String function) {
        try {
            HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
            while (first.statusCode() == 503
                    && first.headers().firstValue("Retry-After").isPresent()
                    && first.body().contains("\"starting\"")) {
                ChildJvm.sleep(5);
                first = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return first;
        } catch (IOException e) {
            throw new IllegalStateException(function + ": first request failed: " + e + " / " + child.tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(function + ": interrupted", e);
        }
    }

    /** The requests a function is given: new signups, or sends claimed for it in Redis beforehand. */
    static final class Workload implements AutoCloseable {
        final String function;
        final TestCampaign stands;
        final Map<String, String> env = new HashMap<>();
        private int next;
        final Schedule schedule;
        private final UnifiedJedis redis;

        Workload(String function, TestCampaign stands) {
            this.function = function;
            this.stands = stands;
            // Only these settings: none of the campaign's variables is inherited from the shell.
            for (Setting setting : Setting.values()) env.put(setting.envName(), null);
            stands.settings().forEach((setting, value) -> env.put(setting.envName(), value));
            env.put(Setting.NOTION_RATE_LIMIT.envName(), "10000");
            env.put(Setting.RESEND_RATE_LIMIT.envName(), "10000");
            // Its signups (about 3,000 at full size) are more than a day's enrolment cap lets in.
            env.put(Setting.INTAKE_DAILY_ENROLMENT_CAP.envName(), "0");
            env.put(
                    "SECRETS_DIR",
                    Locations.root().resolve("bench/target/no-secrets").toString());
            this.redis = RedisConnections.open(TestRedis.url(), null);
            this.schedule = new Schedule(redis, stands.redisPrefix);
        }

        String nextBody() {
            int i = next++;
            String email =
                    function + "-" + i + "-" + Integer.toHexString(System.identityHashCode(this)) + "@example.com";
            if (function.equals("christmas-signup")) return ProviderRequestsBench.signupBody(email, i);
            // Due long ago: older than the CRM mirror jobs the earlier samples' emails left due (nobody runs
            // them here), so it is in the claim's window of the oldest due entries.
            ScheduledSend send = DeliveryRig.dueE2(
                    stands.notion,
                    schedule,
                    email,
                    i,
                    Instant.parse("2020-01-01T00:00:00Z").plusMillis(i));
            // A sample's last calls may be cut by its SIGTERM: their claims' leases expire minutes later and
            // come first then. They are not this sample's: set aside (acked as skipped).
            ClaimedSend prepared = null;
            for (ClaimedSend claim : schedule.claimDue(100, Dispatcher.LEASE, Campaign.DEFAULT_MAX_ATTEMPTS)) {
                if (claim.id().equals(send.id())) prepared = claim;
                else schedule.ack(claim, "skipped");
            }
            if (prepared == null) throw new IllegalStateException("could not claim the send prepared for send-email");
            List<ClaimedSend> claims = List.of(prepared);
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("send_id", send.id())
                    .put("token", claims.get(0).token())
                    .toString();
        }

        @Override
        public void close() {
            redis.close();
        }
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        if (samples == null || samples.isEmpty()) return Double.NaN;
        List<Double> values = new ArrayList<>();
        for (Sample sample : samples) values.add(value.applyAsDouble(sample));
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static long sizeKib(Path file) {
        try {
            return Files.size(file) / 1024;
        } catch (IOException e) {
            return -1;
        }
    }
}
