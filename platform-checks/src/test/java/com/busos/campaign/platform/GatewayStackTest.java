package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.gateway.CronConnector;
import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.gateway.StackFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** `./run-local.sh` in process: the real stack.yml and the packaged functions behind the local gateway. */
class GatewayStackTest {

    @Test
    void everyFunctionOfTheStackAnswersThroughTheLocalGateway() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StackFile stack = StackFile.read(Repo.ROOT.resolve("stack.yml"), Map.of());
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (LocalGateway gateway = LocalGateway.start(new LocalGateway.Options()
                .stackFile(Repo.ROOT.resolve("stack.yml"))
                .port(0)
                .cron(false)
                .environment(Map.of(
                        "SECRETS_DIR", Repo.ROOT.resolve("target/no-secrets").toString()))
                .out(new PrintStream(log, true, StandardCharsets.UTF_8)))) {
            assertTrue(gateway.embeddedRedis(), "REDIS_URL unset: embedded Redis");
            assertEquals(stack.functions().keySet(), gateway.functionNames());
            for (String name : gateway.functionNames()) {
                assertEquals(null, gateway.function(name).failure(), name + " handler created");
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/function/" + name))
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertFalse(response.body().startsWith(LocalGateway.NOT_FOUND_PREFIX), name);
                assertNotEquals(502, response.statusCode(), name);
            }
            HttpResponse<String> unknown = client.send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/function/nope"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());

            Map<String, CronConnector.Result> ticks = gateway.tickCron();
            assertEquals(Set.of("email-dispatcher"), ticks.keySet(), "the stack's cron functions");
            CronConnector.Result tick = ticks.get("email-dispatcher");
            assertTrue(tick.status() >= 200 && tick.status() < 600, "dispatcher answered: " + tick.error());
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
    }
}
