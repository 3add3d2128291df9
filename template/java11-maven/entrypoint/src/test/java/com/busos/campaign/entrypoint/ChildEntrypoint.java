package com.busos.campaign.entrypoint;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The entrypoint as the image runs it: a child JVM, settings in its environment, output in a file. */
final class ChildEntrypoint implements AutoCloseable {

    static final long GENEROUS_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final Path output;

    private ChildEntrypoint(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts it with UPSTREAM_PORT=0 and {@code env}. */
    static ChildEntrypoint start(Path tmp, Class<? extends IHandler> handler, Map<String, String> env)
            throws IOException {
        return start(tmp, handler, env, List.of());
    }

    /** Starts it with UPSTREAM_PORT=0, {@code env} and these JVM flags (e.g. -Xmx64m). */
    static ChildEntrypoint start(
            Path tmp, Class<? extends IHandler> handler, Map<String, String> env, List<String> jvmFlags)
            throws IOException {
        // Output goes to a file: Process.destroy() closes the parent's end of a stdout pipe, and the
        // lines printed while stopping are what the tests check.
        Path output = tmp.resolve("output-" + System.nanoTime() + ".txt");
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath(), Entrypoint.class.getName()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("exec_timeout");
        builder.environment().put("UPSTREAM_PORT", "0");
        builder.environment().put("HANDLER_CLASS", handler.getName());
        builder.environment().putAll(env);
        return new ChildEntrypoint(builder.start(), output);
    }

    /** The port of the first line with {@code "event":"<event>"} (listening, serving). */
    int port(String event) throws Exception {
        return awaitEvent(event).get("port").asInt();
    }

    /** Waits (polling the output, up to a generous bound) for the JSON line of {@code event}. */
    JsonNode awaitEvent(String event) throws Exception {
        return JSON.readTree(awaitLine("\"event\":\"" + event + "\""));
    }

    /** Waits (polling the output, up to a generous bound) for a line containing {@code fragment}. */
    String awaitLine(String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.contains(fragment)) {
                    return line;
                }
            }
            if (!process.isAlive() && !text().contains(fragment)) {
                fail("exited with " + process.exitValue() + " before printing '" + fragment + "':\n" + text());
            }
            Thread.sleep(20);
        }
        fail("no line containing '" + fragment + "' in:\n" + text());
        return null;
    }

    /** Complete lines only: the last one may still be being written. */
    List<String> lines() throws IOException {
        String text = text();
        return List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
    }

    String text() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    /** Every line the entrypoint printed (not the test handlers' markers) parsed as a JSON object. */
    List<JsonNode> entrypointLines() throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines()) {
            if (line.isEmpty() || line.matches("[A-Z-]+") || line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (!node.isObject() || !"entrypoint".equals(node.path("logger").asText())) {
                fail("not an entrypoint JSON line: " + line);
            }
            parsed.add(node);
        }
        return parsed;
    }

    /**
     * One request on a new connection (as of-watchdog opens them), {@code Connection: close}.
     *
     * @return the status line's code and the whole response, or throws ConnectException when refused
     */
    static Answer request(int port, String method, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
            OutputStream out = socket.getOutputStream();
            String body = method.equals("POST") ? "{}" : "";
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n")
                            + "Connection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 ")) {
                throw new IOException("no HTTP response: '" + response + "'");
            }
            return new Answer(Integer.parseInt(response.substring(9, 12)), response);
        }
    }

    /** True once a new connection is refused. */
    static boolean refused(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    record Answer(int status, String raw) {
        String body() {
            return raw.substring(raw.indexOf("\r\n\r\n") + 4);
        }

        String header(String name) {
            for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Main classes, test classes and the model jar: where the classes were loaded from. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(Entrypoint.class, ReleaseFileHandler.class, IHandler.class)) {
            try {
                URI location =
                        type.getProtectionDomain().getCodeSource().getLocation().toURI();
                entries.add(Path.of(location).toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
