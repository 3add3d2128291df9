package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFileTest {

    @Test
    void envsubstLikeFaasCli() {
        Map<String, String> env = Map.of("SET", "value", "EMPTY", "");
        assertEquals("value", StackFile.envsubst("${SET}", env));
        assertEquals("value", StackFile.envsubst("${SET:-other}", env));
        assertEquals("other", StackFile.envsubst("${UNSET:-other}", env));
        assertEquals("other", StackFile.envsubst("${EMPTY:-other}", env));
        assertEquals("", StackFile.envsubst("${EMPTY-other}", env));
        assertEquals("", StackFile.envsubst("${UNSET}", env));
        assertEquals("ghcr.io/x/fn:1.0.0", StackFile.envsubst("${REGISTRY:-ghcr.io/x}/fn:${TAG:-1.0.0}", env));
        assertEquals("A <b@c.d>", StackFile.envsubst("${FROM:-A <b@c.d>}", env));
    }

    @Test
    void environmentFilesThenInlineEnvironment(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("env.yml"), "environment:\n  A: from-file\n  B: from-file\n");
        Files.writeString(
                dir.resolve("stack.yml"),
                String.join(
                        "\n",
                        "version: 1.0",
                        "provider: {name: openfaas, gateway: 'http://127.0.0.1:8080'}",
                        "functions:",
                        "  fn:",
                        "    lang: java11-maven",
                        "    handler: ./fn",
                        "    image: ${REGISTRY:-r}/fn:1",
                        "    namespace: other",
                        "    environment_file: [env.yml]",
                        "    environment: {B: inline, N: 3}",
                        ""));

        StackFile stack = StackFile.read(dir.resolve("stack.yml"), Map.of());
        StackFile.Function fn = stack.functions().get("fn");

        assertEquals(Map.of("A", "from-file", "B", "inline", "N", "3"), fn.environment());
        assertEquals("r/fn:1", fn.image());
        assertEquals("other", fn.namespace());
        assertEquals(dir.resolve("fn").toAbsolutePath().normalize(), stack.handlerDirectory(fn));
    }

    @Test
    void onlyTheOpenfaasProviderAndVersion1(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), "provider: {name: faas}\nfunctions: {}\n");
        Files.writeString(dir.resolve("b.yml"), "version: 2.0\nprovider: {name: openfaas}\nfunctions: {}\n");
        assertThrows(IOException.class, () -> StackFile.read(dir.resolve("a.yml"), Map.of()));
        assertThrows(IOException.class, () -> StackFile.read(dir.resolve("b.yml"), Map.of()));
        assertThrows(IOException.class, () -> StackFile.read(dir.resolve("missing.yml"), Map.of()));
    }

    /** The repository's stack.yml: what the deploy and the local run rely on. */
    @Test
    void theRepositoryStackFile() throws IOException {
        StackFile stack = StackFile.read(Path.of("..", "stack.yml"), Map.of());

        assertEquals("http://127.0.0.1:8080", stack.gateway());
        assertEquals(List.of("./shared-lib"), stack.copy());
        assertTrue(
                stack.functions().keySet().containsAll(List.of("christmas-signup", "send-email", "email-dispatcher")));
        for (StackFile.Function fn : stack.functions().values()) {
            assertEquals("java11-maven", fn.lang(), fn.name());
            assertEquals("./functions/" + fn.name(), fn.handler());
            assertEquals("ghcr.io/busos-campaign/" + fn.name() + ":1.0.0", fn.image());
            assertTrue(fn.secrets().size() == Set.copyOf(fn.secrets()).size(), fn.name() + ": duplicate secret");
            long exec = seconds(fn.environment().get("exec_timeout"));
            assertTrue(exec > 0 && exec <= 60, fn.name() + ": exec_timeout within the gateway's 60 s");
            assertTrue(seconds(fn.environment().get("read_timeout")) > exec, fn.name());
            assertTrue(seconds(fn.environment().get("write_timeout")) > exec, fn.name());
            assertTrue(seconds(fn.environment().get("write_timeout")) <= 60, fn.name());
        }
        StackFile.Function dispatcher = stack.functions().get("email-dispatcher");
        assertEquals("cron-function", dispatcher.annotations().get("topic"));
        assertEquals("* * * * *", dispatcher.annotations().get("schedule"));
        assertTrue(seconds(dispatcher.environment().get("exec_timeout")) < 60, "runs every minute");
        assertEquals(
                List.of("email-dispatcher"),
                CronConnector.jobs(stack, new java.util.ArrayList<>()).stream()
                        .map(CronConnector.Job::name)
                        .collect(java.util.stream.Collectors.toList()));
        assertTrue(stack.functions()
                .get("christmas-signup")
                .secrets()
                .containsAll(List.of(
                        "notion-token",
                        "notion-email-sequence-db-id",
                        "notion-businessx-db-id",
                        "testing-mode",
                        "redis-password")));
        assertTrue(stack.functions()
                .get("send-email")
                .secrets()
                .containsAll(List.of(
                        "notion-token",
                        "notion-email-templates-db-id",
                        "notion-email-sequence-db-id",
                        "resend-api-key",
                        "redis-password")));
        assertTrue(dispatcher.secrets().contains("redis-password"));
        for (StackFile.Function fn : stack.functions().values()) {
            assertFalse(
                    fn.secrets().contains("notion-email-analytics-db-id"),
                    fn.name() + ": optional secret listed; a missing listed secret fails the deploy");
        }
    }

    private static long seconds(String goDuration) {
        return CronSchedule.parseGoDuration(goDuration).getSeconds();
    }
}
