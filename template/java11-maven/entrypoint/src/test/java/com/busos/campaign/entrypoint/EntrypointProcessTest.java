package com.busos.campaign.entrypoint;

import com.openfaas.model.IHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The real process: main(), the handler class from HANDLER_CLASS, and a clean stop on SIGTERM. */
class EntrypointProcessTest {

    private static final long GENEROUS_SECONDS = 60;

    @Test
    void sigtermLetsTheInFlightRequestFinishThenExits(@TempDir Path tmp) throws Exception {
        Path release = tmp.resolve("release");
        // Output goes to a file: Process.destroy() closes the parent's end of a stdout pipe, and the
        // lines printed while stopping are what this test checks.
        Path output = tmp.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp", classPath(), Entrypoint.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("UPSTREAM_PORT", "0");
        builder.environment().put("HANDLER_CLASS", ReleaseFileHandler.class.getName());
        builder.environment().put("SHUTDOWN_GRACE_SECONDS", "120");
        builder.environment().put("RELEASE_FILE", release.toString());
        Process process = builder.start();
        try {
            Matcher serving = Pattern.compile("serving .* on 0\\.0\\.0\\.0:(\\d+)")
                    .matcher(awaitLine(output, "serving "));
            assertTrue(serving.find());
            int port = Integer.parseInt(serving.group(1));

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitLine(output, "HANDLER-ENTERED");

            process.destroy(); // SIGTERM
            awaitLine(output, "SIGTERM: no longer accepting connections; waiting up to 120s for 1 in-flight request(s)");
            assertTrue(process.isAlive(), "the process must wait for the in-flight request");
            Files.writeString(release, "go");

            HttpResponse<String> response = inFlight.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("released", response.body());
            assertTrue(process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS), "the process did not exit");
            assertTrue(Files.readAllLines(output).contains("[entrypoint] stopped: all requests finished"),
                    Files.readString(output));
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

    /** Waits (polling the output file, up to a generous deadline) for a line containing {@code fragment}. */
    private static String awaitLine(Path output, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output)) {
                String text = Files.readString(output, StandardCharsets.UTF_8);
                // only complete lines: the last one may still be being written
                for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                    if (line.contains(fragment)) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("no line containing '" + fragment + "' in:\n" + Files.readString(output));
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
        return String.join(File.pathSeparator, entries);
    }
}
