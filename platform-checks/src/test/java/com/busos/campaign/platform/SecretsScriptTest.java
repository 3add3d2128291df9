package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.gateway.StackFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/secrets.sh, the README's list of `faas-cli secret create` commands, against stack.yml: it
 * prints exactly the secrets faas-cli will require, each once, and the optional ones commented out.
 */
class SecretsScriptTest {
    private static final Pattern COMMAND =
            Pattern.compile("faas-cli secret (create|update) ([a-z0-9.-]+) --from-file=(\\S+)");

    @TempDir
    Path work;

    /** The script's output: "R name" for a command, "O name" for a commented-out one. */
    private static final class Output {
        final List<String> required = new ArrayList<>();
        final List<String> optional = new ArrayList<>();
        final List<String> lines;

        Output(String text, String verb, String folder) {
            lines = text.lines().filter(line -> !line.isBlank()).collect(java.util.stream.Collectors.toList());
            for (String line : lines) {
                boolean commented = line.startsWith("# ");
                Matcher m = COMMAND.matcher(commented ? line.substring(2) : line);
                if (!m.matches()) {
                    assertTrue(commented, "a line that is neither a command nor a comment: " + line);
                    continue;
                }
                assertEquals(verb, m.group(1), line);
                assertEquals(folder + "/" + m.group(2), m.group(3), line);
                (commented ? optional : required).add(m.group(2));
            }
        }
    }

    private String run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("bash", Repo.ROOT.resolve("scripts/secrets.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().remove("SECRETS_DIR");
        builder.environment().putAll(env);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "secrets.sh finished");
        assertEquals(0, process.exitValue(), "secrets.sh failed: " + Files.readString(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void itPrintsExactlyTheSecretsOfStackYmlOnceEach() throws Exception {
        Output output = new Output(run(Map.of()), "create", ".secrets");
        Set<String> expected = StackYamlTest.requiredSecrets();
        assertEquals(
                new ArrayList<>(expected),
                output.required,
                "one command per secret of stack.yml, in order of first use");
        assertEquals(new LinkedHashSet<>(output.optional).size(), output.optional.size(), "optional ones once each");
        Set<String> optional = new LinkedHashSet<>(StackYamlTest.commentedSecrets());
        optional.removeAll(expected);
        assertEquals(
                optional, new LinkedHashSet<>(output.optional), "the optional secrets named in stack.yml's comments");
        assertTrue(
                output.optional.containsAll(List.of("calendly-signing-key", "notion-email-analytics-db-id")),
                String.valueOf(output.optional));
        // the website webhooks fail closed without it: a deploy creates it like any other
        assertTrue(output.required.contains("webhook-secret"), String.valueOf(output.required));
    }

    @Test
    void updateAndAnotherFolder() throws Exception {
        Output output = new Output(run(Map.of("SECRETS_DIR", "/etc/campaign"), "--update"), "update", "/etc/campaign");
        assertEquals(new ArrayList<>(StackYamlTest.requiredSecrets()), output.required);
    }

    /** Every form of a YAML list faas-cli accepts, and comments around it, against StackFile's reading. */
    @Test
    void itReadsEveryFormOfTheSecretsList() throws Exception {
        Path stack = work.resolve("stack.yml");
        Files.writeString(
                stack,
                String.join(
                        "\n",
                        "version: 1.0",
                        "provider:",
                        "  name: openfaas",
                        "functions:",
                        "  one:",
                        "    lang: java11-maven",
                        "    secrets:",
                        "      - alpha",
                        "      # - optional-one",
                        "      - \"beta\"   # a comment after it",
                        "",
                        "      - 'gamma'",
                        "    labels:",
                        "      com.openfaas.scale.max: \"1\"",
                        "  two:",
                        "    lang: java11-maven",
                        "    secrets: [beta, delta ,epsilon]",
                        "    environment:",
                        "      A: b",
                        "  three:",
                        "    lang: java11-maven",
                        "    secrets:",
                        "    - zeta",
                        "    # optional, once created: - optional-two",
                        "    # a comment that names no secret:",
                        "    annotations:",
                        "      topic: cron-function",
                        "  four:",
                        "    lang: java11-maven",
                        ""));
        Output output = new Output(run(Map.of(), "-f", stack.toString()), "create", ".secrets");
        Set<String> union = new LinkedHashSet<>();
        StackFile.read(stack, Map.of()).functions().values().forEach(fn -> union.addAll(fn.secrets()));
        assertEquals(List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta"), new ArrayList<>(union));
        assertEquals(new ArrayList<>(union), output.required);
        assertEquals(List.of("optional-one", "optional-two"), output.optional);
    }

    @Test
    void aMissingStackFileIsAnError() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "bash",
                        Repo.ROOT.resolve("scripts/secrets.sh").toString(),
                        "-f",
                        work.resolve("nope.yml").toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
    }
}
