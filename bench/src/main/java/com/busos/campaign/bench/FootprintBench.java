package com.busos.campaign.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.busos.campaign.config.Setting;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.testing.JsonAnswers;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Benchmark 9: every function's resident memory idle, after many calls and at its peak, started as its
 * image starts it (its own cds.sh archive, the fprocess flags, JAVA_TOOL_OPTIONS, {@code -XX:MaxRAM} =
 * stack.yml's memory limit of that function), and at smaller candidate limits: the measurement behind
 * stack.yml's {@code limits: memory:}.
 */
final class FootprintBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A container counts RSS and page cache against its limit: a peak above this share leaves too little. */
    static final double HEADROOM = 0.75;

    /** One function at one memory limit. */
    record Run(
            String function,
            long limitMib,
            boolean stackLimit,
            double firstOkMs,
            long idleKib,
            long afterKib,
            long peakKib,
            long calls,
            long errors,
            double perSecond,
            String firstError,
            Map<String, Long> nmtCommittedKib) {}

    private FootprintBench() {}

    static Section run(Size size) {
        Section section = new Section("9. Memory of every function, at its limit and at smaller ones");
        Path root = Locations.root();
        List<String> functions = allFunctions(root);
        Path cdsDir = root.resolve("bench/target/cds");
        section.text(String.format(
                Locale.ROOT,
                """
                Every function under `functions/` runs as its image runs it (as in benchmark 5): the Dockerfile's
                fprocess flags with the function's own class-data archive made by the template's `cds.sh`, the
                Dockerfile's JAVA_TOOL_OPTIONS, and `-XX:MaxRAM=<limit>`, so the JVM sizes its heap as in a
                container of that memory limit; first at **stack.yml's limit** of the function (read from the file),
                then at the smaller candidates. Each gets the settings of a fully configured campaign (`TestCampaign`:
                Notion and Resend stand-ins in the benchmark's JVM, the embedded Redis, every secret set) and
                realistic valid calls: the four website webhooks signed (Standard Webhooks), each call a new
                address; send-email claimed sends; email-dispatcher cron-connector ticks, %d due emails each, handed
                to a send-email stand-in; unsubscribe its page (GET with a signed token) then the confirming POST;
                resend-events Svix-signed bounce and complaint events; campaign-admin `/stats`, `/sends?email=`
                and `/dead` with the admin token; campaign-health anonymous and operator checks (the operator's
                asks Notion and Resend); template-check the check with the admin token. **First 200**: from the
                `java` process's start to the first 2xx answer. **Idle**: VmRSS %s s after it. Then %d more calls
                from %d clients (email-dispatcher: 1, as the cron-connector calls it); **after**: VmRSS when they
                are answered; **peak**: VmHWM, the largest RSS of the process's life. **Errors**: answers other
                than 2xx (or no answer). **Peak ÷ limit** should stay within %.0f %%: the cgroup counts page cache
                too. **Limit − full heap − outside**: what is left of the limit when the heap is at its maximum and
                the function holds what it held outside the heap after its calls (below).
                """,
                DISPATCH_BATCH,
                String.format(Locale.ROOT, "%.1f", size.idleSettle().toMillis() / 1000.0),
                size.footprintCalls(),
                size.loadClients(),
                HEADROOM * 100));
        List<Run> runs = new ArrayList<>();
        List<Run> nmtRuns = new ArrayList<>();
        for (String function : functions) {
            List<Path> classpath = StartupBench.classpath(root, function);
            Path archive = cdsDir.resolve(function + "-image.jsa");
            List<String> imageFlags = StartupBench.imageFlags(root, archive);
            try {
                Files.createDirectories(cdsDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!StartupBench.imageArchive(root, imageFlags, classpath, archive)) {
                throw new IllegalStateException(function + ": cds.sh wrote no archive");
            }
            long ownLimit = StackLimits.memoryMib(root, function);
            TreeSet<Long> limits = new TreeSet<>(java.util.Comparator.reverseOrder());
            limits.add(ownLimit);
            for (int candidate : size.footprintLimitsMib()) limits.add((long) candidate);
            for (long limit : limits) {
                Run run = once(
                        function,
                        classpath,
                        StartupBench.inContainer(imageFlags, limit),
                        limit,
                        limit == ownLimit,
                        false,
                        size);
                runs.add(run);
                System.out.printf(
                        Locale.ROOT,
                        "[bench 9] %s at %d MiB: first 200 %.0f ms, idle %d MiB, after %d calls %d MiB, peak %d MiB,"
                                + " %.0f calls/s, %d errors%s%n",
                        function,
                        limit,
                        run.firstOkMs(),
                        run.idleKib() / 1024,
                        run.calls(),
                        run.afterKib() / 1024,
                        run.peakKib() / 1024,
                        run.perSecond(),
                        run.errors(),
                        run.firstError() == null ? "" : " (first: " + run.firstError() + ")");
            }
            if (size.footprintNmt()) {
                Run run = once(
                        function,
                        classpath,
                        StartupBench.inContainer(imageFlags, ownLimit),
                        ownLimit,
                        true,
                        true,
                        size);
                nmtRuns.add(run);
                System.out.println("[bench 9] " + function + " NMT committed (KiB): " + run.nmtCommittedKib());
            }
        }
        // What each function holds besides its heap (its NMT run): a limit must hold that and a full heap.
        Map<String, Long> outsideKib = new HashMap<>();
        for (Run run : nmtRuns) {
            outsideKib.put(
                    run.function(), run.afterKib() - run.nmtCommittedKib().getOrDefault("Java Heap", 0L));
        }
        double heapShare = heapShare(root);
        java.util.function.Predicate<Run> fits = run -> run.errors() == 0
                && run.peakKib() <= run.limitMib() * 1024 * HEADROOM
                && roomKib(run, heapShare, outsideKib) >= 0;
        Table table = new Table(
                "function",
                "limit (MiB)",
                "first 200 (ms)",
                "RSS idle (MiB)",
                "RSS after " + size.footprintCalls() + " calls (MiB)",
                "peak RSS (MiB)",
                "peak ÷ limit",
                "limit − full heap − outside (MiB)",
                "calls/s",
                "errors",
                "image: jars, MiB");
        for (Run run : runs) {
            StartupBench.Weight weight = StartupBench.weight(root, run.function());
            table.row(
                    run.function(),
                    run.limitMib() + (run.stackLimit() ? " (stack.yml)" : ""),
                    Table.ms(run.firstOkMs()),
                    Table.mib(run.idleKib()),
                    Table.mib(run.afterKib()),
                    Table.mib(run.peakKib()),
                    Table.percent(run.peakKib() / (run.limitMib() * 1024.0)),
                    outsideKib.containsKey(run.function())
                            ? Long.toString(Math.floorDiv(roomKib(run, heapShare, outsideKib), 1024))
                            : "",
                    Table.num(run.perSecond()),
                    run.errors(),
                    weight.jars() + ", " + weight.mib());
            String key = run.function() + "." + run.limitMib();
            section.figure(key + ".idle", run.idleKib() / 1024.0);
            section.figure(key + ".after", run.afterKib() / 1024.0);
            section.figure(key + ".peak", run.peakKib() / 1024.0);
            section.figure(key + ".errors", run.errors());
        }
        section.table(table);
        if (!nmtRuns.isEmpty()) nmtTable(section, nmtRuns, size);
        section.figure("functions", functions.size());
        section.figure("errors", runs.stream().mapToLong(Run::errors).sum());

        List<Run> atStack = runs.stream().filter(Run::stackLimit).toList();
        StartupBench.Weight weight = StartupBench.weight(root, functions.get(0));
        section.headline(String.format(
                Locale.ROOT,
                "Memory: every function (%d) at stack.yml's limit (%s MiB): resident idle %s MiB (goal ≤ 64),"
                        + " after %d calls %s MiB, peak %s MiB (%s of the limit at most), %d errors; image %s MiB"
                        + " of jars each",
                functions.size(),
                spreadOf(atStack.stream().map(Run::limitMib).toList()),
                spread(atStack, Run::idleKib),
                size.footprintCalls(),
                spread(atStack, Run::afterKib),
                spread(atStack, Run::peakKib),
                Table.percent(atStack.stream()
                        .mapToDouble(r -> r.peakKib() / (r.limitMib() * 1024.0))
                        .max()
                        .orElse(Double.NaN)),
                atStack.stream().mapToLong(Run::errors).sum(),
                weight.mib()));
        // Per limit tried (the same limit for every function): does every function fit in it?
        Map<Long, List<Run>> byLimit = new java.util.TreeMap<>();
        for (Run run : runs)
            byLimit.computeIfAbsent(run.limitMib(), l -> new ArrayList<>()).add(run);
        Long smallestFit = null;
        StringBuilder perLimit = new StringBuilder();
        for (Map.Entry<Long, List<Run>> limit : byLimit.entrySet()) {
            List<Run> list = limit.getValue();
            long fitting = list.stream().filter(fits).count();
            if (smallestFit == null && list.size() == functions.size() && fitting == list.size()) {
                smallestFit = limit.getKey();
            }
            perLimit.append(String.format(
                    Locale.ROOT,
                    "- %d MiB (heap at most %d MiB): idle %s MiB, after %d calls %s MiB, peak %s MiB, %d errors;"
                            + " %d of %d functions fit%n",
                    limit.getKey(),
                    (long) (limit.getKey() * heapShare),
                    spread(list, Run::idleKib),
                    size.footprintCalls(),
                    spread(list, Run::afterKib),
                    spread(list, Run::peakKib),
                    list.stream().mapToLong(Run::errors).sum(),
                    fitting,
                    list.size()));
        }
        section.text(String.format(Locale.ROOT, """
                **Each limit tried.** A function fits a limit when all its calls were answered 2xx, its peak
                stays within %.0f %% of the limit, and the limit holds a full heap (`-XX:MaxRAMPercentage`=%.0f
                of it, the Dockerfile's JAVA_TOOL_OPTIONS) with what the function holds outside it (RSS less the
                heap, measured above): the heap the calls used is far below its maximum, but under heavier load
                the JVM may grow it that far before it collects the old generation, and the container is killed
                rather than the JVM raising OutOfMemoryError if the total passes the limit.

                %s""", HEADROOM * 100, heapShare * 100, perLimit));
        section.text(
                smallestFit == null
                        ? "No limit tried holds every function."
                        : String.format(
                                Locale.ROOT,
                                "**The smallest limit tried that every function fits: %d MiB.**",
                                smallestFit));
        if (smallestFit != null) {
            section.figure("smallest_fit", smallestFit);
            section.headline(String.format(
                    Locale.ROOT,
                    "Memory: the smallest limit tried that every function fits (0 errors, peak ≤ %.0f %%, room"
                            + " for a full heap and what is outside it): %d MiB",
                    HEADROOM * 100,
                    smallestFit));
        }
        return section;
    }

    /** The limit less a full heap and what the function holds outside it (negative: it does not hold them). */
    private static long roomKib(Run run, double heapShare, Map<String, Long> outsideKib) {
        long limitKib = run.limitMib() * 1024;
        return limitKib - (long) (limitKib * heapShare) - outsideKib.getOrDefault(run.function(), 0L);
    }

    /** The heap's share of the memory limit: JAVA_TOOL_OPTIONS' -XX:MaxRAMPercentage (the JVM's 25 without it). */
    static double heapShare(Path root) {
        for (String option : StartupBench.javaToolOptions(root)) {
            if (option.startsWith("-XX:MaxRAMPercentage=")) {
                return Double.parseDouble(option.substring("-XX:MaxRAMPercentage=".length())) / 100;
            }
        }
        return 0.25;
    }

    /** What the JVM holds, by NMT's categories, after the calls: the heap and what is outside it. */
    private static void nmtTable(Section section, List<Run> nmtRuns, Size size) {
        section.text(String.format(Locale.ROOT, """
                **Inside and outside the heap.** Each function once more at stack.yml's limit with
                `-XX:NativeMemoryTracking=summary`, and after its %d calls `jcmd <pid> VM.native_memory summary`:
                what the JVM has committed, by category. **RSS less the heap** is VmRSS then less the committed Java
                heap: what a memory limit must hold besides the heap, whatever the heap's size; it is more than
                NMT's **outside the heap** (its total less the heap and NMT's own tracking) by what NMT does not
                track, the JVM's and the C library's code mapped from their files. Of NMT's part: the classes
                (metaspace), the class-data archive mapped (CDS), the code cache, the threads' stacks, the symbols,
                and the rest (the compiler's and the clients' arenas, GC, internal).
                """, size.footprintCalls()));
        Table table = new Table(
                "function",
                "RSS (MiB)",
                "Java heap committed (MiB)",
                "RSS less the heap (MiB)",
                "NMT outside the heap (MiB)",
                "classes (metaspace)",
                "shared class space (CDS)",
                "code",
                "threads",
                "symbols",
                "other (arenas, GC, internal, …)");
        long maxOutside = 0;
        long maxRssLessHeap = 0;
        for (Run run : nmtRuns) {
            Map<String, Long> c = run.nmtCommittedKib();
            long heap = c.getOrDefault("Java Heap", 0L);
            long outside = c.getOrDefault("Total", 0L) - heap - c.getOrDefault("Native Memory Tracking", 0L);
            // RSS also holds what NMT does not track: the JVM's and the C library's own code, mapped from files.
            long rssLessHeap = run.afterKib() - heap;
            maxOutside = Math.max(maxOutside, outside);
            maxRssLessHeap = Math.max(maxRssLessHeap, rssLessHeap);
            long classes = c.getOrDefault("Class", 0L) + c.getOrDefault("Metaspace", 0L);
            long named = classes;
            for (String category : List.of("Shared class space", "Code", "Thread", "Symbol")) {
                named += c.getOrDefault(category, 0L);
            }
            table.row(
                    run.function(),
                    Table.mib(run.afterKib()),
                    Table.mib(heap),
                    Table.mib(rssLessHeap),
                    Table.mib(outside),
                    Table.mib(classes),
                    Table.mib(c.getOrDefault("Shared class space", 0L)),
                    Table.mib(c.getOrDefault("Code", 0L)),
                    Table.mib(c.getOrDefault("Thread", 0L)),
                    Table.mib(c.getOrDefault("Symbol", 0L)),
                    Table.mib(outside - named));
            section.figure(run.function() + ".nmt.outside", outside / 1024.0);
            section.figure(run.function() + ".nmt.heap", heap / 1024.0);
            section.figure(run.function() + ".rss_less_heap", rssLessHeap / 1024.0);
        }
        section.table(table);
        section.figure("rss_less_heap.max", maxRssLessHeap / 1024.0);
        section.figure("nmt.outside.max", maxOutside / 1024.0);
        section.headline(String.format(
                Locale.ROOT,
                "Memory outside the heap after %d calls: RSS less the committed heap %s MiB at most of any"
                        + " function (NMT's tracked part: %s MiB at most)",
                size.footprintCalls(),
                Table.mib(maxRssLessHeap),
                Table.mib(maxOutside)));
    }

    private static final java.util.regex.Pattern NMT_LINE =
            java.util.regex.Pattern.compile("-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final java.util.regex.Pattern NMT_TOTAL =
            java.util.regex.Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    /** {@code jcmd <pid> VM.native_memory summary}: committed KiB by category, and "Total". */
    static Map<String, Long> nmtCommitted(long pid) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            "VM.native_memory",
                            "summary")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            Map<String, Long> committed = new LinkedHashMap<>();
            java.util.regex.Matcher total = NMT_TOTAL.matcher(out);
            if (!total.find()) throw new IllegalStateException("no NMT summary from jcmd: " + out);
            committed.put("Total", Long.parseLong(total.group(2)));
            java.util.regex.Matcher line = NMT_LINE.matcher(out);
            while (line.find()) committed.put(line.group(1).trim(), Long.parseLong(line.group(3)));
            return committed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every function directory under functions/, each of which must have been built. */
    static List<String> allFunctions(Path root) {
        try (java.util.stream.Stream<Path> dirs = Files.list(root.resolve("functions"))) {
            List<String> functions = dirs.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
            for (String function : functions) StartupBench.classpath(root, function); // fails when not built
            return functions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String spread(List<Run> runs, java.util.function.ToLongFunction<Run> kib) {
        return spreadOf(runs.stream().map(r -> kib.applyAsLong(r) / 1024).toList());
    }

    private static String spreadOf(List<Long> values) {
        long min = values.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        return min == max ? Long.toString(min) : min + "–" + max;
    }

    /** Emails a dispatcher tick claims at most here (DISPATCH_BATCH_SIZE), so each of its ticks has work. */
    static final int DISPATCH_BATCH = 2;

    /** One start of the function at {@code limitMib}: first 200, idle, then its calls. */
    private static Run once(
            String function,
            List<Path> classpath,
            List<String> imageFlags,
            long limitMib,
            boolean stackLimit,
            boolean nmt,
            Size size) {
        List<String> flags = new ArrayList<>(imageFlags);
        // Native Memory Tracking, in its own run: it costs memory of its own (counted apart below).
        if (nmt) flags.add(0, "-XX:NativeMemoryTracking=summary");
        try (TestCampaign stands = new TestCampaign();
                StartupBench.Workload work = new StartupBench.Workload(function, stands);
                Calls calls = new Calls(function, stands, work)) {
            int port = TestRedis.freePort();
            Map<String, String> env = new HashMap<>(work.env);
            env.putAll(calls.env);
            env.put("UPSTREAM_PORT", Integer.toString(port));
            env.put("DRAIN_SECONDS", "0"); // nothing routes to it after the SIGTERM that ends the run
            URI uri = URI.create("http://127.0.0.1:" + port + "/");
            // Built before the start, so the load measures the function, not the preparation.
            List<HttpRequest> requests = new ArrayList<>();
            for (int i = 0; i <= size.footprintCalls(); i++) requests.add(calls.request(uri, i));
            HttpClient http = LoadGenerator.client();
            try (ChildJvm child = StartupBench.startEntrypoint(
                    function,
                    flags,
                    classpath,
                    env,
                    port,
                    Locations.logs().resolve(function + "-footprint-" + limitMib + ".log"))) {
                HttpResponse<String> first = StartupBench.firstAnswer(http, requests.get(0), child, function);
                double firstOk = (System.nanoTime() - child.startedNanos()) / 1e6;
                if (first.statusCode() / 100 != 2) {
                    throw new IllegalStateException(
                            function + " answered " + first.statusCode() + ": " + first.body() + " / " + child.tail());
                }
                System.out.println("[bench 9] " + function + " first answer: "
                        + first.body().substring(0, Math.min(200, first.body().length())));
                ChildJvm.sleep(size.idleSettle().toMillis());
                long idle = child.rssKib();
                LoadGenerator.Result load = LoadGenerator.run(
                        http,
                        n -> requests.get((int) n + 1),
                        function.equals("email-dispatcher") ? 1 : size.loadClients(),
                        size.footprintCalls(),
                        Duration.ofMinutes(3));
                long after = child.rssKib();
                long peak = child.peakRssKib();
                Map<String, Long> committed = nmt ? nmtCommitted(child.pid()) : Map.of();
                if (!child.alive()) throw new IllegalStateException(function + " exited: " + child.tail());
                child.stop(Duration.ofSeconds(30));
                long unanswered = size.footprintCalls() - load.requests(); // cut by the time limit
                return new Run(
                        function,
                        limitMib,
                        stackLimit,
                        firstOk,
                        idle,
                        after,
                        peak,
                        load.requests(),
                        load.errors() + unanswered,
                        load.perSecond(),
                        load.firstError(),
                        committed);
            }
        }
    }

    /**
     * Valid calls of one function, as its callers make them (the website, the cron-connector, Resend, a
     * reader's mail client, the operator), with what they need prepared in Redis and the stand-ins.
     */
    private static final class Calls implements AutoCloseable {
        private static final SecureRandom RANDOM = new SecureRandom();

        final String function;
        final TestCampaign stands;
        final StartupBench.Workload work;
        /** Settings beyond TestCampaign's: every secret a deploy sets, made up for this run. */
        final Map<String, String> env = new LinkedHashMap<>();

        private final String tag = Long.toHexString(RANDOM.nextLong());
        private final String adminToken = "bench-admin-" + UUID.randomUUID();
        private final String unsubscribeSecret = "bench-unsubscribe-" + UUID.randomUUID();
        private final String resendSecret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(24));
        private WireMockServer gateway;

        Calls(String function, TestCampaign stands, StartupBench.Workload work) {
            this.function = function;
            this.stands = stands;
            this.work = work;
            env.put(Setting.ADMIN_TOKEN.envName(), adminToken);
            env.put(Setting.UNSUBSCRIBE_SECRET.envName(), unsubscribeSecret);
            env.put(Setting.RESEND_WEBHOOK_SECRET.envName(), resendSecret);
            env.put(Setting.PUBLIC_GATEWAY_URL.envName(), "https://faas.example.com");
            switch (function) {
                case "email-dispatcher" -> {
                    // send-email behind the gateway: answers each hand-off as a delivered send.
                    gateway = new WireMockServer(
                            WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
                    gateway.start();
                    gateway.stubFor(post(urlPathEqualTo("/function/send-email"))
                            .willReturn(JsonAnswers.json(200, "{\"status\":\"sent\"}")));
                    env.put(Setting.GATEWAY_URL.envName(), "http://127.0.0.1:" + gateway.port());
                    env.put(Setting.DISPATCH_BATCH_SIZE.envName(), Integer.toString(DISPATCH_BATCH));
                }
                case "campaign-health" -> stubProviderAccountChecks(stands);
                default -> {}
            }
        }

        private static byte[] randomBytes(int n) {
            byte[] bytes = new byte[n];
            RANDOM.nextBytes(bytes);
            return bytes;
        }

        private String address(int i) {
            return function + "." + tag + "." + i + "@example.com";
        }

        /** Call {@code i} (0 is the first, sent as soon as the function listens). */
        HttpRequest request(URI uri, int i) {
            String email = address(i);
            return switch (function) {
                case "christmas-signup" ->
                    LoadGenerator.signedRequest(
                            uri,
                            "{\"email\":\"" + email + "\",\"first_name\":\"Ann\",\"assessment_score\":" + (i % 100)
                                    + "}",
                            TestCampaign.WEBHOOK_SECRET);
                case "postcall-maybe" ->
                    LoadGenerator.signedRequest(
                            uri,
                            "{\"email\":\"" + email + "\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\","
                                    + "\"call_date\":\"2025-12-02T16:00:00Z\"}",
                            TestCampaign.WEBHOOK_SECRET);
                case "onboarding-start" ->
                    LoadGenerator.signedRequest(
                            uri,
                            "{\"email\":\"" + email + "\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\","
                                    + "\"payment_confirmed\":true,\"payment_amount\":2997.0,\"payment_date\":\"2025-12-03\"}",
                            TestCampaign.WEBHOOK_SECRET);
                case "calendly-noshow" ->
                    LoadGenerator.signedRequest(
                            uri,
                            "{\"email\":\"" + email + "\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\","
                                    + "\"calendly_event_uri\":\"https://api.calendly.com/scheduled_events/EV" + i
                                    + "\","
                                    + "\"scheduled_time\":\"2025-12-01T15:00:00Z\"}",
                            TestCampaign.WEBHOOK_SECRET);
                case "send-email" -> LoadGenerator.request(uri, work.nextBody());
                case "email-dispatcher" -> tick(uri, i);
                case "unsubscribe" -> unsubscribe(uri, i);
                case "resend-events" -> resendEvent(uri, i);
                case "campaign-admin" -> admin(uri, i);
                case "campaign-health" -> health(uri, i);
                case "template-check" ->
                    builder(uri)
                            .header("Authorization", "Bearer " + adminToken)
                            .GET()
                            .build();
                default -> throw new IllegalStateException("no calls for " + function);
            };
        }

        private static HttpRequest.Builder builder(URI uri) {
            return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("X-Call-Id", "bench");
        }

        /** The cron-connector's POST without a body, with due emails waiting for it. */
        private HttpRequest tick(URI uri, int i) {
            for (int k = 0; k < DISPATCH_BATCH; k++) {
                int n = i * DISPATCH_BATCH + k;
                // due in the past, in call order: each tick claims the oldest
                DeliveryRig.dueE2(
                        stands.notion,
                        work.schedule,
                        address(n),
                        n,
                        Instant.parse("2020-01-01T00:00:00Z").plusSeconds(n));
            }
            return builder(uri)
                    .header("X-Connector", "cron-connector")
                    .header("X-Topic", "cron-function")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
        }

        /** Even calls: the page a reader's link opens (GET); odd: the page's confirming POST, same link. */
        private HttpRequest unsubscribe(URI uri, int i) {
            String token = new UnsubscribeTokens(unsubscribeSecret).tokenFor(address(i / 2));
            URI link = uri.resolve("/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            if (i % 2 == 0) return builder(link).GET().build();
            return builder(link)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("confirm=yes"))
                    .build();
        }

        /** Resend's webhook: a hard bounce, every third a complaint, Svix-signed with resend-webhook-secret. */
        private HttpRequest resendEvent(URI uri, int i) {
            ObjectNode event = JSON.createObjectNode()
                    .put("type", i % 3 == 2 ? "email.complained" : "email.bounced")
                    .put("created_at", "2025-11-28T10:00:00.000Z");
            ObjectNode data =
                    event.putObject("data").put("email_id", UUID.randomUUID().toString());
            data.putArray("to").add(address(i));
            if (i % 3 != 2)
                data.putObject("bounce")
                        .put("type", "Permanent")
                        .put("subType", "General")
                        .put("message", "no such user");
            String body = event.toString();
            String id = "msg_" + UUID.randomUUID();
            long now = Instant.now().getEpochSecond();
            return builder(uri)
                    .header("Content-Type", "application/json")
                    .header("svix-id", id)
                    .header("svix-timestamp", Long.toString(now))
                    .header("svix-signature", StandardWebhookSignature.sign(resendSecret, id, now, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        /** The operator's reads: the counts, one address's sends, the dead letters. */
        private HttpRequest admin(URI uri, int i) {
            String path = switch (i % 3) {
                case 0 -> "/stats";
                case 1 -> "/sends?email=" + URLEncoder.encode(address(i), StandardCharsets.UTF_8);
                default -> "/dead";
            };
            return builder(uri.resolve(path))
                    .header("Authorization", "Bearer " + adminToken)
                    .GET()
                    .build();
        }

        /** Even calls: an uptime monitor's anonymous check; odd: the operator's, every check with its detail. */
        private HttpRequest health(URI uri, int i) {
            HttpRequest.Builder builder = builder(uri);
            if (i % 2 == 1) builder.header("Authorization", "Bearer " + adminToken);
            return builder.GET().build();
        }

        /**
         * The two account checks campaign-health's operator call makes (Notion's users/me, Resend's
         * domains), which the stand-ins do not answer by themselves: as each provider answers a valid key.
         */
        private static void stubProviderAccountChecks(TestCampaign stands) {
            stands.notion
                    .server()
                    .stubFor(
                            get(urlEqualTo("/v1/users/me"))
                                    .willReturn(
                                            JsonAnswers.json(
                                                    200,
                                                    "{\"object\":\"user\",\"id\":\"" + UUID.randomUUID()
                                                            + "\",\"name\":\"Campaign\",\"type\":\"bot\",\"bot\":{\"owner\":"
                                                            + "{\"type\":\"workspace\",\"workspace\":true},\"workspace_name\":\"Bench\"}}")));
            stands.resend
                    .server()
                    .stubFor(get(urlEqualTo("/domains"))
                            .willReturn(JsonAnswers.json(
                                    200,
                                    "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"" + UUID.randomUUID()
                                            + "\",\"name\":\"example.com\",\"status\":\"verified\",\"created_at\":"
                                            + "\"2025-11-01 10:00:00.000000+00\",\"region\":\"us-east-1\",\"capabilities\":"
                                            + "{\"sending\":\"enabled\",\"receiving\":\"disabled\"}}]}")));
        }

        @Override
        public void close() {
            if (gateway != null) gateway.stop();
        }
    }
}
