package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Images pinned, faasd-compatible compose, Redis persistence, no committed secrets, template layout. */
class DeploymentFilesTest {

    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "build", "node_modules", ".idea");
    private static final Pattern FROM = Pattern.compile(
            "^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final List<String> COMPOSE_FILES =
            List.of("docker-compose.yml", "redis-config/faasd-compose-snippet.yaml");
    /** The compose fields faasd CE reads (openfaas.md §5). */
    private static final Set<String> FAASD_FIELDS =
            Set.of("image", "command", "environment", "volumes", "user", "ports", "depends_on", "cap_add");

    private static List<Path> files(String name) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(Repo.ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(Repo.ROOT)
                                && SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().equals(name)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** "" when pinned, else why not. */
    static String unpinned(String image) {
        if (image.contains("$")) {
            return image + ": a variable";
        }
        if (image.contains("@sha256:")) {
            return "";
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        if (colon < 0) {
            return image + ": no tag";
        }
        String tag = lastPart.substring(colon + 1);
        return tag.isEmpty() || tag.equalsIgnoreCase("latest") ? image + ": tag '" + tag + "'" : "";
    }

    @Test
    void theImageReferenceRule() {
        assertEquals("", unpinned("maven:3.9.9-eclipse-temurin-11"));
        assertEquals("", unpinned("ghcr.io/openfaas/of-watchdog:0.10.9"));
        assertEquals("", unpinned("localhost:5000/x@sha256:abc"));
        assertFalse(unpinned("redis").isEmpty());
        assertFalse(unpinned("redis:latest").isEmpty());
        assertFalse(unpinned("localhost:5000/redis").isEmpty());
        assertFalse(unpinned("${BASE}").isEmpty());
    }

    @Test
    void everyDockerfileFromIsPinnedToATag() throws IOException {
        List<Path> dockerfiles = files("Dockerfile");
        assertTrue(
                dockerfiles.contains(Repo.ROOT.resolve("template/java11-maven/Dockerfile")),
                String.valueOf(dockerfiles));
        List<String> problems = new ArrayList<>();
        for (Path dockerfile : dockerfiles) {
            Set<String> stages = new HashSet<>();
            for (String line : Files.readAllLines(dockerfile)) {
                Matcher m = FROM.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String image = m.group(1);
                if (!stages.contains(image.toLowerCase())) {
                    String why = unpinned(image);
                    if (!why.isEmpty()) {
                        problems.add(Repo.ROOT.relativize(dockerfile) + ": " + why);
                    }
                }
                if (m.group(2) != null) {
                    stages.add(m.group(2).toLowerCase());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyComposeImageIsPinnedToATag() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String file : COMPOSE_FILES) {
            for (Map.Entry<String, Map<String, Object>> service : services(file).entrySet()) {
                String why = unpinned(String.valueOf(service.getValue().get("image")));
                if (!why.isEmpty()) {
                    problems.add(file + " " + service.getKey() + ": " + why);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theFaasdSnippetUsesOnlyWhatFaasdSupports() throws IOException {
        Map<String, Map<String, Object>> services = services("redis-config/faasd-compose-snippet.yaml");
        assertEquals(Set.of("redis"), services.keySet());
        Map<String, Object> redis = services.get("redis");
        Set<String> unsupported = new HashSet<>(redis.keySet());
        unsupported.removeAll(FAASD_FIELDS);
        assertEquals(Set.of(), unsupported, "fields faasd CE ignores");
        assertTrue(redis.get("user") instanceof String, "faasd needs user as a string");
        for (Object volume : (List<?>) redis.get("volumes")) {
            assertTrue(volume instanceof Map, "long volume syntax: " + volume);
            assertEquals("bind", ((Map<?, ?>) volume).get("type"), "faasd supports bind mounts only");
        }
        String image = String.valueOf(redis.get("image"));
        assertTrue(image.matches(".*redis:7\\.[0-9.]+.*"), image);
    }

    @Test
    void redisPersistsWithAofAndItsPasswordComesFromAFile() throws IOException {
        List<String> conf = Files.readAllLines(Repo.ROOT.resolve("redis-config/redis.conf"));
        assertTrue(conf.contains("appendonly yes"));
        assertTrue(conf.contains("appendfsync everysec"));
        assertTrue(conf.contains("maxmemory-policy noeviction"));
        assertTrue(conf.stream().noneMatch(l -> l.trim().startsWith("requirepass")), "no password in redis.conf");
        Path start = Repo.ROOT.resolve("redis-config/start-redis.sh");
        assertTrue(Files.isExecutable(start));
        assertTrue(Files.readString(start).contains("REDIS_PASSWORD_FILE"));
        for (String file : COMPOSE_FILES) {
            String text = Files.readString(Repo.ROOT.resolve(file));
            assertFalse(text.contains("--requirepass"), file + ": password on a command line");
            Map<String, Object> redis = services(file).get("redis");
            assertEquals(List.of("sh", "/usr/local/etc/redis/start-redis.sh"), redis.get("command"), file);
        }
    }

    @Test
    void scriptsAreExecutable() {
        for (String script : List.of("run-local.sh", "template/java11-maven/build.sh", "redis-config/start-redis.sh")) {
            assertTrue(Files.isExecutable(Repo.ROOT.resolve(script)), script);
        }
    }

    @Test
    void theTemplateHasWhatFaasCliNeeds() throws IOException {
        Path template = Repo.ROOT.resolve("template/java11-maven");
        Map<String, Object> yml = yaml(template.resolve("template.yml"));
        assertEquals("java11-maven", yml.get("language"));
        assertEquals("function", yml.get("handler_folder"));
        String pom = Files.readString(template.resolve("pom.xml"));
        assertFalse(pom.contains("<modules>"), "the template's pom must not list modules");
        assertFalse(
                Files.readString(Repo.ROOT.resolve("pom.xml")).contains("java11-maven/function<"),
                "the skeleton is not a reactor module");
        // faas-cli overlays the handler onto the skeleton: anything else in it would leak into every function
        try (Stream<Path> files = Files.walk(template.resolve("function"))) {
            assertEquals(
                    Set.of("pom.xml", "src/main/java/com/openfaas/function/Handler.java"),
                    files.filter(Files::isRegularFile)
                            .map(p -> template.resolve("function").relativize(p).toString())
                            .filter(p -> !p.startsWith("target"))
                            .collect(Collectors.toSet()));
        }
        assertTrue(Files.readString(template.resolve("function/pom.xml")).contains("<relativePath/>"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(String file) throws IOException {
        return (Map<String, Map<String, Object>>) yaml(Repo.ROOT.resolve(file)).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }
}
