package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.busos.campaign.gateway.StackFile;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each function's image build, without Docker: the build context is assembled as `faas-cli build`
 * does (openfaas.md §1.5, §8), the Dockerfile's builder stage is reproduced (its RUN command with its
 * MVN_ARGS, under the builder image's Apache Maven, into this build's local repository), nothing it
 * compiled may need a newer JDK than the builder image's, nothing shipped may need a newer JRE than
 * the ship stage's, and the output is started with the Dockerfile's fprocess command.
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
        return stack.functions().values().stream()
                .map(fn -> DynamicTest.dynamicTest(fn.name(), () -> {
                    Path context =
                            assemble(fn.name(), fn.lang(), stack.handlerDirectory(fn), stack.directory(), stack.copy());
                    Path dist = buildAndCheck(context);
                    // Sandbox mode is the local gateway's: no image carries its stand-ins or the template files.
                    assertEquals(
                            List.of(),
                            classesUnder(dist, "com/busos/campaign/sandbox/", "com/busos/campaign/templatefiles/"));
                    // Lombok runs at compile time only: no jar of it, and no class that refers to it
                    // (@lombok.Generated would), is in an image.
                    assertEquals(List.of(), classesMentioning(dist, "lombok/"));
                    int status = runWithFprocess(context, dist, "{}").statusCode();
                    assertTrue(status >= 200 && status < 600, fn.name() + " answered " + status);
                }));
    }

    /** `faas-cli new hello --lang java11-maven`, then build: the skeleton works on its own. */
    @TestFactory
    Stream<DynamicTest> theTemplateSkeletonBuildsAndAnswers() {
        return Stream.of(DynamicTest.dynamicTest("faas-cli new skeleton", () -> {
            Path context = assemble(
                    "hello", "java11-maven", Repo.ROOT.resolve("template/java11-maven/function"), Repo.ROOT, List.of());
            Path dist = buildAndCheck(context);
            HttpResponse<String> response = runWithFprocess(context, dist, "Ada");
            assertEquals(200, response.statusCode());
            assertEquals("Hello, Ada!", response.body());
        }));
    }

    /**
     * {@code configuration.copy: [./libs/common]}: faas-cli puts the module at {@code function/libs/common}
     * (openfaas.md §1.5; the go-sdk builder joins the copy path to the handler folder); build.sh must
     * build it, or the handler would not find its class in the image.
     */
    @TestFactory
    Stream<DynamicTest> aCopyPathOfAnyDepthIsBuiltIntoTheImage() {
        return Stream.of(DynamicTest.dynamicTest("copy: ./libs/common", () -> {
            Path project = Repo.ROOT.resolve("platform-checks/src/test/resources/nested-copy");
            Path context = assemble(
                    "nested-copy", "java11-maven", project.resolve("hello"), project, List.of("./libs/common"));
            assertTrue(Files.isRegularFile(context.resolve("function/libs/common/pom.xml")), "faas-cli's layout");
            Path dist = buildAndCheck(context);
            String output = Files.readString(context.resolve("build-output.txt"));
            assertTrue(output.contains("build.sh: copied modules: function/libs/common"), output);
            try (Stream<Path> libs = Files.list(dist.resolve("lib"))) {
                assertTrue(
                        libs.anyMatch(jar -> jar.getFileName().toString().startsWith("nested-copy-common-")),
                        "the nested module's jar is in the image's lib/");
            }
            HttpResponse<String> response = runWithFprocess(context, dist, "Ada");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("Hello from libs/common, Ada!", response.body());
        }));
    }

    /**
     * What build.sh cannot build it refuses by name before Maven runs: copied Java sources without a
     * pom.xml, and a pom.xml inside a copied module that is not one of its {@code <modules>}.
     */
    @org.junit.jupiter.api.Test
    void aCopyPathBuildShCannotBuildIsRefusedByName() throws Exception {
        Path context = assemble(
                "refused", "java11-maven", Repo.ROOT.resolve("template/java11-maven/function"), Repo.ROOT, List.of());
        Path tools = Files.createDirectories(context.resolve("function/libs/tools/src/main/java/tools"));
        Files.writeString(tools.resolve("Tool.java"), "package tools; class Tool {}\n");
        assertRefused(context, "function/libs/tools has Java sources but no pom.xml");

        Files.writeString(context.resolve("function/libs/tools/pom.xml"), "<project/>\n");
        Files.createDirectories(context.resolve("function/libs/tools/extra"));
        Files.writeString(context.resolve("function/libs/tools/extra/pom.xml"), "<project/>\n");
        assertRefused(context, "function/libs/tools/extra/pom.xml is inside the copied module function/libs/tools");
    }

    private static void assertRefused(Path context, String reason) throws Exception {
        ProcessBuilder run = new ProcessBuilder("bash", "build.sh")
                .directory(context.toFile())
                .redirectErrorStream(true);
        run.environment().put("MVN", "false"); // never reached: the refusal comes first
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS), "build.sh did not finish");
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains(reason), output);
        assertTrue(!output.contains("build.sh: mvn"), "refused before Maven runs: " + output);
    }

    /** The builder stage's Maven matches the Dockerfile's builder image, and its JDK is the ship stage's Java. */
    @org.junit.jupiter.api.Test
    void theBuilderMavenIsTheBuilderImagesMaven() throws IOException {
        BuilderStage builder = BuilderStage.read(Repo.ROOT.resolve("template/java11-maven/Dockerfile"));
        assertEquals(
                builder.mavenVersion,
                System.getProperty("builder.maven.version"),
                "platform-checks/pom.xml builder.maven.version must be the Maven of " + builder.image);
        assertTrue(Files.isExecutable(builderMaven()), "the builder's Maven at " + builderMaven());
        assertEquals(11, builder.jdkFeature, "the builder's JDK is the java11 template's");
    }

    /** The class-file check sees what a JDK 11 could not have written: this module's tests are release 17. */
    @org.junit.jupiter.api.Test
    void theClassFileCheckFindsClassesANewerJdkWrote() throws Exception {
        Path testClasses = Path.of(BuildContextTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> newer = ClassFileVersions.classFilesNewerThan(testClasses, ClassFileVersions.majorOf(11));
        assertTrue(
                newer.stream().anyMatch(n -> n.contains("BuildContextTest.class") && n.contains("major 61")),
                newer.toString());
        assertEquals(List.of(), ClassFileVersions.classFilesNewerThan(testClasses, ClassFileVersions.majorOf(17)));
    }

    /**
     * build/<fn>/: the template, the handler in function/, each copy path at function/<path as written>
     * (faas-cli: {@code ./libs/common} → {@code function/libs/common}).
     */
    private Path assemble(String name, String lang, Path handler, Path stackDirectory, List<String> copies)
            throws IOException {
        Path context = work.resolve("build").resolve(name);
        Path template = Repo.ROOT.resolve("template").resolve(lang);
        assertTrue(Files.isRegularFile(template.resolve("template.yml")), "template/" + lang + "/template.yml");
        Repo.copyTree(template, context, Set.of(), Set.of("target"));
        // faas-cli overlays the handler onto the template's function/ skeleton: skeleton files the
        // handler does not have stay in the context (so the skeleton holds only pom.xml and Handler.java)
        Path function = context.resolve("function");
        Repo.copyTree(handler, function, Set.of("build", "template"), Set.of("target"));
        for (String copy : copies) {
            Path source = stackDirectory.resolve(copy).normalize();
            assertTrue(source.startsWith(stackDirectory), "faas-cli refuses a copy path outside the project: " + copy);
            Repo.copyTree(
                    source, function.resolve(stackDirectory.relativize(source).toString()), Set.of(), Set.of("target"));
        }
        return context;
    }

    /**
     * Runs the Dockerfile's builder stage: its RUN command in the context, with its MVN_ARGS, under the
     * builder image's Maven. The one addition is this build's local repository, so nested builds share
     * its cache (online: every plugin resolves at function-parent's pinned version, as in the image).
     */
    private Path buildAndCheck(Path context) throws Exception {
        BuilderStage builder = BuilderStage.read(context.resolve("Dockerfile"));
        Path log = context.resolve("build-output.txt");
        ProcessBuilder builderRun = new ProcessBuilder(builder.command)
                .directory(context.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        String localRepository = System.getProperty("maven.repo.local");
        builderRun
                .environment()
                .put(
                        "MVN_ARGS",
                        builder.mvnArgs
                                + (localRepository == null || localRepository.isBlank()
                                        ? ""
                                        : " -Dmaven.repo.local=" + localRepository));
        builderRun.environment().put("MVN", builderMaven().toString());
        Process process = builderRun.start();
        try {
            assertTrue(process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES), "the builder stage did not finish");
            assertEquals(
                    0,
                    process.exitValue(),
                    "the builder stage (" + String.join(" ", builder.command) + ", MVN_ARGS=" + builder.mvnArgs
                            + ") failed:\n" + Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("build.sh: mvn"), "build.sh ran Maven:\n" + output);
        // The builder image's JDK cannot write newer class files; whatever it compiled must fit it.
        List<String> tooNewForBuilder = ClassFileVersions.classFilesNewerThan(context, builder.maxClassFileMajor());
        assertTrue(
                tooNewForBuilder.isEmpty(),
                tooNewForBuilder.size() + " class files that the builder image's JDK " + builder.jdkFeature + " ("
                        + builder.image + ") cannot compile, e.g. " + firstFew(tooNewForBuilder));
        Path dist = context.resolve("target/dist");
        Path functionJar = dist.resolve("function.jar");
        Path entrypointJar = dist.resolve("entrypoint.jar");
        assertTrue(Files.isRegularFile(functionJar), "function.jar");
        assertTrue(Files.isRegularFile(entrypointJar), "entrypoint.jar");
        assertTrue(jarHas(functionJar, "com/openfaas/function/Handler.class"), "the handler in function.jar");
        assertTrue(jarHas(entrypointJar, "com/busos/campaign/entrypoint/Entrypoint.class"), "the entrypoint");
        List<Path> jars;
        try (Stream<Path> libs = Files.list(dist.resolve("lib"))) {
            jars = libs.sorted().collect(Collectors.toList());
        }
        List<String> names = jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("model-")), "com.openfaas:model in lib/: " + names);
        // An SLF4J API other than its binding's (a test library's pick leaking into the runtime) prints
        // the StaticLoggerBinder warning and logs nothing.
        List<String> slf4j = names.stream()
                .filter(n -> n.startsWith("slf4j-"))
                .map(n -> n.replaceAll("^slf4j-[a-z]+-", ""))
                .distinct()
                .collect(Collectors.toList());
        assertTrue(slf4j.size() <= 1, "one SLF4J version in lib/: " + names);
        // The ship stage is a JRE 11: nothing shipped may need a newer one.
        List<String> tooNew = new ArrayList<>();
        tooNew.addAll(ClassFileVersions.jarClassesNewerThan(functionJar, ClassFileVersions.majorOf(11)));
        tooNew.addAll(ClassFileVersions.jarClassesNewerThan(entrypointJar, ClassFileVersions.majorOf(11)));
        for (Path jar : jars) {
            tooNew.addAll(ClassFileVersions.jarClassesNewerThan(jar, ClassFileVersions.majorOf(11)));
        }
        assertTrue(
                tooNew.isEmpty(), tooNew.size() + " classes the image's JRE 11 cannot load, e.g. " + firstFew(tooNew));
        try (JarFile jar = new JarFile(functionJar.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertNotNull(classPath, "function.jar's manifest lists its dependencies");
            for (String entry : classPath.trim().split("\\s+")) {
                assertTrue(
                        Files.isRegularFile(dist.resolve(entry)),
                        entry + " of function.jar's Class-Path is in the image");
            }
        }
        runShipStage(context, dist);
        return dist;
    }

    /**
     * The ship stage's one build step: {@code RUN bash /home/app/cds.sh}, after its {@code ENV fprocess},
     * with /home/app/ at dist/ as everywhere here: the training run and the dump of the class-data archive.
     */
    private void runShipStage(Path context, Path dist) throws Exception {
        String dockerfile = Files.readString(context.resolve("Dockerfile"));
        String ship = dockerfile.substring(dockerfile.indexOf(" AS ship"));
        assertTrue(
                ship.indexOf("ENV fprocess=") >= 0
                        && ship.indexOf("RUN bash /home/app/cds.sh") > ship.indexOf("ENV fprocess="),
                "the ship stage runs cds.sh after its fprocess is set");
        assertTrue(Files.isRegularFile(dist.resolve("cds.sh")), "build.sh put cds.sh in the image's files");
        Path log = context.resolve("cds-output.txt");
        ProcessBuilder run = new ProcessBuilder("bash", dist.resolve("cds.sh").toString())
                .directory(dist.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        run.environment().put("fprocess", String.join(" ", fprocess(context.resolve("Dockerfile"), dist)));
        Process process = run.start();
        try {
            assertTrue(process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS), "cds.sh did not finish");
            assertEquals(0, process.exitValue(), "cds.sh failed:\n" + Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
        assertTrue(Files.size(archive(context, dist)) > 0, "the archive is made: " + Files.readString(log));
    }

    /** The archive fprocess names ({@code -XX:SharedArchiveFile=}). */
    private static Path archive(Path context, Path dist) throws IOException {
        return fprocess(context.resolve("Dockerfile"), dist).stream()
                .filter(arg -> arg.startsWith("-XX:SharedArchiveFile="))
                .map(arg -> Path.of(arg.substring("-XX:SharedArchiveFile=".length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("fprocess names no -XX:SharedArchiveFile"));
    }

    /**
     * The classes the JVM took from the archive, from {@code -Xlog:class+load} of the run: each line
     * "&lt;class&gt; source: shared objects file" (the JDK's classes and the function's alike).
     */
    private static List<String> classesFromTheArchive(Path classLoadLog) throws IOException {
        return Files.readAllLines(classLoadLog).stream()
                .filter(line -> line.contains("source: shared objects file"))
                .map(line -> line.replaceAll("^.*\\[class,load\\] (\\S+) source: shared objects file.*$", "$1"))
                .collect(Collectors.toList());
    }

    /** Starts the output with the Dockerfile's fprocess (with /home/app/ pointing at dist/) and calls it once. */
    private HttpResponse<String> runWithFprocess(Path context, Path dist, String body) throws Exception {
        List<String> command = fprocess(context.resolve("Dockerfile"), dist);
        // What the JVM loads, and from where: the proof that the image's archive is used.
        Path classLoad = context.resolve("class-load.log");
        command.add(1, "-Xlog:class+load=info:file=" + classLoad);
        Path output = context.resolve("fprocess-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dist.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("UPSTREAM_PORT", "0");
        builder.environment().put("SECRETS_DIR", work.resolve("no-secrets").toString());
        Process process = builder.start();
        try {
            int port = awaitPort(output, process);
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(GENEROUS_SECONDS))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> shared = classesFromTheArchive(classLoad);
            assertTrue(
                    shared.contains("com.busos.campaign.entrypoint.Entrypoint")
                            && shared.contains("com.openfaas.function.Handler"),
                    "the entrypoint and the handler come from the image's class-data archive " + archive(context, dist)
                            + " (" + shared.size() + " classes from it)");
            return response;
        } finally {
            process.destroy();
            if (!process.waitFor(GENEROUS_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static List<String> firstFew(List<String> items) {
        return items.subList(0, Math.min(5, items.size()));
    }

    private static Path builderMaven() {
        return Path.of(System.getProperty("builder.maven.home"), "bin", "mvn");
    }

    /** The fprocess of the Dockerfile, split on spaces as of-watchdog does. */
    static List<String> fprocess(Path dockerfile, Path dist) throws IOException {
        Matcher m = Pattern.compile("fprocess=\"([^\"]+)\"").matcher(Files.readString(dockerfile));
        assertTrue(m.find(), "ENV fprocess in " + dockerfile);
        List<String> command = new ArrayList<>(Arrays.asList(m.group(1)
                .replace("/home/app/", dist.toAbsolutePath() + "/")
                .trim()
                .split("\\s+")));
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

    /** The classes of the image's jars whose bytes name {@code text} (a package, as in a descriptor). */
    private static List<String> classesMentioning(Path dist, String text) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path jar : imageJars(dist)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (!entry.getName().endsWith(".class")) continue;
                    try (InputStream in = file.getInputStream(entry)) {
                        // ISO-8859-1 maps each byte to one char, so the constant pool's names read as text
                        if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text)) {
                            found.add(jar.getFileName() + "!" + entry.getName());
                        }
                    }
                }
            }
        }
        return found;
    }

    /** function.jar, entrypoint.jar and lib/*.jar: every jar the ship stage copies. */
    private static List<Path> imageJars(Path dist) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> top = Files.list(dist);
                Stream<Path> lib = Files.list(dist.resolve("lib"))) {
            Stream.concat(top, lib).filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
        }
        return jars;
    }

    /** The classes of the image's jars (dist's *.jar and lib/*.jar) under any of {@code packages}. */
    private static List<String> classesUnder(Path dist, String... packages) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path jar : imageJars(dist)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream()
                        .map(java.util.zip.ZipEntry::getName)
                        .filter(name -> name.endsWith(".class"))
                        .filter(name -> Stream.of(packages).anyMatch(name::startsWith))
                        .forEach(name -> found.add(jar.getFileName() + "!" + name));
            }
        }
        return found;
    }

    private static boolean jarHas(Path jar, String entry) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(entry) != null;
        }
    }
}
