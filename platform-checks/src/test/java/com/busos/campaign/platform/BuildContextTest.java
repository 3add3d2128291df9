package com.busos.campaign.platform;

import com.busos.campaign.gateway.StackFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each function's image build, without Docker: the build context is assembled as `faas-cli build`
 * does (openfaas.md §1.5), the template's build.sh builds it with Maven on its own (offline: the
 * reactor resolved everything), and the output is started with the Dockerfile's fprocess command.
 */
class BuildContextTest {

    private static final long BUILD_MINUTES = 10;
    private static final long GENEROUS_SECONDS = 60;
    /** The entrypoint's JSON line once the handler is loaded: {"ts":...,"event":"serving","handler":...,"port":N,...}. */
    private static final Pattern SERVING = Pattern.compile(
            "\"event\":\"serving\",\"handler\":\"com\\.openfaas\\.function\\.Handler\",\"port\":(\\d+)");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyStackFunctionBuildsFromItsFaasCliBuildContext() throws IOException {
        StackFile stack = StackFile.read(Repo.ROOT.resolve("stack.yml"), Map.of());
        assertTrue(stack.functions().size() >= 3, "functions in stack.yml");
        return stack.functions().values().stream().map(fn -> DynamicTest.dynamicTest(fn.name(), () -> {
            Path context = assemble(fn.name(), fn.lang(), stack.handlerDirectory(fn),
                    stack.copy().stream().map(p -> stack.directory().resolve(p).normalize()).collect(Collectors.toList()));
            Path dist = buildAndCheck(context);
            int status = runWithFprocess(context, dist, "{}").statusCode();
            assertTrue(status >= 200 && status < 600, fn.name() + " answered " + status);
        }));
    }

    /** `faas-cli new hello --lang java11-maven`, then build: the skeleton works on its own. */
    @TestFactory
    Stream<DynamicTest> theTemplateSkeletonBuildsAndAnswers() {
        return Stream.of(DynamicTest.dynamicTest("faas-cli new skeleton", () -> {
            Path context = assemble("hello", "java11-maven",
                    Repo.ROOT.resolve("template/java11-maven/function"), List.of());
            Path dist = buildAndCheck(context);
            HttpResponse<String> response = runWithFprocess(context, dist, "Ada");
            assertEquals(200, response.statusCode());
            assertEquals("Hello, Ada!", response.body());
        }));
    }

    /** build/<fn>/: the template, the handler in function/, each copy path in function/<name>/. */
    private Path assemble(String name, String lang, Path handler, List<Path> copies) throws IOException {
        Path context = work.resolve("build").resolve(name);
        Path template = Repo.ROOT.resolve("template").resolve(lang);
        assertTrue(Files.isRegularFile(template.resolve("template.yml")), "template/" + lang + "/template.yml");
        Repo.copyTree(template, context, Set.of(), Set.of("target"));
        // faas-cli overlays the handler onto the template's function/ skeleton: skeleton files the
        // handler does not have stay in the context (so the skeleton holds only pom.xml and Handler.java)
        Path function = context.resolve("function");
        Repo.copyTree(handler, function, Set.of("build", "template"), Set.of("target"));
        for (Path copy : copies) {
            Repo.copyTree(copy, function.resolve(copy.getFileName().toString()), Set.of(), Set.of("target"));
        }
        return context;
    }

    /** Runs build.sh and checks its output folder. */
    private Path buildAndCheck(Path context) throws Exception {
        Path log = context.resolve("build-output.txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "build.sh").directory(context.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        String localRepository = System.getProperty("maven.repo.local");
        builder.environment().put("MVN_ARGS", "-o -q -DskipTests"
                + (localRepository == null || localRepository.isBlank() ? "" : " -Dmaven.repo.local=" + localRepository));
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES), "build.sh did not finish");
            assertEquals(0, process.exitValue(), "build.sh failed:\n" + Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
        Path dist = context.resolve("target/dist");
        Path functionJar = dist.resolve("function.jar");
        Path entrypointJar = dist.resolve("entrypoint.jar");
        assertTrue(Files.isRegularFile(functionJar), "function.jar");
        assertTrue(Files.isRegularFile(entrypointJar), "entrypoint.jar");
        assertTrue(jarHas(functionJar, "com/openfaas/function/Handler.class"), "the handler in function.jar");
        assertTrue(jarHas(entrypointJar, "com/busos/campaign/entrypoint/Entrypoint.class"), "the entrypoint");
        try (Stream<Path> libs = Files.list(dist.resolve("lib"))) {
            List<String> names = libs.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("model-")), "com.openfaas:model in lib/: " + names);
        }
        try (JarFile jar = new JarFile(functionJar.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertNotNull(classPath, "function.jar's manifest lists its dependencies");
            for (String entry : classPath.trim().split("\\s+")) {
                assertTrue(Files.isRegularFile(dist.resolve(entry)), entry + " of function.jar's Class-Path is in the image");
            }
        }
        return dist;
    }

    /** Starts the output with the Dockerfile's fprocess (with /home/app/ pointing at dist/) and calls it once. */
    private HttpResponse<String> runWithFprocess(Path context, Path dist, String body) throws Exception {
        List<String> command = fprocess(context.resolve("Dockerfile"), dist);
        Path output = context.resolve("fprocess-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dist.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("UPSTREAM_PORT", "0");
        builder.environment().put("SECRETS_DIR", work.resolve("no-secrets").toString());
        Process process = builder.start();
        try {
            int port = awaitPort(output, process);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(GENEROUS_SECONDS))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            process.destroy();
            if (!process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The fprocess of the Dockerfile, split on spaces as of-watchdog does. */
    static List<String> fprocess(Path dockerfile, Path dist) throws IOException {
        Matcher m = Pattern.compile("fprocess=\"([^\"]+)\"").matcher(Files.readString(dockerfile));
        assertTrue(m.find(), "ENV fprocess in " + dockerfile);
        List<String> command = new ArrayList<>(Arrays.asList(
                m.group(1).replace("/home/app/", dist.toAbsolutePath() + "/").trim().split("\\s+")));
        assertEquals("java", command.get(0));
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return command;
    }

    private static int awaitPort(Path output, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output)) {
                Matcher m = SERVING.matcher(Files.readString(output, StandardCharsets.UTF_8));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                fail("the function exited with " + process.exitValue() + ":\n" + Files.readString(output));
            }
            Thread.sleep(20);
        }
        fail("the function did not start:\n" + Files.readString(output));
        return -1;
    }

    private static boolean jarHas(Path jar, String entry) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(entry) != null;
        }
    }
}
