package com.busos.campaign.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The parts of a faas-cli stack file (openfaas.md §2.1) that a local run needs. Like faas-cli, the
 * text is put through envsubst ({@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}})
 * before it is parsed; {@code provider.name} must be {@code openfaas} and {@code version}, when
 * present, {@code 1.0}.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
@Getter
public final class StackFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

    /** The stack file's absolute path. */
    private final Path file;

    private final String gateway;
    private final List<String> copy;
    private final Map<String, Function> functions;

    /** One entry of {@code functions:}. */
    @Getter
    public static final class Function {
        private final String name;
        private final String lang;
        /** As written in the stack file, e.g. {@code ./functions/send-email}. */
        private final String handler;

        private final String image;
        /** {@code namespace:}, default {@code openfaas-fn}. */
        private final String namespace;
        /** {@code environment_file:} entries (in order, later files win) overridden by {@code environment:}. */
        private final Map<String, String> environment;

        private final List<String> secrets;
        private final Map<String, String> annotations;
        private final Map<String, String> labels;

        Function(
                String name,
                String lang,
                String handler,
                String image,
                String namespace,
                Map<String, String> environment,
                List<String> secrets,
                Map<String, String> annotations,
                Map<String, String> labels) {
            this.name = name;
            this.lang = lang;
            this.handler = handler;
            this.image = image;
            this.namespace = namespace;
            this.environment = Collections.unmodifiableMap(environment);
            this.secrets = Collections.unmodifiableList(secrets);
            this.annotations = Collections.unmodifiableMap(annotations);
            this.labels = Collections.unmodifiableMap(labels);
        }
    }

    public static StackFile read(Path file, Map<String, String> env) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("stack file not found: " + absolute);
        }
        Map<String, Object> root = parse(absolute, env);
        Map<String, Object> provider = map(root.get("provider"), "provider");
        Object providerName = provider.get("name");
        if (!"openfaas".equals(providerName)) {
            throw new IOException(absolute + ": provider.name must be 'openfaas', not '" + providerName + "'");
        }
        Object version = root.get("version");
        if (version != null && !("1.0".equals(String.valueOf(version)))) {
            throw new IOException(absolute + ": version must be 1.0, not " + version);
        }
        Map<String, Object> configuration = map(root.get("configuration"), "configuration");
        List<String> copy = strings(configuration.get("copy"), "configuration.copy");

        Map<String, Function> functions = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry :
                map(root.get("functions"), "functions").entrySet()) {
            String name = entry.getKey();
            Map<String, Object> fn = map(entry.getValue(), "functions." + name);
            Map<String, String> environment = new LinkedHashMap<>();
            for (String envFile : strings(fn.get("environment_file"), "functions." + name + ".environment_file")) {
                Map<String, Object> fileRoot = parse(absolute.getParent().resolve(envFile), env);
                environment.putAll(stringMap(fileRoot.get("environment"), envFile + ": environment"));
            }
            environment.putAll(stringMap(fn.get("environment"), "functions." + name + ".environment"));
            Object namespace = fn.get("namespace");
            functions.put(
                    name,
                    new Function(
                            name,
                            string(fn.get("lang")),
                            string(fn.get("handler")),
                            string(fn.get("image")),
                            namespace == null || String.valueOf(namespace).isBlank()
                                    ? "openfaas-fn"
                                    : String.valueOf(namespace),
                            environment,
                            strings(fn.get("secrets"), "functions." + name + ".secrets"),
                            stringMap(fn.get("annotations"), "functions." + name + ".annotations"),
                            stringMap(fn.get("labels"), "functions." + name + ".labels")));
        }
        return new StackFile(absolute, string(provider.get("gateway")), copy, Collections.unmodifiableMap(functions));
    }

    /** The folder handler paths are relative to. */
    public Path directory() {
        return file.getParent();
    }

    /** The handler folder of {@code fn}, resolved against the stack file's folder. */
    public Path handlerDirectory(Function fn) {
        if (fn.handler() == null) {
            throw new IllegalStateException("function " + fn.name() + " has no handler in " + file);
        }
        return directory().resolve(fn.handler()).normalize();
    }

    /** faas-cli's envsubst, for the forms stack files use. */
    public static String envsubst(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            String operator = m.group(2);
            if (operator != null && (value == null || (operator.equals(":-") && value.isEmpty()))) {
                value = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, Object> parse(Path file, Map<String, String> env) throws IOException {
        String text = envsubst(Files.readString(file, StandardCharsets.UTF_8), env);
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (root == null) {
            return Map.of();
        }
        return map(root, file.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) throws IOException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new IOException(what + " must be a map");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static Map<String, String> stringMap(Object value, String what) throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        map(value, what).forEach((k, v) -> result.put(k, v == null ? "" : String.valueOf(v)));
        return result;
    }

    private static List<String> strings(Object value, String what) throws IOException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new IOException(what + " must be a list");
        }
        List<String> result = new ArrayList<>();
        for (Object item : (List<?>) value) {
            result.add(String.valueOf(item));
        }
        return Collections.unmodifiableList(result);
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
