package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the gateway runs the sandbox, what it tells the functions, and what it says on its first line. */
class SandboxModeTest {
    private static final String EXTERNAL_REDIS = "redis://127.0.0.1:6390";

    @TempDir
    Path root;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private LocalGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) gateway.close();
        System.clearProperty("NOTION_TOKEN");
    }

    private LocalGateway start(Map<String, String> env) throws Exception {
        gateway = LocalGateway.start(new LocalGateway.Options()
                .stackFile(FixtureFunctions.echoStack(root))
                .port(0)
                .cron(false)
                .environment(env)
                .redisUrl(EXTERNAL_REDIS)
                .out(FixtureFunctions.tee(output)));
        return gateway;
    }

    private int status(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void withoutCredentialsTheGatewayRunsTheSandboxAndSaysSoFirst() throws Exception {
        start(Map.of("SECRETS_DIR", root.resolve("no-secrets").toString()));

        String first = FixtureFunctions.message(FixtureFunctions.lines(output).get(0));
        assertTrue(first.startsWith("SANDBOX MODE (no notion-token, no resend-api-key)"), first);
        assertTrue(first.contains("gateway " + gateway.baseUrl()), first);
        assertEquals(root.resolve("sandbox").toString(), System.getProperty("SANDBOX_DIR"));
        assertEquals(root.resolve("templates").toString(), System.getProperty("TEMPLATES_DIR"));
        assertEquals("true", System.getProperty("TESTING_MODE"));
        assertEquals(root.resolve("sandbox"), gateway.sandboxDirectory().orElseThrow());
        assertEquals(200, status("/outbox"));
        assertEquals(404, status("/outbox/nothing.html"));

        gateway.close();
        gateway = null;
        assertNull(System.getProperty("SANDBOX_DIR"), "restored on close");
        assertNull(System.getProperty("TESTING_MODE"));
    }

    @Test
    void aNotionTokenInTheSecretsFolderMeansTheRealCampaign() throws Exception {
        Path secrets = Files.createDirectories(root.resolve(".secrets"));
        Files.writeString(secrets.resolve("notion-token"), "secret_real");

        start(Map.of());

        assertFalse(
                FixtureFunctions.lines(output).get(0).contains("SANDBOX"),
                FixtureFunctions.lines(output).get(0));
        assertNull(System.getProperty("SANDBOX_DIR"));
        assertNull(System.getProperty("TESTING_MODE"), "production delays unless asked");
        assertTrue(gateway.sandboxDirectory().isEmpty());
        assertEquals(404, status("/outbox"));
    }

    @Test
    void aResendKeyInTheEnvironmentOrANotionTokenPropertyToo() throws Exception {
        start(Map.of("SECRETS_DIR", root.resolve("no-secrets").toString(), "RESEND_API_KEY", "re_real"));
        assertTrue(gateway.sandboxDirectory().isEmpty());
        gateway.close();

        System.setProperty("NOTION_TOKEN", "secret_from_a_property");
        start(Map.of("SECRETS_DIR", root.resolve("no-secrets").toString()));
        assertTrue(gateway.sandboxDirectory().isEmpty());
    }

    @Test
    void sandboxDirForcesTheSandboxAndChoosesItsFolderAndTestingModeAsSetIsKept() throws Exception {
        Path chosen = root.resolve("elsewhere");
        start(Map.of(
                "SECRETS_DIR",
                root.resolve("no-secrets").toString(),
                "SANDBOX_DIR",
                chosen.toString(),
                "RESEND_API_KEY",
                "re_real",
                "TESTING_MODE",
                "false"));

        String first = FixtureFunctions.message(FixtureFunctions.lines(output).get(0));
        assertTrue(first.startsWith("SANDBOX MODE (SANDBOX_DIR is set)"), first);
        assertEquals(chosen, gateway.sandboxDirectory().orElseThrow());
        assertNull(System.getProperty("TESTING_MODE"), "the environment's TESTING_MODE applies");
    }
}
