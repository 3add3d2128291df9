package com.busos.campaign.bench;

import com.busos.campaign.entrypoint.Entrypoint;
import com.busos.campaign.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Benchmark 1: our function entrypoint against the official java11 template's
 * ({@code com.openfaas:entrypoint:0.1.0}, {@code com.openfaas.entrypoint.App}), each in its own child
 * JVM serving the same handler class ({@code com.openfaas.function.Handler} from src/handler/java),
 * loaded by the same closed-loop HTTP clients in this process, one side at a time.
 */
final class EntrypointBench {
    static final String BODY =
            "{\"send_id\":\"5day:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:2\",\"token\":\"6c1c5a9e-3d0b-4a61-9f8e-0b7a2d4c5e6f\"}";

    /** The first error of each run that had any (this JVM's runs), for the text. */
    private static final List<String> ERRORS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EntrypointBench() {}

    /** One concurrency level: the official entrypoint, ours, and (trivial handler only) the official one with TCP_NODELAY. */
    record Pair(LoadGenerator.Result official, LoadGenerator.Result ours, LoadGenerator.Result officialNoDelay) {}

    static Section run(Size size) {
        Section section = new Section("1. Function entrypoint vs the official java11 entrypoint");
        Path handler = Locations.of(com.openfaas.function.Handler.class);
        Path model = Locations.of(com.openfaas.model.AbstractHandler.class);
        Path officialJar = Locations.of(com.openfaas.entrypoint.App.class);
        Path oursJar = Locations.of(Entrypoint.class);

        Map<Integer, List<Pair>> measured = new java.util.LinkedHashMap<>();
        for (int delay : new int[] {0, 50}) {
            measured.put(delay, measure(size, delay, handler, model, officialJar, oursJar));
        }
        section.text("""
                The same handler class (`com.openfaas.function.Handler` in `bench/src/handler/java`: it answers a
                small JSON body, after sleeping `BENCH_HANDLER_DELAY_MS`) is served by two child JVMs started
                with the same JDK and flags: **official** is `com.openfaas.entrypoint.App` from
                `com.openfaas:entrypoint:0.1.0` (Maven Central; its hard-coded port 8082 moved to a free one by
                `PortChangingServerProvider`, the JDK's own server otherwise unchanged; the handler found through
                the ServiceLoader file inside its jar); **ours** is `com.busos.campaign.entrypoint.Entrypoint`
                (`HANDLER_THREADS` at its default, sized from the memory: %d in its JVM here) on a free `UPSTREAM_PORT`. Both use `com.openfaas:model:0.1.1`.
                The load comes from this JVM: N closed-loop clients (one `java.net.http.HttpClient`, HTTP/1.1
                keep-alive) each POST a %d-byte JSON body and send the next request when the answer arrives; a run
                stops after %,d requests or %.1f s, whichever comes first, after a %.1f s warm-up of each side. The two
                sides are loaded one after the other (alternating which goes first), never at once. Latency is
                measured by the client, per request. "Errors" are answers other than 200 and failed requests.
                """.formatted(
                        oursThreads(),
                        BODY.length(),
                        size.requestsPerRun(),
                        size.timePerRun().toMillis() / 1000.0,
                        size.warmup().toMillis() / 1000.0));

        List<String> headlines = new ArrayList<>();
        for (int delay : new int[] {0, 50}) {
            String label =
                    delay == 0 ? "trivial handler (answers at once)" : "handler that waits 50 ms (as if on Notion)";
            List<Pair> pairs = measured.get(delay);
            boolean third = pairs.get(0).officialNoDelay() != null;
            List<String> headers = new ArrayList<>(List.of(
                    "clients",
                    "official req/s",
                    "ours req/s",
                    "ours ÷ official",
                    "official p50 ms",
                    "ours p50 ms",
                    "official p99 ms",
                    "ours p99 ms",
                    "requests (official / ours)",
                    "errors (official / ours)"));
            if (third) headers.addAll(List.of("official + nodelay req/s", "its p50 / p99 ms", "ours ÷ it"));
            Table table = new Table(headers.toArray(new String[0]));
            for (Pair pair : pairs) {
                LoadGenerator.Result o = pair.official();
                LoadGenerator.Result u = pair.ours();
                List<Object> cells = new ArrayList<>(List.of(
                        o.clients(),
                        Table.num(o.perSecond()),
                        Table.num(u.perSecond()),
                        Table.ratio(u.perSecond() / o.perSecond()),
                        Table.ms(o.p50()),
                        Table.ms(u.p50()),
                        Table.ms(o.p99()),
                        Table.ms(u.p99()),
                        String.format(java.util.Locale.ROOT, "%,d / %,d", o.requests(), u.requests()),
                        o.errors() + " / " + u.errors()));
                if (third) {
                    LoadGenerator.Result n = pair.officialNoDelay();
                    cells.addAll(List.of(
                            Table.num(n.perSecond()),
                            Table.ms(n.p50()) + " / " + Table.ms(n.p99()),
                            Table.ratio(u.perSecond() / n.perSecond())));
                    section.figure("trivial.c" + o.clients() + ".nodelay.rps", n.perSecond());
                }
                table.row(cells.toArray());
                String key = (delay == 0 ? "trivial" : "wait50") + ".c" + o.clients();
                section.figure(key + ".official.rps", o.perSecond());
                section.figure(key + ".ours.rps", u.perSecond());
                section.figure(key + ".ratio", u.perSecond() / o.perSecond());
                section.figure(key + ".official.p99", o.p99());
                section.figure(key + ".official.p50", o.p50());
                section.figure(key + ".ours.p99", u.p99());
            }
            section.text("**" + Character.toUpperCase(label.charAt(0)) + label.substring(1) + "**");
            section.table(table);
            Pair last = pairs.get(pairs.size() - 1);
            String line = String.format(
                    java.util.Locale.ROOT,
                    "%s, %d clients: %s req/s vs %s req/s for the official entrypoint (%s), p99 %s ms vs %s ms",
                    delay == 0 ? "trivial handler" : "handler waiting 50 ms",
                    last.ours().clients(),
                    Table.num(last.ours().perSecond()),
                    Table.num(last.official().perSecond()),
                    Table.ratio(last.ours().perSecond() / last.official().perSecond()),
                    Table.ms(last.ours().p99()),
                    Table.ms(last.official().p99()));
            if (third) {
                Pair first = pairs.get(0);
                line += String.format(
                        java.util.Locale.ROOT,
                        "; behind the official one given TCP_NODELAY: %s of its"
                                + " throughput at %d client%s, %s at %d",
                        Table.ratio(first.ours().perSecond()
                                / first.officialNoDelay().perSecond()),
                        first.ours().clients(),
                        first.ours().clients() == 1 ? "" : "s",
                        Table.ratio(
                                last.ours().perSecond() / last.officialNoDelay().perSecond()),
                        last.ours().clients());
            }
            headlines.add(line);
        }
        section.text(explanation(section.figures, size));
        if (!ERRORS.isEmpty()) {
            section.text(
                    "**Errors.** " + String.join("; ", new java.util.LinkedHashSet<>(ERRORS)) + ". A request sent on a"
                            + " kept-alive connection that the server closed at that moment: both entrypoints run the JDK's"
                            + " `com.sun.net.httpserver`, and it shows on either side, a few in a run of tens of thousands.");
            ERRORS.clear();
        }
        headlines.forEach(line -> section.headline("Entrypoint: " + line));
        return section;
    }

    private static List<Pair> measure(
            Size size, int delayMs, Path handler, Path model, Path officialJar, Path oursJar) {
        Map<String, String> env = Map.of("BENCH_HANDLER_DELAY_MS", Integer.toString(delayMs));
        List<LoadGenerator.Result> official = new ArrayList<>();
        List<LoadGenerator.Result> ours = new ArrayList<>();
        List<LoadGenerator.Result> officialNoDelay = new ArrayList<>();
        int oursPort = TestRedis.freePort();
        Path logs = Locations.logs();
        try (ChildJvm oursJvm = ChildJvm.start(
                "our entrypoint",
                List.of(),
                List.of(handler, model, oursJar),
                Entrypoint.class.getName(),
                merge(env, Map.of("UPSTREAM_PORT", Integer.toString(oursPort))),
                logs.resolve("our-entrypoint-" + delayMs + "ms.log"))) {
            oursJvm.awaitPort(oursPort, Duration.ofSeconds(30));
            Side oursSide = new Side(URI.create("http://127.0.0.1:" + oursPort + "/"));
            oursSide.warm(size); // it has printed its "serving" line by the end of it
            readThreads(logs.resolve("our-entrypoint-" + delayMs + "ms.log"));
            // The official entrypoint as shipped; for the trivial handler also with TCP_NODELAY (-D), the
            // one setting that separates the two on a handler that answers at once (see the text).
            List<List<String>> officialFlags = delayMs == 0
                    ? List.of(List.of(), List.of("-D" + Entrypoint.NODELAY_PROPERTY + "=true"))
                    : List.of(List.of());
            Path portChanger = Locations.of(PortChangingServerProvider.class);
            for (List<String> flags : officialFlags) {
                boolean noDelay = !flags.isEmpty();
                int officialPort = TestRedis.freePort();
                List<String> officialJvmFlags = new ArrayList<>(flags);
                officialJvmFlags.addAll(PortChangingServerProvider.jvmFlags(officialPort));
                try (ChildJvm officialJvm = ChildJvm.start(
                        "official entrypoint",
                        officialJvmFlags,
                        List.of(handler, model, officialJar, portChanger),
                        "com.openfaas.entrypoint.App",
                        env,
                        logs.resolve("official-entrypoint-" + delayMs + "ms" + (noDelay ? "-nodelay" : "") + ".log"))) {
                    officialJvm.awaitPort(officialPort, Duration.ofSeconds(30));
                    Side officialSide = new Side(URI.create("http://127.0.0.1:" + officialPort + "/"));
                    officialSide.warm(size);
                    int turn = 0;
                    for (int clients : size.clients()) {
                        LoadGenerator.Result o;
                        LoadGenerator.Result u = null;
                        if (noDelay) {
                            o = officialSide.load(size, clients);
                        } else if (turn++ % 2 == 0) {
                            o = officialSide.load(size, clients);
                            u = oursSide.load(size, clients);
                        } else {
                            u = oursSide.load(size, clients);
                            o = officialSide.load(size, clients);
                        }
                        for (LoadGenerator.Result r : java.util.Arrays.asList(o, u)) {
                            if (r != null && r.firstError() != null) {
                                System.out.printf("[bench 1] %d error(s), the first: %s%n", r.errors(), r.firstError());
                                ERRORS.add(r.firstError());
                            }
                        }
                        (noDelay ? officialNoDelay : official).add(o);
                        if (u != null) ours.add(u);
                        System.out.printf(
                                "[bench 1] %d ms handler, %d clients: official%s %.0f req/s p99 %.2f ms%s%n",
                                delayMs,
                                clients,
                                noDelay ? " + nodelay" : "",
                                o.perSecond(),
                                o.p99(),
                                u == null
                                        ? ""
                                        : String.format(
                                                java.util.Locale.ROOT,
                                                " | ours %.0f req/s p99 %.2f ms",
                                                u.perSecond(),
                                                u.p99()));
                    }
                }
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < official.size(); i++) {
            pairs.add(
                    new Pair(official.get(i), ours.get(i), officialNoDelay.isEmpty() ? null : officialNoDelay.get(i)));
        }
        return pairs;
    }

    /** Why the figures come out as they do, with this run's numbers. */
    private static String explanation(Map<String, Double> f, Size size) {
        int most = size.clients()[size.clients().length - 1];
        int least = size.clients()[0];
        double behind = f.get("trivial.c" + least + ".ours.rps") / f.get("trivial.c" + least + ".nodelay.rps");
        double behindMost = f.get("trivial.c" + most + ".ours.rps") / f.get("trivial.c" + most + ".nodelay.rps");
        return String.format(
                java.util.Locale.ROOT,
                """
                **Why.** The official `App` gives the JDK server no executor, so every request runs on the server's one
                dispatcher thread: a handler that waits 50 ms caps it at 1000 / 50 = 20 requests/s whatever the number
                of clients, and the clients queue behind each other (p99 %s ms at %d clients). Ours starts a thread
                for each request that finds none idle, up to `HANDLER_THREADS` (%d here; %d are kept when idle), so
                each of the %d clients has its handler running at once: up to %d × 20 = %d requests/s with that
                handler. With one client both are the same (%s).

                With the trivial handler, the official entrypoint as shipped answers almost every keep-alive request
                about 40 ms late (p50 %s ms at %d clients): the JDK server writes a response's headers and its body in
                two writes, and with Nagle's algorithm the body waits for the client's delayed ACK of the headers.
                This benchmark found our entrypoint doing the same; it now sets TCP_NODELAY
                (`sun.net.httpserver.nodelay=true`, unless given otherwise; `Entrypoint.NODELAY_PROPERTY`).

                **Where ours is behind.** Given the same flag (`-Dsun.net.httpserver.nodelay=true` added to the stock
                template's `fprocess`, a change a user would have to know to make), the official entrypoint answers a
                handler that does nothing faster than ours: ours reaches %s of its throughput at %d client%s and %s at
                %d. Each of our requests crosses from the server's dispatcher thread to a worker and back (two thread
                hand-offs; on this 2-core machine, loaded by other builds, each waits for a core), where the official
                one stays on one thread. That is the price of serving requests concurrently, and it only shows when the
                handler does nothing: as soon as it waits on anything (every campaign function waits on Notion, Resend
                or Redis), the single thread is the limit (the 50 ms table). No change made: running handlers on the
                dispatcher thread would bring the serialisation back.
                """,
                Table.ms(f.get("wait50.c" + most + ".official.p99")),
                most,
                oursThreads(),
                Entrypoint.CORE_THREADS,
                most,
                most,
                most * 20,
                Table.ratio(f.get("wait50.c" + least + ".ratio")),
                Table.ms(f.getOrDefault("trivial.c8.official.p50", Double.NaN)),
                8,
                Table.ratio(behind),
                least,
                least == 1 ? "" : "s",
                Table.ratio(behindMost),
                most);
    }

    /** HANDLER_THREADS as our child JVM chose it (its "serving" line), -1 before it has run. */
    private static volatile int oursThreads = -1;

    private static int oursThreads() {
        return oursThreads;
    }

    private static void readThreads(Path log) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"event\":\"serving\".*?\"threads\":(\\d+)")
                    .matcher(java.nio.file.Files.readString(log));
            if (m.find()) {
                oursThreads = Integer.parseInt(m.group(1));
            }
        } catch (java.io.IOException e) {
            // the text then says -1
        }
    }

    /** One server under test, with its own HTTP client. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    private static final class Side {
        final URI uri;
        final HttpClient http = LoadGenerator.client();

        /** JIT and connections, the same for every side. */
        void warm(Size size) {
            LoadGenerator.run(http, uri, BODY, 8, Long.MAX_VALUE, size.warmup());
        }

        LoadGenerator.Result load(Size size, int clients) {
            return LoadGenerator.run(http, uri, BODY, clients, size.requestsPerRun(), size.timePerRun());
        }
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new java.util.HashMap<>(a);
        merged.putAll(b);
        return merged;
    }
}
