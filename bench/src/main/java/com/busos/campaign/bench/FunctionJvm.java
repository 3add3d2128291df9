package com.busos.campaign.bench;

import com.busos.campaign.config.Setting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A function as its image runs it: the template's entrypoint in a child JVM, with the function's jar and
 * libraries, listening on a free port, configured by environment variables only (none of the campaign's
 * settings is inherited from the shell; no secret files).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class FunctionJvm implements AutoCloseable {
    final String function;
    final ChildJvm jvm;
    final int port;

    /** {@code functions/<fn>/target/function.jar}, its lib/*, and the entrypoint's jar. */
    static List<Path> classpath(String function) {
        Path root = Locations.root();
        Path entrypointJar = root.resolve("template/java11-maven/entrypoint/target/entrypoint.jar");
        Path target = root.resolve("functions").resolve(function).resolve("target");
        if (!Files.isRegularFile(target.resolve("function.jar")) || !Files.isRegularFile(entrypointJar)) {
            throw new IllegalStateException("build first: " + target.resolve("function.jar") + " or " + entrypointJar
                    + " is missing (mvn -DskipTests install)");
        }
        return List.of(target.resolve("function.jar"), target.resolve("lib").resolve("*"), entrypointJar);
    }

    /** Starts {@code function} with exactly {@code settings} and waits until it listens. */
    static FunctionJvm start(String function, Map<Setting, String> settings, String tag) {
        Map<String, String> env = new HashMap<>();
        for (Setting setting : Setting.values()) env.put(setting.envName(), null);
        settings.forEach((setting, value) -> env.put(setting.envName(), value));
        env.put(
                "SECRETS_DIR",
                Locations.root().resolve("bench/target/no-secrets").toString());
        int port = com.busos.campaign.testing.TestRedis.freePort();
        env.put("UPSTREAM_PORT", Integer.toString(port));
        env.put("DRAIN_SECONDS", "0");
        ChildJvm jvm = ChildJvm.start(
                function,
                List.of(),
                classpath(function),
                "com.busos.campaign.entrypoint.Entrypoint",
                env,
                Locations.logs().resolve(function + "-" + tag + ".log"));
        jvm.awaitPort(port, Duration.ofSeconds(60));
        FunctionJvm started = new FunctionJvm(function, jvm, port);
        // The entrypoint listens before its handler is loaded and answers 503 "starting" until then (a
        // hand-off refused so would wait out its lease): a GET, which no function acts on, waits for it.
        sendOnceStarted(
                LoadGenerator.client(),
                HttpRequest.newBuilder(started.uri())
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build());
        return started;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI uri() {
        return URI.create(baseUrl() + "/");
    }

    /** Sends {@code request} until the answer is not the entrypoint's 503 "starting" (the handler is loaded). */
    static HttpResponse<String> sendOnceStarted(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int i = 0;
                    i < 6000 && answer.statusCode() == 503 && answer.body().contains("\"starting\"");
                    i++) {
                ChildJvm.sleep(10);
                answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return answer;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        jvm.stop(Duration.ofSeconds(20));
    }
}
