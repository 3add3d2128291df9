package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.gateway.StackFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The README's "Deploy" section and the files it runs: the faasd services and their installer (run
 * here on a faasd-like folder), the Kubernetes manifest and Helm values, the URLs given out.
 */
class DeployTest {
    /** The compose fields faasd CE reads (openfaas.md §5). */
    private static final Set<String> FAASD_FIELDS =
            Set.of("image", "command", "environment", "volumes", "user", "ports", "depends_on", "cap_add");

    private static final List<String> FAASD_SNIPPETS =
            List.of("redis-config/faasd-compose-snippet.yaml", "deploy/faasd/cron-connector.yaml");
    private static final String CRON_CONNECTOR_IMAGE = "ghcr.io/openfaas/cron-connector:0.7.0";
    /** Repository paths named in backquotes in the README: `deploy/…`, `scripts/…`, … */
    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./-])((?:deploy|scripts|redis-config|docs|template|functions)/[A-Za-z0-9_./-]*[A-Za-z0-9_-]|stack\\.yml)");

    @TempDir
    Path work;

    private static Object yaml(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Path file) throws IOException {
        return (Map<String, Map<String, Object>>) ((Map<String, Object>) yaml(Files.readString(file))).get("services");
    }

    private static String deploySection() throws IOException {
        String readme = Files.readString(Repo.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Deploy\n");
        assertTrue(start >= 0, "README has a ## Deploy section");
        int end = readme.indexOf("\n## ", start + 1);
        assertTrue(end > start, "a section follows Deploy");
        assertEquals("## Logs", readme.substring(end + 1, readme.indexOf('\n', end + 1)), "Deploy comes before Logs");
        return readme.substring(start, end);
    }

    @Test
    void theFaasdServicesUseOnlyWhatFaasdReadsAndPinnedImages() throws IOException {
        for (String file : FAASD_SNIPPETS) {
            for (Map.Entry<String, Map<String, Object>> service :
                    services(Repo.ROOT.resolve(file)).entrySet()) {
                String where = file + " " + service.getKey();
                Set<String> unsupported = new HashSet<>(service.getValue().keySet());
                unsupported.removeAll(FAASD_FIELDS);
                assertEquals(Set.of(), unsupported, where + ": fields faasd CE ignores");
                assertEquals(
                        "",
                        DeploymentFilesTest.unpinned(
                                String.valueOf(service.getValue().get("image"))),
                        where);
                Object user = service.getValue().get("user");
                assertTrue(user == null || user instanceof String, where + ": faasd needs user as a string");
                for (Object volume : (List<?>) service.getValue().getOrDefault("volumes", List.of())) {
                    assertEquals("bind", ((Map<?, ?>) volume).get("type"), where + ": faasd supports bind mounts only");
                }
            }
        }
        Map<String, Object> cron =
                services(Repo.ROOT.resolve("deploy/faasd/cron-connector.yaml")).get("cron-connector");
        assertEquals(CRON_CONNECTOR_IMAGE, cron.get("image"));
        assertTrue(((List<?>) cron.get("environment")).contains("gateway_url=http://gateway:8080"));
    }

    /** A faasd folder as faasd installs it: the core services, "services:" last. */
    private Path faasdFolder() throws IOException {
        Path faasd = work.resolve("var-lib-faasd");
        Files.createDirectories(faasd.resolve("secrets"));
        Files.writeString(
                faasd.resolve("docker-compose.yaml"),
                String.join(
                        "\n",
                        "version: \"3.7\"",
                        "services:",
                        "  nats:",
                        "    image: docker.io/library/nats-streaming:0.25.6",
                        "    command:",
                        "      - \"/nats-streaming-server\"",
                        "      - \"--store=memory\"",
                        "  gateway:",
                        "    image: ghcr.io/openfaas/gateway:0.27.12",
                        "    environment:",
                        "      - basic_auth=true",
                        "      - upstream_timeout=65s",
                        "    volumes:",
                        "      - type: bind",
                        "        source: ./secrets/basic-auth-password",
                        "        target: /run/secrets/basic-auth-password",
                        "    depends_on:",
                        "      - nats",
                        "    ports:",
                        "       - \"8080:8080\"",
                        ""));
        return faasd;
    }

    private int installServices(Path faasd, Path secrets) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        Repo.ROOT.resolve("deploy/faasd/install-services.sh").toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("install.log").toFile());
        builder.environment().put("FAASD_DIR", faasd.toString());
        builder.environment().put("SECRETS_DIR", secrets.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "install-services.sh finished");
        return process.exitValue();
    }

    @Test
    void installServicesAddsRedisAndTheCronConnectorToFaasdOnce() throws Exception {
        Path faasd = faasdFolder();
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("redis-password"), "a-redis-password-for-the-test");

        assertEquals(0, installServices(faasd, secrets), Files.readString(work.resolve("install.log")));
        Map<String, Map<String, Object>> services = services(faasd.resolve("docker-compose.yaml"));
        assertEquals(List.of("nats", "gateway", "redis", "cron-connector"), new ArrayList<>(services.keySet()));
        assertEquals(
                services(Repo.ROOT.resolve("redis-config/faasd-compose-snippet.yaml"))
                        .get("redis"),
                services.get("redis"));
        assertEquals(
                services(Repo.ROOT.resolve("deploy/faasd/cron-connector.yaml")).get("cron-connector"),
                services.get("cron-connector"));
        assertEquals(
                "ghcr.io/openfaas/gateway:0.27.12",
                services.get("gateway").get("image"),
                "faasd's own services untouched");
        assertEquals(
                Files.readString(Repo.ROOT.resolve("redis-config/redis.conf")),
                Files.readString(faasd.resolve("redis-config/redis.conf")));
        assertEquals(
                Files.readString(Repo.ROOT.resolve("redis-config/start-redis.sh")),
                Files.readString(faasd.resolve("redis-config/start-redis.sh")));
        assertEquals(
                "a-redis-password-for-the-test",
                Files.readString(faasd.resolve("redis-secrets/redis-password")),
                "the redis service and the functions' redis-password secret share the value");
        // the redis service reads the folders the installer filled
        List<String> sources = new ArrayList<>();
        for (Object volume : (List<?>) services.get("redis").get("volumes"))
            sources.add(String.valueOf(((Map<?, ?>) volume).get("source")));
        assertTrue(sources.containsAll(List.of("./redis-config", "./redis-secrets")), String.valueOf(sources));

        String once = Files.readString(faasd.resolve("docker-compose.yaml"));
        assertEquals(0, installServices(faasd, secrets), Files.readString(work.resolve("install.log")));
        assertEquals(once, Files.readString(faasd.resolve("docker-compose.yaml")), "a second run adds nothing");
        try (Stream<Path> files = Files.list(faasd)) {
            assertEquals(
                    1,
                    files.filter(p -> p.getFileName().toString().endsWith(".bak"))
                            .count(),
                    "one backup, of the original");
        }
    }

    @Test
    void installServicesStopsWithoutThePasswordOrWhenServicesIsNotLast() throws Exception {
        Path faasd = faasdFolder();
        Path secrets = Files.createDirectories(work.resolve("empty-secrets"));
        String original = Files.readString(faasd.resolve("docker-compose.yaml"));
        assertEquals(1, installServices(faasd, secrets));
        assertTrue(Files.readString(work.resolve("install.log")).contains("redis-password is missing"));

        Files.writeString(secrets.resolve("redis-password"), "pw");
        Files.writeString(faasd.resolve("docker-compose.yaml"), original + "networks:\n  default: {}\n");
        assertEquals(1, installServices(faasd, secrets));
        assertEquals(
                original + "networks:\n  default: {}\n",
                Files.readString(faasd.resolve("docker-compose.yaml")),
                "left unchanged");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesRedisPersistsWithTheRepositoryConfigAndTheSharedPassword() throws IOException {
        Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions()))
                .loadAll(Files.readString(Repo.ROOT.resolve("deploy/kubernetes/redis.yaml")))) {
            Map<String, Object> object = (Map<String, Object>) document;
            byKind.put(String.valueOf(object.get("kind")), object);
            assertEquals(
                    "openfaas-fn",
                    ((Map<String, Object>) object.get("metadata")).get("namespace"),
                    object.get("kind") + ": in the functions' namespace");
        }
        assertEquals(Set.of("PersistentVolumeClaim", "Deployment", "Service"), byKind.keySet());

        Map<String, Object> service = byKind.get("Service");
        assertEquals(
                "redis",
                ((Map<String, Object>) service.get("metadata")).get("name"),
                "functions reach redis:6379 / redis.openfaas-fn.svc.cluster.local:6379");
        Map<String, Object> port =
                ((List<Map<String, Object>>) ((Map<String, Object>) service.get("spec")).get("ports")).get(0);
        assertEquals(6379, port.get("port"));

        Map<String, Object> deployment =
                (Map<String, Object>) byKind.get("Deployment").get("spec");
        assertEquals(1, deployment.get("replicas"));
        assertEquals(
                "Recreate", ((Map<String, Object>) deployment.get("strategy")).get("type"), "one writer of the AOF");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) deployment.get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertEquals("", DeploymentFilesTest.unpinned(String.valueOf(container.get("image"))));
        assertEquals(
                services(Repo.ROOT.resolve("redis-config/faasd-compose-snippet.yaml"))
                        .get("redis")
                        .get("image"),
                container.get("image"),
                "the same Redis as on faasd");
        assertEquals(List.of("sh", "/usr/local/etc/redis/start-redis.sh"), container.get("command"));

        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> mount : (List<Map<String, Object>>) container.get("volumeMounts")) {
            mounts.put(String.valueOf(mount.get("name")), String.valueOf(mount.get("mountPath")));
        }
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        for (Map<String, Object> volume : (List<Map<String, Object>>) pod.get("volumes")) {
            volumes.put(String.valueOf(volume.get("name")), volume);
        }
        assertEquals(volumes.keySet(), mounts.keySet(), "every volume mounted");
        // redis.conf's dir /data on the claim
        assertEquals("/data", mounts.get("data"));
        assertEquals(
                ((Map<String, Object>) byKind.get("PersistentVolumeClaim").get("metadata")).get("name"),
                ((Map<String, Object>) volumes.get("data").get("persistentVolumeClaim")).get("claimName"));
        // the ConfigMap the README builds from redis-config/
        assertEquals("/usr/local/etc/redis", mounts.get("config"));
        String configMap =
                String.valueOf(((Map<String, Object>) volumes.get("config").get("configMap")).get("name"));
        String deploy = deploySection();
        assertTrue(
                deploy.contains("create configmap " + configMap + " --from-file=redis-config/redis.conf"),
                "README creates the ConfigMap " + configMap + " from redis-config/redis.conf");
        assertTrue(deploy.contains("--from-file=redis-config/start-redis.sh"));
        // the password: the Secret faas-cli secret create makes (key = its name), read through REDIS_PASSWORD_FILE
        Map<String, Object> secret =
                (Map<String, Object>) volumes.get("password").get("secret");
        assertEquals("redis-password", secret.get("secretName"));
        assertEquals(
                "redis-password",
                ((List<Map<String, Object>>) secret.get("items")).get(0).get("key"));
        String passwordFile = mounts.get("password") + "/"
                + ((List<Map<String, Object>>) secret.get("items")).get(0).get("path");
        Map<String, Object> env = ((List<Map<String, Object>>) container.get("env")).get(0);
        assertEquals("REDIS_PASSWORD_FILE", env.get("name"));
        assertEquals(passwordFile, env.get("value"));
        assertTrue(
                StackYamlTest.requiredSecrets().contains("redis-password"),
                "scripts/secrets.sh creates redis-password");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHelmValuesPinTheCronConnector() throws IOException {
        Map<String, Object> values = (Map<String, Object>)
                yaml(Files.readString(Repo.ROOT.resolve("deploy/kubernetes/cron-connector-values.yaml")));
        assertEquals(CRON_CONNECTOR_IMAGE, values.get("image"));
        assertEquals("http://gateway.openfaas:8080", values.get("gatewayURL"));
        assertTrue(deploySection().contains("-f deploy/kubernetes/cron-connector-values.yaml"));
    }

    @Test
    void everyFileTheDeploySectionNamesExists() throws IOException {
        String deploy = deploySection();
        Set<String> named = new java.util.TreeSet<>();
        Matcher m = REPO_PATH.matcher(deploy);
        while (m.find()) named.add(m.group(1));
        assertTrue(
                named.containsAll(List.of(
                        "scripts/secrets.sh",
                        "deploy/faasd/install-services.sh",
                        "deploy/faasd/cron-connector.yaml",
                        "redis-config/faasd-compose-snippet.yaml",
                        "deploy/kubernetes/redis.yaml",
                        "deploy/kubernetes/cron-connector-values.yaml",
                        "redis-config/redis.conf",
                        "docs/website-integration.md",
                        "stack.yml")),
                String.valueOf(named));
        for (String path : named) {
            assertTrue(Files.exists(Repo.ROOT.resolve(path)), "README Deploy names " + path + ", which does not exist");
        }
        for (String script : List.of("scripts/secrets.sh", "deploy/faasd/install-services.sh")) {
            assertTrue(Files.isExecutable(Repo.ROOT.resolve(script)), script);
        }
        for (String step : List.of(
                "scripts/secrets.sh | bash",
                "sudo deploy/faasd/install-services.sh",
                "sudo systemctl restart faasd",
                "kubectl apply -f deploy/kubernetes/redis.yaml",
                "helm upgrade --install cron-connector openfaas/cron-connector",
                "faas-cli up -f stack.yml",
                "export REDIS_URL=redis://redis.openfaas-fn.svc.cluster.local:6379",
                "export GATEWAY_URL=http://gateway.openfaas:8080",
                "faas-cli login")) {
            assertTrue(deploy.contains(step), "README Deploy: " + step);
        }
    }

    @Test
    void theUrlsToGiveOutCoverEveryFunctionCalledFromOutside() throws IOException {
        String deploy = deploySection();
        StackFile stack = StackFile.read(Repo.ROOT.resolve("stack.yml"), Map.of());
        for (String name : stack.functions().keySet()) {
            if (name.equals("email-dispatcher") || name.equals("send-email"))
                continue; // the cron-connector's and the dispatcher's
            assertTrue(deploy.contains("/function/" + name), "README Deploy gives the URL of " + name);
        }
        String website = Files.readString(Repo.ROOT.resolve("docs/website-integration.md"));
        for (String webhook :
                List.of("christmas-signup", "calendly-noshow", "postcall-maybe", "onboarding-start", "unsubscribe")) {
            assertTrue(
                    website.contains("curl -s https://faas.example.com/function/" + webhook)
                            || website.contains("curl -s \"https://faas.example.com/function/" + webhook),
                    "a curl line for " + webhook);
        }
        for (String answer :
                List.of("422", "401", "503", "Retry-After", "skipped", "webhook-signature", "createHmac", "whsec_")) {
            assertTrue(website.contains(answer), "docs/website-integration.md explains " + answer);
        }
        assertFalse(
                website.matches("(?s).*@(?!example\\.com)[a-z0-9-]+\\.(com|org|net)\\b.*"),
                "example.com addresses only");
    }
}
