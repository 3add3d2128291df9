package com.busos.campaign.gateway;

import com.openfaas.model.IHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds tiny packaged functions (target/function.jar + target/lib/helper.jar) in a test folder, the
 * layout the template's function-layout profile produces, by compiling sources with javax.tools.
 * Every fixture has its own com.openfaas.function.Handler and its own fixture.Helper in its lib/.
 */
final class FixtureFunctions {

    /** Echoes what it received, one key=value per line; calls FIXTURE_CALLBACK when the cron-connector calls. */
    private static final String ECHO_HANDLER = String.join(
            "\n",
            "package com.openfaas.function;",
            "import com.openfaas.model.*;",
            "public class Handler extends AbstractHandler {",
            "  private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();",
            "  public IResponse Handle(IRequest r) {",
            "    int n = CALLS.incrementAndGet();",
            "    String callback = System.getProperty(\"FIXTURE_CALLBACK\");",
            "    if (callback != null && r.getHeader(\"X-Connector\") != null) {",
            "      try {",
            "        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(callback).openConnection();",
            "        c.setRequestMethod(\"POST\");",
            "        c.setDoOutput(true);",
            "        c.getOutputStream().write((\"@NAME@|\" + r.getHeader(\"x-connector\") + \"|\" + r.getHeader(\"X-TOPIC\") + \"|\"",
            "            + r.getBody().length() + \"|\" + r.getPathRaw()).getBytes(\"UTF-8\"));",
            "        c.getResponseCode();",
            "        c.disconnect();",
            "      } catch (Exception e) {",
            "        throw new RuntimeException(e);",
            "      }",
            "    }",
            "    Response response = new Response();",
            "    response.setContentType(\"text/plain\");",
            "    response.setBody(\"fn=@NAME@\\nhelper=\" + fixture.Helper.name() + \"\\ncalls=\" + n",
            "        + \"\\npath=\" + r.getPathRaw() + \"\\nquery=\" + r.getQueryRaw() + \"\\nbody=\" + r.getBody()",
            "        + \"\\nconnector=\" + r.getHeader(\"X-Connector\") + \"\\ntopic=\" + r.getHeader(\"x-topic\")",
            "        + \"\\ncontentType=\" + r.getHeader(\"content-type\") + \"\\ncallId=\" + (r.getHeader(\"X-Call-Id\") != null)",
            "        + \"\\nforwardedFor=\" + r.getHeader(\"X-Forwarded-For\")",
            "        + \"\\nredis=\" + System.getProperty(\"REDIS_URL\") + \"\\ngateway=\" + System.getProperty(\"GATEWAY_URL\")",
            "        + \"\\nsecrets=\" + System.getProperty(\"SECRETS_DIR\") + \"\\nsetting=\" + System.getProperty(\"FIXTURE_SETTING\")",
            "        + \"\\nloader=\" + Handler.class.getClassLoader().getName()",
            "        + \"\\ntccl=\" + Thread.currentThread().getContextClassLoader().getName());",
            "    return response;",
            "  }",
            "}");

    private static final String BROKEN_HANDLER = String.join(
            "\n",
            "package com.openfaas.function;",
            "import com.openfaas.model.*;",
            "public class Handler extends AbstractHandler {",
            "  public Handler() { throw new IllegalStateException(\"cannot start @NAME@\"); }",
            "  public IResponse Handle(IRequest r) { return new Response(); }",
            "}");

    /** On /slow: prints HANDLER-ENTERED and holds the call until the file env RELEASE_FILE names exists. */
    private static final String SLOW_HANDLER = String.join(
            "\n",
            "package com.openfaas.function;",
            "import com.openfaas.model.*;",
            "public class Handler extends AbstractHandler {",
            "  public IResponse Handle(IRequest r) {",
            "    Response response = new Response();",
            "    if (!r.getPathRaw().equals(\"/slow\")) { response.setBody(\"ok\"); return response; }",
            "    System.out.println(\"HANDLER-ENTERED\");",
            "    java.nio.file.Path release = java.nio.file.Path.of(System.getenv(\"RELEASE_FILE\"));",
            "    try { while (!java.nio.file.Files.exists(release)) Thread.sleep(10); }",
            "    catch (InterruptedException e) { response.setBody(\"interrupted\"); return response; }",
            "    response.setBody(\"released \" + fixture.Helper.name());",
            "    return response;",
            "  }",
            "}");

    private static final String HELPER = String.join(
            "\n",
            "package fixture;",
            "public class Helper {",
            "  public static String name() { return \"helper-of-@NAME@\"; }",
            "}");

    private FixtureFunctions() {}

    /** An echoing function at {@code handlerDir}. */
    static void echo(Path handlerDir, String name) throws IOException {
        build(handlerDir, name, ECHO_HANDLER, null);
    }

    /**
     * {@code root/stack.yml} with one function, alpha, the echoing fixture at {@code root/fns/alpha}; both
     * are written by the first call and kept by the next (a gateway started again finds the same stack).
     */
    static Path echoStack(Path root) throws IOException {
        Path file = root.resolve("stack.yml");
        if (!Files.exists(file)) {
            echo(root.resolve("fns/alpha"), "alpha");
            Files.writeString(
                    file,
                    "version: 1.0\nprovider:\n  name: openfaas\nfunctions:\n  alpha:\n    lang: java11-maven\n"
                            + "    handler: ./fns/alpha\n    image: test/alpha:1\n");
        }
        return file;
    }

    /**
     * An echoing function whose function.jar lists its dependencies in the manifest's Class-Path
     * (lib/helper.jar), next to a stale lib/a-stale.jar with another fixture.Helper that sorts first.
     */
    static void echoWithManifestClassPath(Path handlerDir, String name) throws IOException {
        build(handlerDir, name, ECHO_HANDLER, "lib/helper.jar");
        Path stale = handlerDir.resolve("fixture-build/stale");
        Path staleSource = stale.resolve("src/fixture/Helper.java");
        write(staleSource, HELPER.replace("@NAME@", "stale"));
        compile(stale.resolve("classes"), List.of(), staleSource);
        jar(stale.resolve("classes"), handlerDir.resolve("target/lib/a-stale.jar"), null);
    }

    /** A function that holds /slow until a file exists ({@link #SLOW_HANDLER}). */
    static void slow(Path handlerDir, String name) throws IOException {
        build(handlerDir, name, SLOW_HANDLER, null);
    }

    /** A function whose Handler constructor throws. */
    static void broken(Path handlerDir, String name) throws IOException {
        build(handlerDir, name, BROKEN_HANDLER, null);
    }

    /** Parses a gateway's output into lines. */
    static List<String> lines(ByteArrayOutputStream out) {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    /** Every line of a gateway's output, each one JSON object of the local gateway's log. */
    static List<com.fasterxml.jackson.databind.JsonNode> json(ByteArrayOutputStream out) throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> parsed = new java.util.ArrayList<>();
        for (String line : lines(out)) {
            if (line.isEmpty()) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode node =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (!node.isObject() || !"local-gateway".equals(node.path("logger").asText())) {
                throw new AssertionError("not a local-gateway JSON line: " + line);
            }
            parsed.add(node);
        }
        return parsed;
    }

    /** The "message" of a JSON log line (the first line's says what runs where). */
    static String message(String line) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(line)
                .path("message")
                .asText();
    }

    /** A PrintStream that keeps what is printed and also forwards it to stdout (the surefire report). */
    static PrintStream tee(ByteArrayOutputStream keep) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (keep) {
                            keep.write(b);
                        }
                        System.out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        synchronized (keep) {
                            keep.write(b, off, len);
                        }
                        System.out.write(b, off, len);
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    private static void build(Path handlerDir, String name, String handlerTemplate, String manifestClassPath)
            throws IOException {
        Path work = handlerDir.resolve("fixture-build");
        Path helperClasses = work.resolve("helper-classes");
        Path handlerClasses = work.resolve("handler-classes");
        Path helperSource = work.resolve("src/fixture/Helper.java");
        Path handlerSource = work.resolve("src/com/openfaas/function/Handler.java");
        write(helperSource, HELPER.replace("@NAME@", name));
        write(handlerSource, handlerTemplate.replace("@NAME@", name));
        compile(helperClasses, List.of(), helperSource);
        compile(handlerClasses, List.of(modelJar(), helperClasses), handlerSource);
        Path target = handlerDir.resolve("target");
        jar(handlerClasses, target.resolve("function.jar"), manifestClassPath);
        jar(helperClasses, target.resolve("lib/helper.jar"), null);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void compile(Path out, List<Path> classPath, Path source) throws IOException {
        Files.createDirectories(out);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        StringBuilder cp = new StringBuilder();
        for (Path p : classPath) {
            cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(p);
        }
        int status = compiler.run(
                null,
                null,
                errors,
                "--release",
                "11",
                "-proc:none",
                "-d",
                out.toString(),
                "-cp",
                cp.length() == 0 ? "." : cp.toString(),
                source.toString());
        if (status != 0) {
            throw new IOException("fixture did not compile: " + errors.toString(StandardCharsets.UTF_8));
        }
    }

    private static void jar(Path classes, Path jar, String manifestClassPath) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
    }

    private static Path modelJar() {
        try {
            return Path.of(IHandler.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
