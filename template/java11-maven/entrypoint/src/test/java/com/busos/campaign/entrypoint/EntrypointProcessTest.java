package com.busos.campaign.entrypoint;

import com.openfaas.model.IHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The real process: main(), the handler class from HANDLER_CLASS, and a clean stop on SIGTERM. */
class EntrypointProcessTest {

    private static final long GENEROUS_SECONDS = 60;

    @Test
    void sigtermLetsTheInFlightRequestFinishThenExits(@TempDir Path tmp) throws Exception {
        Path release = tmp.resolve("release");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp", classPath(),
                Entrypoint.class.getName()).redirectErrorStream(true);
        builder.environment().put("UPSTREAM_PORT", "0");
        builder.environment().put("HANDLER_CLASS", ReleaseFileHandler.class.getName());
        builder.environment().put("SHUTDOWN_GRACE_SECONDS", "120");
        builder.environment().put("RELEASE_FILE", release.toString());
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> transcript = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (transcript) {
                        transcript.add(line);
                    }
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Matcher serving = Pattern.compile("serving .* on 0\\.0\\.0\\.0:(\\d+)")
                    .matcher(awaitLine(lines, "serving ", transcript));
            assertTrue(serving.find());
            int port = Integer.parseInt(serving.group(1));

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitLine(lines, "HANDLER-ENTERED", transcript);

            System.out.println(Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")));
            process.destroy(); // SIGTERM
            awaitLine(lines, "SIGTERM", transcript);
            assertTrue(process.isAlive(), "the process must wait for the in-flight request");
            Files.writeString(release, "go");

            HttpResponse<String> response = inFlight.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("released", response.body());
            assertTrue(process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS), "the process did not exit");
            reader.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
            synchronized (transcript) {
                assertTrue(transcript.contains("[entrypoint] stopped: all requests finished"), String.join("\n", transcript));
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aHandlerClassThatCannotBeLoadedStopsTheProcessWithAMessage() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp", classPath(),
                Entrypoint.class.getName()).redirectErrorStream(true);
        builder.environment().put("UPSTREAM_PORT", "0");
        builder.environment().put("HANDLER_CLASS", "com.example.Missing");
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, process.exitValue());
            assertTrue(output.contains("cannot start: java.lang.ClassNotFoundException: com.example.Missing"), output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String fragment, List<String> transcript)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.contains(fragment)) {
                return line;
            }
        }
        synchronized (transcript) {
            fail("no line containing '" + fragment + "' in:\n" + String.join("\n", transcript));
        }
        return null;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Main classes, test classes and the model jar: where the classes were loaded from. */
    private static String classPath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(Entrypoint.class, ReleaseFileHandler.class, IHandler.class)) {
            URI location = type.getProtectionDomain().getCodeSource().getLocation().toURI();
            entries.add(Path.of(location).toString());
        }
        assertNotNull(entries);
        assertFalse(entries.isEmpty());
        return String.join(File.pathSeparator, entries);
    }
}
