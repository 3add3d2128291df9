package com.busos.campaign.openfaas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openfaas.model.Request;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests are the console's, and how the adapter reads them (headers in any case). */
class ConsoleEndpointTest {
    private static Request request(String path, Map<String, String> headers) {
        return new Request("", new HashMap<>(headers), null, path);
    }

    @Test
    void theConsoleHasSlashWithoutAuthorizationAndConsolePathsTheApiTheRest() {
        assertTrue(ConsoleEndpoint.handles(request("/", Map.of())));
        assertTrue(ConsoleEndpoint.handles(request("", Map.of())));
        assertTrue(ConsoleEndpoint.handles(request("/console/dead", Map.of("Authorization", "Bearer x"))));
        assertTrue(ConsoleEndpoint.handles(request("/console", Map.of())));
        assertFalse(ConsoleEndpoint.handles(request("/", Map.of("Authorization", "Bearer x"))), "the JSON list");
        assertFalse(ConsoleEndpoint.handles(request("/", Map.of("authorization", "Bearer x"))), "any case");
        assertFalse(ConsoleEndpoint.handles(request("/", Map.of("Authorization", "Basic eA=="))));
        for (String api :
                new String[] {"/stats", "/sends", "/cancel", "/dead", "/dead/requeue", "/nope", "/consoles"}) {
            assertFalse(ConsoleEndpoint.handles(request(api, Map.of())), api);
        }
    }

    @Test
    void theRequestIsReadWithoutSurprises() {
        assertEquals("/console/dead", ConsoleEndpoint.path("/function/campaign-admin/console/dead/"));
        assertEquals("/", ConsoleEndpoint.path(null));
        assertEquals("/function/campaign-admin", ConsoleEndpoint.prefix(Map.of()));
        assertEquals("/ops/function/campaign-admin", ConsoleEndpoint.prefix(Map.of("X-forwarded-prefix", "/ops/")));
        assertEquals(
                "/function/campaign-admin",
                ConsoleEndpoint.prefix(Map.of("X-Forwarded-Prefix", "/\"><script>")),
                "an odd prefix is ignored");
        assertEquals("abc", ConsoleEndpoint.cookie("other=1; campaign_console=abc; more=2"));
        assertNull(ConsoleEndpoint.cookie("other=1"));
        assertEquals(
                Map.of("email", "jane+tag@example.com", "reason", "a b", "csrf", ""),
                ConsoleEndpoint.form("email=jane%2Btag%40example.com&reason=a+b&csrf="));
        assertNull(ConsoleEndpoint.form("email=%ZZ"), "a malformed escape");
        assertNull(ConsoleEndpoint.form("a=1&".repeat(30)), "too many fields");
    }

    @Test
    void theCookieIsSecureButForPlainHttpOnLoopback() {
        assertFalse(ConsoleEndpoint.secure(Map.of("X-forwarded-host", "127.0.0.1:8080")));
        assertFalse(ConsoleEndpoint.secure(Map.of("Host", "localhost:8080")));
        assertFalse(ConsoleEndpoint.secure(Map.of("X-Forwarded-Host", "[::1]:8080")));
        assertTrue(ConsoleEndpoint.secure(Map.of("X-Forwarded-Host", "127.0.0.1:8080", "X-Forwarded-Proto", "https")));
        assertTrue(ConsoleEndpoint.secure(Map.of("X-Forwarded-Host", "faas.example.com")));
        assertTrue(ConsoleEndpoint.secure(Map.of("X-Forwarded-Host", "192.168.1.20:8080")));
        assertTrue(ConsoleEndpoint.secure(Map.of()));
    }
}
