package com.busos.campaign.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** A function's process: a child JVM started with a classpath, a main class and an environment. */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class ChildJvm implements AutoCloseable {
    /** Children still running when the benchmark JVM exits are stopped with it. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-children"));
    }

    private final String name;
    private final Process process;

    @Getter(AccessLevel.PACKAGE)
    private final long startedNanos;

    private final Path log;

    /** The java launcher of the JDK running the benchmarks. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code java <jvmArgs> -cp <classpath> <mainClass>} with {@code env} added to this
     * process's environment (a null value removes the variable); its output goes to {@code log}.
     */
    static ChildJvm start(
            String name,
            List<String> jvmArgs,
            List<Path> classpath,
            String mainClass,
            Map<String, String> env,
            Path log) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.add("-cp");
        List<String> entries = new ArrayList<>();
        for (Path entry : classpath) entries.add(entry.toString());
        command.add(String.join(File.pathSeparator, entries));
        command.add(mainClass);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The flags on the command line are all the JVM gets: none from the shell's environment.
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            builder.environment().remove(variable);
        }
        env.forEach((variable, value) -> {
            if (value == null) builder.environment().remove(variable); // not inherited from this process
            else builder.environment().put(variable, value);
        });
        try {
            Files.createDirectories(log.getParent());
            builder.redirectOutput(log.toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return new ChildJvm(name, process, started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    long rssKib() {
        return Machine.rssKib(process.pid());
    }

    long peakRssKib() {
        return Machine.peakRssKib(process.pid());
    }

    /** Waits until {@code port} accepts connections; fails when the process died or time ran out. */
    void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + tail());
            if (accepts(port)) return;
            sleep(5);
        }
        throw new IllegalStateException(name + " did not listen on " + port + " within " + timeout + ": " + tail());
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as the watchdog's container stop would send; forcibly after {@code grace}. */
    int stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) stop(Duration.ofSeconds(10));
    }

    /** The last lines of the process's output, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output)";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
