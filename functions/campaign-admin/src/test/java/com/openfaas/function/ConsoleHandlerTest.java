package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.HandlerHarness;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console through campaign-admin's Handler, with headers as the entrypoint hands them over
 * (case-normalised): "/" without Authorization is the console, with the token it is still the JSON list;
 * sign-in, a CSRF-less POST refused, escaping of what the store holds.
 */
class ConsoleHandlerTest {
    private static final String TOKEN = "console-handler-admin-token";
    private static final String LEAD = "grace@example.com";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private Schedule schedule;
    private String deadId;

    @BeforeEach
    void setUp() {
        harness.set("ADMIN_TOKEN", TOKEN);
        schedule = harness.schedule();
        deadId = harness.deadLetter(
                new ScheduledSend("5day", 2, "5-Day E2", LEAD, "tracker-h", Map.of()),
                "Resend said <script>alert('x')</script>");
    }

    private final Handler handler = new Handler(harness.config());

    private IResponse call(String path, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-forwarded-host", "127.0.0.1:8080");
        all.put("X-forwarded-for", "127.0.0.1:50000");
        return handler.Handle(new Request(body, all, null, path));
    }

    private String signIn() {
        IResponse answer = call("/console/sign-in", "token=" + TOKEN, Map.of());
        assertEquals(200, answer.getStatusCode(), answer.getBody());
        String cookie = answer.getHeaders().get("Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void slashIsTheConsoleWithoutAuthorizationAndTheJsonListWithIt() {
        IResponse page = call("/", "", Map.of());
        assertEquals(200, page.getStatusCode());
        assertEquals("text/html; charset=utf-8", page.getContentType());
        assertTrue(page.getBody().contains("type=\"password\""), page.getBody());
        assertEquals("no-store", page.getHeaders().get("Cache-Control"));
        assertEquals("DENY", page.getHeaders().get("X-Frame-Options"));

        IResponse json = call("/", "", Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(200, json.getStatusCode());
        assertTrue(json.getBody().startsWith("{\"operations\":"), json.getBody());
        assertEquals(401, call("/stats", "", Map.of("Cookie", signIn())).getStatusCode(), "the API takes no cookie");
    }

    @Test
    void signedInTheDeadLettersShowEscapedAndACsrfLessPostIsRefused() {
        String cookie = signIn();
        IResponse page = call("/console/dead", "", Map.of("Cookie", cookie));
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertTrue(
                page.getBody().contains("Resend said &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page.getBody());
        assertFalse(page.getBody().contains("<script>"), page.getBody());

        IResponse refused = call("/console/dead/requeue", "send_id=" + deadId, Map.of("Cookie", cookie));
        assertEquals(403, refused.getStatusCode());
        assertEquals("dead", schedule.inspect(deadId).get("state"));

        Matcher csrf = CSRF.matcher(page.getBody());
        assertTrue(csrf.find());
        IResponse requeued =
                call("/console/dead/requeue", "send_id=" + deadId + "&csrf=" + csrf.group(1), Map.of("Cookie", cookie));
        assertEquals(200, requeued.getStatusCode(), requeued.getBody());
        assertEquals("scheduled", schedule.inspect(deadId).get("state"));
    }

    @Test
    void withoutTheSecretTheConsoleIs503Too() {
        harness.clear("ADMIN_TOKEN");
        IResponse page = new Handler(harness.config()).Handle(new Request("", new HashMap<>(), null, "/"));
        assertEquals(503, page.getStatusCode());
        assertTrue(page.getBody().contains("admin-token (ADMIN_TOKEN)"), page.getBody());
    }
}
