package com.busos.campaign.gateway;

import com.busos.campaign.entrypoint.Entrypoint;
import com.busos.campaign.entrypoint.FunctionHttpHandler;
import com.busos.campaign.entrypoint.JsonLog;
import com.openfaas.model.IHandler;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * One function loaded from {@code <handler>/target/function.jar} and {@code <handler>/target/lib/*.jar}
 * in its own class loader. That loader's parent exposes only the JDK (platform class loader) and the
 * gateway's {@code com.openfaas.model.*} classes, so every function has its own
 * {@code com.openfaas.function.Handler}, its own libraries and its own static state, as in its own
 * container, while the gateway can call it through the model interfaces.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class FunctionInstance implements AutoCloseable {

    static final String MODEL_PACKAGE = "com.openfaas.model.";
    static final String REBUILD = "run `mvn -DskipTests package` in the repository root";
    /** {@code <artifactId>-<version starting with a digit>[-classifier].jar} */
    private static final java.util.regex.Pattern VERSIONED_JAR =
            java.util.regex.Pattern.compile("(.+?)-\\d[^-]*(?:-.*)?\\.jar");

    @Getter
    private final String name;

    @Getter
    private final String namespace;

    private final URLClassLoader loader;
    /** Null when the handler could not be instantiated. */
    @Getter
    private final FunctionHttpHandler handler;
    /** Why the handler could not be instantiated, or null. */
    @Getter
    private final String failure;

    /**
     * The jars of a packaged function: target/function.jar, then the jars its manifest's Class-Path
     * lists (the dependencies of the last build, written by the template parent's jar configuration),
     * or, for a function.jar without one, every target/lib/*.jar. Fails when a jar is missing.
     */
    static List<Path> jars(String name, Path handlerDirectory) throws IOException {
        Path target = handlerDirectory.resolve("target");
        Path functionJar = target.resolve("function.jar");
        if (!Files.isRegularFile(functionJar)) {
            throw new IOException("function " + name + ": " + functionJar + " not found. Build the functions first: "
                    + REBUILD + " (run-local.sh does it for you).");
        }
        List<Path> jars = new ArrayList<>();
        jars.add(functionJar);
        String classPath;
        try (JarFile jar = new JarFile(functionJar.toFile())) {
            Manifest manifest = jar.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        }
        if (classPath != null && !classPath.isBlank()) {
            for (String entry : classPath.trim().split("\\s+")) {
                Path dependency = target.resolve(entry).normalize();
                if (!Files.isRegularFile(dependency)) {
                    throw new IOException("function " + name + ": " + dependency
                            + ", listed in function.jar, not found: " + REBUILD + ".");
                }
                jars.add(dependency);
            }
            return jars;
        }
        Path lib = target.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> files = Files.list(lib)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .sorted()
                        .forEach(jars::add);
            }
        }
        return jars;
    }

    /**
     * Where the gateway's own sandbox module is (its jar, or its classes folder in a build): the local
     * gateway adds it to every function's class loader, so that {@code SANDBOX_DIR} finds Notion's and
     * Resend's stand-ins (com.busos.campaign.LocalStandIns) that no function's image carries.
     */
    static Path sandboxJar() {
        try {
            return Path.of(com.busos.campaign.sandbox.Sandbox.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the sandbox module's location", e);
        }
    }

    /**
     * The artifacts that appear in more than one version among {@code jars} (e.g. jedis-7.0.0.jar and
     * jedis-8.0.2.jar: copy-dependencies does not remove the jars of an earlier build), or null.
     */
    static String duplicateLibraries(List<Path> jars) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            java.util.regex.Matcher m = VERSIONED_JAR.matcher(name);
            counts.merge(m.matches() ? m.group(1) : name, 1, Integer::sum);
        }
        List<String> duplicates = new ArrayList<>();
        counts.forEach((artifact, count) -> {
            if (count > 1) {
                duplicates.add(artifact);
            }
        });
        return duplicates.isEmpty() ? null : String.join(", ", duplicates);
    }

    /**
     * Creates the class loader and instantiates {@code handlerClass}. A handler that cannot be
     * instantiated does not stop the gateway: the function then answers 502, as an OpenFaaS gateway
     * does for a function whose container does not start, and {@link #failure()} says why.
     */
    static FunctionInstance load(String name, String namespace, List<Path> jars, String handlerClass, JsonLog log) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }
        URLClassLoader loader = new URLClassLoader("function:" + name, urls, new ModelOnlyClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            IHandler handler = Entrypoint.loadHandler(handlerClass, loader);
            return new FunctionInstance(
                    name, namespace, loader, new FunctionHttpHandler(handler, log, name, loader, null), null);
        } catch (Throwable t) {
            Throwable cause =
                    t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            return new FunctionInstance(name, namespace, loader, null, FunctionHttpHandler.describe(cause));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the jars stay open until the JVM exits
        }
    }

    /** The JDK, plus the model classes of the gateway's own class path. */
    static final class ModelOnlyClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        ModelOnlyClassLoader() {
            super("jdk+openfaas-model", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (className.startsWith(MODEL_PACKAGE)) {
                return IHandler.class.getClassLoader().loadClass(className);
            }
            return super.loadClass(className, resolve);
        }
    }
}
