package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /function/unsubscribe?token=… end to end: page on GET, one-click POST, forged links. */
class HandlerTest {
    private static final String SECRET = "function-test-unsubscribe-secret";
    private static final String LEAD = "ada@example.com";

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private final TestCampaign env = harness.campaign;
    private Schedule schedule;
    private String trackerId;
    private final List<String> sends = new ArrayList<>();

    @BeforeEach
    void setUp() {
        harness.set("UNSUBSCRIBE_SECRET", SECRET);
        harness.set("PUBLIC_GATEWAY_URL", "https://faas.example.com");
        schedule = harness.schedule();
        trackerId = env.notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .checkbox("Sequence Completed", false)
                        .build());
        for (int n = 2; n <= 5; n++) {
            ScheduledSend send = new ScheduledSend("5day", n, "5-Day E" + n, LEAD, trackerId, Map.of());
            schedule.add(send, Instant.now().plus(Duration.ofDays(n)));
            sends.add(send.id());
        }
    }

    private IResponse call(String token, String body, String contentType) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) headers.put("Content-Type", contentType);
        return new Handler(harness.config())
                .Handle(new Request(body, headers, token == null ? null : "token=" + token, "/"));
    }

    private static String token(String address) {
        return new UnsubscribeTokens(SECRET).tokenFor(address);
    }

    private boolean suppressed() {
        return harness.suppressions().isSuppressed(LEAD);
    }

    private void assertNothingChanged() {
        assertFalse(suppressed());
        for (String id : sends) assertEquals("scheduled", schedule.inspect(id).get("state"));
        assertEquals(4, schedule.countScheduled());
        assertFalse(env.notion
                .page(trackerId)
                .orElseThrow()
                .at("/properties/Sequence Completed/checkbox")
                .asBoolean());
    }

    @Test
    void thePageWearsTheBrandSettingsAndItsStyleIsTheOnlyOneItsPolicyAllows() throws Exception {
        harness.set("BRAND_NAME", "Glow <Beauty> Bar");
        harness.set("BRAND_COLOR", "#1F6F5C");
        harness.set("BRAND_LOGO_URL", "https://example.com/logo.png?a=1&b=2");
        IResponse response = call(token(LEAD), "", null);
        assertEquals(200, response.getStatusCode());
        String page = response.getBody();
        assertTrue(page.contains("background:#1f6f5c"), "the button in the brand's colour");
        assertTrue(
                page.contains(
                        "<img class=\"logo\" src=\"https://example.com/logo.png?a=1&amp;b=2\" alt=\"Glow &lt;Beauty&gt; Bar\">"),
                page);
        assertFalse(page.contains("<Beauty>"), "the name is escaped");
        assertFalse(page.contains("<script"), "no script");
        String style = page.substring(page.indexOf("<style>") + 7, page.indexOf("</style>"));
        String hash = Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(style.getBytes(StandardCharsets.UTF_8)));
        String policy = response.getHeaders().get("Content-Security-Policy");
        assertTrue(policy.contains("style-src 'sha256-" + hash + "'"), policy);
        assertTrue(policy.startsWith("default-src 'none'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
    }

    @Test
    void aBrandColourThatIsNotAColourIsAConfigurationErrorNotAPage() {
        harness.set("BRAND_COLOR", "red;background:url(https://example.com/x)");
        IResponse response = call(token(LEAD), "", null);
        assertEquals(500, response.getStatusCode());
        assertTrue(response.getBody().contains("BRAND_COLOR"), response.getBody());
        assertNothingChanged();
    }

    @Test
    void aGetShowsTheConfirmationPageWithAButtonPostingToTheSameLink() {
        IResponse response = call(token(LEAD), "", null);
        assertEquals(200, response.getStatusCode());
        assertEquals("text/html; charset=utf-8", response.getContentType());
        assertTrue(response.getBody().contains("<form method=\"post\" action=\"?token=" + token(LEAD) + "\">"));
        assertTrue(response.getBody().contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"));
        assertTrue(response.getBody().contains(LEAD));
        assertNothingChanged();
    }

    @Test
    void theOneClickPostUnsubscribesCancelsAndMarksTheTracker() {
        IResponse response = call(token(LEAD), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");

        assertEquals(200, response.getStatusCode());
        assertTrue(suppressed());
        assertEquals(0, schedule.countScheduled());
        for (String id : sends) assertEquals("cancelled", schedule.inspect(id).get("state"));
        ObjectNode tracker = env.notion.page(trackerId).orElseThrow();
        assertTrue(tracker.at("/properties/Sequence Completed/checkbox").asBoolean());
        assertFalse(
                tracker.at("/properties/Unsubscribed At/date/start").asText().isEmpty());
    }

    @Test
    void thePageButtonUnsubscribes() {
        IResponse response = call(token(LEAD), "confirm=yes", "application/x-www-form-urlencoded");
        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains("You are unsubscribed"));
        assertTrue(suppressed());
        assertEquals(0, schedule.countScheduled());
    }

    @Test
    void forgedTokensAre4xxAndChangeNothing() {
        String real = token(LEAD);
        String mac = real.substring(real.indexOf('.') + 1);
        String alteredAddress = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("eve@example.com".getBytes(StandardCharsets.UTF_8))
                + "." + mac;
        String alteredMac = real.substring(0, real.length() - 3) + (real.endsWith("AAA") ? "BBB" : "AAA");
        for (String forged :
                List.of(alteredAddress, alteredMac, "garbage", "x.y", new UnsubscribeTokens("other").tokenFor(LEAD))) {
            IResponse response = call(forged, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
            assertEquals(403, response.getStatusCode(), forged);
        }
        assertEquals(400, call(null, "List-Unsubscribe=One-Click", null).getStatusCode());
        assertNothingChanged();
        assertFalse(harness.suppressions().isSuppressed("eve@example.com"));
    }

    @Test
    void withoutTheSecretTheAnswerNamesIt() {
        harness.clear("UNSUBSCRIBE_SECRET");
        IResponse response = call(token(LEAD), "List-Unsubscribe=One-Click", null);
        assertEquals(500, response.getStatusCode());
        assertTrue(response.getBody().contains("unsubscribe-secret (UNSUBSCRIBE_SECRET)"), response.getBody());
        assertNothingChanged();
    }
}
