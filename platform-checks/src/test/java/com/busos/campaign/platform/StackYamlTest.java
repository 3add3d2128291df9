package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.Setting;
import com.busos.campaign.gateway.CronSchedule;
import com.busos.campaign.gateway.StackFile;
import com.busos.campaign.health.HealthCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * stack.yml as faas-cli and the platforms take it (openfaas.md §2.1, §3, §4): the schema facts, the
 * cron annotations, timeouts within the gateway's and faasd-provider's, memory limits that hold the JVM,
 * CE's scaling rules, and every secret documented. Each failure names the function and the rule.
 */
class StackYamlTest {
    /** RFC 1035 label: faas-cli's rule for function names. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    /** The gateway's upstream timeout (Helm 1m; faasd 65s) and faasd-provider's service_timeout (60s). */
    private static final Duration PLATFORM_TIMEOUT = Duration.ofSeconds(60);
    /**
     * What a loaded function's JVM holds outside the heap: VmRSS less the committed heap after 600 calls
     * was 56-75 MiB (template-check the most; NMT's tracked part 40-54 MiB), docs/benchmarks.md
     * benchmark 9 (`SKIP_BUILD=1 ./bench/run.sh --only 9`); 80 leaves 5 MiB over the highest.
     */
    private static final long NON_HEAP_MIB = 80;

    private static final Set<String> CE_REJECTED_LABELS = Set.of(
            "com.openfaas.scale.zero",
            "com.openfaas.scale.zero-duration",
            "com.openfaas.scale.target",
            "com.openfaas.scale.type");
    private static final Pattern SECRET_ROW =
            Pattern.compile("^\\| `([a-z0-9-]+)` \\| `[A-Z0-9_]+` \\|", Pattern.MULTILINE);
    private static final Pattern COMMENTED_SECRET =
            Pattern.compile("^\\s*#.*-\\s+([a-z0-9][a-z0-9.-]*)\\s*$", Pattern.MULTILINE);

    private static StackFile stack;
    private static Map<String, Object> raw;

    @BeforeAll
    static void read() throws IOException {
        stack = StackFile.read(Repo.ROOT.resolve("stack.yml"), Map.of());
        raw = yaml(StackFile.envsubst(Files.readString(Repo.ROOT.resolve("stack.yml")), Map.of()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rawFunction(String name) {
        return (Map<String, Object>) ((Map<String, Object>) raw.get("functions")).get(name);
    }

    @Test
    void versionAndProviderAreWhatFaasCliAccepts() {
        assertEquals("1.0", String.valueOf(raw.get("version")), "version");
        assertEquals("openfaas", ((Map<?, ?>) raw.get("provider")).get("name"), "provider.name");
        assertTrue(
                stack.functions().size() <= 15,
                "OpenFaaS CE and faasd CE run at most 15 functions: "
                        + stack.functions().size());
    }

    @Test
    void functionNamesAreDnsLabels() {
        for (String name : stack.functions().keySet()) {
            assertTrue(
                    name.length() <= 63 && DNS_LABEL.matcher(name).matches(),
                    name + ": not an RFC 1035 label of at most 63 characters");
        }
    }

    @Test
    void everyLanguageIsATemplateOfTheRepositoryAndEveryHandlerAModuleOfTheBuild() throws IOException {
        String rootPom = Files.readString(Repo.ROOT.resolve("pom.xml"));
        for (StackFile.Function fn : stack.functions().values()) {
            Path template = Repo.ROOT.resolve("template").resolve(fn.lang()).resolve("template.yml");
            assertTrue(Files.isRegularFile(template), fn.name() + ": template/" + fn.lang() + "/template.yml");
            assertEquals(
                    fn.lang(), yaml(Files.readString(template)).get("language"), fn.name() + ": template language");
            Path handler = stack.handlerDirectory(fn);
            assertTrue(Files.isRegularFile(handler.resolve("pom.xml")), fn.name() + ": " + handler + "/pom.xml");
            assertTrue(
                    Files.isRegularFile(handler.resolve("src/main/java/com/openfaas/function/Handler.java")),
                    fn.name() + ": its Handler.java");
            String module = "<module>" + Repo.ROOT.relativize(handler) + "</module>";
            assertTrue(rootPom.contains(module), fn.name() + ": " + module + " in the root pom.xml (built and tested)");
        }
    }

    @Test
    void imagesFollowRegistryAndTag() throws IOException {
        StackFile custom = StackFile.read(
                Repo.ROOT.resolve("stack.yml"), Map.of("REGISTRY", "registry.example.com/team", "TAG", "2.3.4"));
        for (StackFile.Function fn : custom.functions().values()) {
            assertEquals("registry.example.com/team/" + fn.name() + ":2.3.4", fn.image(), fn.name());
        }
        for (StackFile.Function fn : stack.functions().values()) {
            assertEquals("", DeploymentFilesTest.unpinned(fn.image()), fn.name() + ": the default image is pinned");
        }
    }

    @Test
    void redisAndGatewayAddressesDefaultToFaasdAndFollowTheEnvironment() throws IOException {
        StackFile kubernetes = StackFile.read(
                Repo.ROOT.resolve("stack.yml"),
                Map.of(
                        "REDIS_URL",
                        "redis://redis.openfaas-fn.svc.cluster.local:6379",
                        "GATEWAY_URL",
                        "http://gateway.openfaas:8080"));
        for (StackFile.Function fn : stack.functions().values()) {
            assertEquals("redis://redis:6379", fn.environment().get("REDIS_URL"), fn.name() + ": faasd default");
            assertEquals(
                    "redis://redis.openfaas-fn.svc.cluster.local:6379",
                    kubernetes.functions().get(fn.name()).environment().get("REDIS_URL"),
                    fn.name() + ": ${REDIS_URL:-…}");
            String gateway = fn.environment().get("GATEWAY_URL");
            if (gateway != null) {
                assertEquals("http://gateway:8080", gateway, fn.name());
                assertEquals(
                        "http://gateway.openfaas:8080",
                        kubernetes.functions().get(fn.name()).environment().get("GATEWAY_URL"),
                        fn.name() + ": ${GATEWAY_URL:-…}");
            }
        }
        assertTrue(stack.functions().get("email-dispatcher").environment().containsKey("GATEWAY_URL"));
    }

    @Test
    void theDispatcherIsACronFunctionEveryMinute() {
        List<String> cron = new ArrayList<>();
        for (StackFile.Function fn : stack.functions().values()) {
            String topic = fn.annotations().get("topic");
            if (topic == null) continue;
            cron.add(fn.name());
            assertEquals("cron-function", topic, fn.name() + ": CE's cron-connector takes exactly this topic");
            String schedule = fn.annotations().get("schedule");
            assertTrue(
                    schedule != null && schedule.trim().split("\\s+").length == 5,
                    fn.name() + ": a 5-field schedule (no seconds field): " + schedule);
            CronSchedule.parse(schedule); // robfig/cron's rules: an invalid one would be silently ignored
        }
        assertEquals(List.of("email-dispatcher"), cron);
        assertEquals(
                "* * * * *",
                stack.functions().get("email-dispatcher").annotations().get("schedule"));
    }

    @Test
    void timeoutsFitTheGatewayAndTheProvider() {
        List<String> problems = new ArrayList<>();
        for (StackFile.Function fn : stack.functions().values()) {
            Map<String, String> env = fn.environment();
            if (!env.containsKey("exec_timeout")
                    || !env.containsKey("read_timeout")
                    || !env.containsKey("write_timeout")) {
                problems.add(fn.name()
                        + ": exec_timeout, read_timeout and write_timeout must be set (of-watchdog's default is 30 s)");
                continue;
            }
            Duration exec = CronSchedule.parseGoDuration(env.get("exec_timeout"));
            Duration read = CronSchedule.parseGoDuration(env.get("read_timeout"));
            Duration write = CronSchedule.parseGoDuration(env.get("write_timeout"));
            if (exec.isZero() || exec.compareTo(PLATFORM_TIMEOUT) > 0) {
                problems.add(fn.name() + ": exec_timeout " + exec.getSeconds()
                        + " s is not within the gateway's and faasd-provider's 60 s");
            }
            if (read.compareTo(exec) < 0 || write.compareTo(exec) < 0) {
                problems.add(fn.name() + ": read/write_timeout must be at least exec_timeout");
            }
            if (read.compareTo(PLATFORM_TIMEOUT.plusSeconds(5)) > 0
                    || write.compareTo(PLATFORM_TIMEOUT.plusSeconds(5)) > 0) {
                problems.add(fn.name() + ": read/write_timeout beyond the gateway's");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aDispatcherTickEndsWithinItsExecTimeout() {
        Duration dispatcher = CronSchedule.parseGoDuration(
                stack.functions().get("email-dispatcher").environment().get("exec_timeout"));
        Duration sendEmail = CronSchedule.parseGoDuration(
                stack.functions().get("send-email").environment().get("exec_timeout"));
        // the tick starts hand-overs for DISPATCH_BUDGET and waits for each send-email call
        assertTrue(
                Campaign.DISPATCH_BUDGET.plus(sendEmail).compareTo(dispatcher) <= 0,
                "dispatch budget " + Campaign.DISPATCH_BUDGET.getSeconds() + " s + send-email's exec_timeout "
                        + sendEmail.getSeconds() + " s must fit the dispatcher's " + dispatcher.getSeconds() + " s");
        assertTrue(dispatcher.compareTo(Duration.ofMinutes(1)) < 0, "a tick ends before the next one starts");
    }

    @Test
    void everyFunctionHasAMemoryLimitThatHoldsItsJvm() throws IOException {
        Matcher percentage = Pattern.compile("JAVA_TOOL_OPTIONS=\"[^\"]*-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)")
                .matcher(Files.readString(Repo.ROOT.resolve("template/java11-maven/Dockerfile")));
        assertTrue(percentage.find(), "the template sets the heap's share of the memory limit (JAVA_TOOL_OPTIONS)");
        double heapShare = Double.parseDouble(percentage.group(1)) / 100;
        List<String> problems = new ArrayList<>();
        for (String name : stack.functions().keySet()) {
            Map<String, Object> fn = rawFunction(name);
            Object limits = fn.get("limits");
            if (!(limits instanceof Map) || ((Map<?, ?>) limits).get("memory") == null) {
                problems.add(name + ": no limits: memory:");
                continue;
            }
            long limit = mebibytes(String.valueOf(((Map<?, ?>) limits).get("memory")));
            long heap = (long) (limit * heapShare);
            if (heap + NON_HEAP_MIB > limit) {
                problems.add(name + ": " + limit + " MiB cannot hold a " + heap + " MiB heap + " + NON_HEAP_MIB
                        + " MiB outside it");
            }
            if (heap < 64) {
                problems.add(name + ": a heap of " + heap + " MiB is below what was measured to be comfortable");
            }
            Object requests = fn.get("requests");
            if (requests instanceof Map
                    && ((Map<?, ?>) requests).get("memory") != null
                    && mebibytes(String.valueOf(((Map<?, ?>) requests).get("memory"))) > limit) {
                problems.add(name + ": requests above limits");
            }
        }
        assertEquals(List.of(), problems);
    }

    static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi|M|G)").matcher(quantity.trim());
        if (!m.matches()) fail("a Kubernetes memory quantity like 256Mi: " + quantity);
        long value = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "Gi":
                return value * 1024;
            case "G":
                return value * 1000 * 1000 * 1000 / (1024 * 1024);
            case "M":
                return value * 1000 * 1000 / (1024 * 1024);
            default:
                return value;
        }
    }

    @Test
    void scalingLabelsAreWhatOpenFaasCeAccepts() {
        for (StackFile.Function fn : stack.functions().values()) {
            Map<String, String> labels = fn.labels();
            for (String rejected : CE_REJECTED_LABELS) {
                assertTrue(!labels.containsKey(rejected), fn.name() + ": " + rejected + " is rejected by CE");
            }
            int min = Integer.parseInt(labels.getOrDefault("com.openfaas.scale.min", "1"));
            int max = Integer.parseInt(labels.getOrDefault("com.openfaas.scale.max", "5"));
            assertTrue(
                    min >= 1 && min <= max && max <= 5,
                    fn.name() + ": 1 <= min <= max <= 5 (CE), got " + min + ".." + max);
        }
        assertEquals(
                "1",
                stack.functions().get("email-dispatcher").labels().get("com.openfaas.scale.max"),
                "one dispatcher: more would add contention, not ticks");
    }

    @Test
    void everySecretIsDocumentedInTheReadmeConfigurationTable() throws IOException {
        String readme = Files.readString(Repo.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Configuration");
        assertTrue(start >= 0, "README has a Configuration section");
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> documented = new TreeSet<>();
        Matcher row = SECRET_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (row.find()) documented.add(row.group(1));
        Set<String> referenced = new TreeSet<>(requiredSecrets());
        referenced.addAll(commentedSecrets());
        referenced.removeAll(documented);
        assertEquals(Set.of(), referenced, "secrets of stack.yml missing from the README's configuration table");
    }

    @Test
    void everySecretIsASettingOfTheCampaign() {
        Set<String> known = Arrays.stream(Setting.values())
                .map(Setting::secretName)
                .filter(n -> n != null)
                .collect(Collectors.toSet());
        Set<String> referenced = new TreeSet<>(requiredSecrets());
        referenced.addAll(commentedSecrets());
        referenced.removeAll(known);
        assertEquals(Set.of(), referenced, "secrets no function reads");
    }

    @Test
    void campaignHealthGetsEverySecretItChecks() {
        Set<String> health =
                new LinkedHashSet<>(stack.functions().get("campaign-health").secrets());
        for (Setting setting : HealthCheck.REQUIRED_SECRETS) {
            assertTrue(health.contains(setting.secretName()), "campaign-health lists " + setting.secretName());
        }
        // and every secret another function cannot deploy without, except the optional testing-mode
        Set<String> others = new TreeSet<>(requiredSecrets());
        others.remove("testing-mode");
        others.removeAll(health);
        assertEquals(Set.of(), others, "secrets of other functions that campaign-health does not see");
    }

    /** The union of the functions' secrets, as faas-cli reads them, in order of first use. */
    static Set<String> requiredSecrets() {
        try {
            Set<String> all = new LinkedHashSet<>();
            StackFile.read(Repo.ROOT.resolve("stack.yml"), Map.of())
                    .functions()
                    .values()
                    .forEach(fn -> all.addAll(fn.secrets()));
            return all;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Secrets named in comments inside the functions ("# - calendly-signing-key"): the optional ones. */
    static Set<String> commentedSecrets() {
        try {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = COMMENTED_SECRET.matcher(Files.readString(Repo.ROOT.resolve("stack.yml")));
            while (m.find()) names.add(m.group(1));
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
