package com.busos.campaign.e2e;

import com.busos.campaign.testing.TestRedis;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A packaged function in a JVM of its own, started the way its container starts it (the template's
 * entrypoint, UPSTREAM_PORT, settings from the environment, of-watchdog's exec_timeout if given), so a
 * test can kill it like a container killed mid-call (SIGKILL: no shutdown hook, no cleanup) or watch
 * what it does after the caller was answered.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class FunctionProcess implements AutoCloseable {
    private final String function;
    private final Process process;
    private final int port;
    private final Path output;

    /** Starts {@code function} with these settings (environment variable name → value) and waits until it serves. */
    static FunctionProcess start(String function, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path target = root.resolve("functions").resolve(function).resolve("target");
        List<String> classpath = new ArrayList<>();
        classpath.add(target.resolve("function.jar").toString());
        try (Stream<Path> lib = Files.list(target.resolve("lib"))) {
            classpath.addAll(lib.filter(jar -> jar.toString().endsWith(".jar"))
                    .sorted()
                    .map(Path::toString)
                    .collect(Collectors.toList()));
        }
        classpath.add(root.resolve("template/java11-maven/entrypoint/target/entrypoint.jar")
                .toString());
        int port = TestRedis.freePort();
        Path output = Files.createTempFile(function + "-process-", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                String.join(File.pathSeparator, classpath),
                "com.busos.campaign.entrypoint.Entrypoint");
        builder.environment().putAll(settings);
        builder.environment().put("UPSTREAM_PORT", Integer.toString(port));
        builder.environment()
                .put(
                        "SECRETS_DIR",
                        output.getParent().resolve("no-secrets-here").toString());
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        FunctionProcess started = new FunctionProcess(function, builder.start(), port, output);
        try {
            started.awaitOutput("\"event\":\"serving\"", Duration.ofSeconds(30));
        } catch (RuntimeException | InterruptedException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Where a caller reaches it (any path is served: the gateway's /function/<name> too). */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure would: the request in flight is cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS))
            throw new IllegalStateException(function + " process survived SIGKILL");
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Waits until the process has printed {@code text} (the entrypoint prints one JSON line per event). */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) return;
            if (!process.isAlive()) throw new IllegalStateException(function + " process exited: " + output());
            Thread.sleep(50);
        }
        throw new IllegalStateException(
                function + " process did not print " + text + " within " + timeout.getSeconds() + " s: " + output());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
