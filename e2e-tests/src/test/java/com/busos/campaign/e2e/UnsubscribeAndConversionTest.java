package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP through the local gateway: a lead who unsubscribes after E2 gets nothing more; a lead who
 * starts onboarding gets no more 5-day email, only the onboarding ones.
 */
class UnsubscribeAndConversionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_URL = "https://faas.example.com";
    private static final String ADMIN_TOKEN = "e2e-admin-token";
    private static final Pattern LINK =
            Pattern.compile("<" + Pattern.quote(PUBLIC_URL) + "/function/unsubscribe\\?token=([A-Za-z0-9_.-]+)>");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new GatewayHarness(Map.of(
                "UNSUBSCRIBE_SECRET",
                "e2e-unsubscribe-secret",
                "PUBLIC_GATEWAY_URL",
                PUBLIC_URL,
                "ADMIN_TOKEN",
                ADMIN_TOKEN));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static String signup(String email) {
        return "{\"email\":\"" + email + "\",\"first_name\":\"Jane\",\"business_name\":\"Jane's Salon\","
                + "\"assessment_score\":42,\"red_systems\":2,\"orange_systems\":1}";
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.gateway.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> subjectsTo(String email) {
        return harness.campaign.resend.deliveredTo(email).stream()
                .map(FakeResend.Delivered::subject)
                .collect(Collectors.toList());
    }

    @Test
    void aLeadWhoUnsubscribesAfterE2GetsNoFurtherEmail() throws Exception {
        String lead = "jane.unsub@example.com";
        JsonNode accepted = harness.post("christmas-signup", signup(lead));
        assertEquals(202, accepted.path("_status").asInt(), accepted.toString());
        String trackerId = accepted.path("sequence_id").asText(); // its tracker record: harness.trackerOf

        harness.advance(Duration.ofHours(24).plusSeconds(1));
        JsonNode tick = harness.tickDispatcher();
        assertEquals(1, tick.path("handed_off").asInt(), tick.toString());
        assertEquals(2, tick.path("jobs_handed_off").asInt(), "the CRM job before E2, and E2's Email 2 Sent after it");
        List<FakeResend.Delivered> emails = harness.campaign.resend.deliveredTo(lead);
        assertEquals(1, emails.size());
        JsonNode headers = emails.get(0).body.path("headers");
        assertEquals(
                "List-Unsubscribe=One-Click",
                headers.path("List-Unsubscribe-Post").asText());
        Matcher link = LINK.matcher(headers.path("List-Unsubscribe").asText());
        assertTrue(link.matches(), headers.toString());
        String token = link.group(1);

        // a person (or a link scanner) opening the link only sees the page
        HttpResponse<String> page = get("/function/unsubscribe?token=" + token, Map.of());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<form method=\"post\""), page.body());
        assertEquals(3, harness.pendingCount(), "opening the link changes nothing");

        // a forged link changes nothing
        HttpResponse<String> forged = harness.send(
                "unsubscribe?token=" + token.substring(0, token.length() - 2) + "xx",
                "List-Unsubscribe=One-Click",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(403, forged.statusCode());
        assertEquals(3, harness.pendingCount());

        // the mail client's one-click POST (RFC 8058)
        HttpResponse<String> oneClick = harness.send(
                "unsubscribe?token=" + token,
                "List-Unsubscribe=One-Click",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(200, oneClick.statusCode(), oneClick.body());
        assertEquals(0, harness.pendingCount(), "E3–E5 are cancelled");

        harness.advance(Duration.ofDays(6));
        assertEquals(0, harness.tickDispatcher().path("claimed").asInt());
        assertEquals(List.of("Jane, 5-Day E2 for Jane's Salon"), subjectsTo(lead), "nothing after E2");

        ObjectNode tracker =
                harness.campaign.notion.page(harness.trackerOf(trackerId)).orElseThrow();
        assertTrue(tracker.at("/properties/Sequence Completed/checkbox").asBoolean());
        assertFalse(
                tracker.at("/properties/Unsubscribed At/date/start").asText().isEmpty());
        assertTrue(tracker.at("/properties/Email 3 Sent/date").isNull());

        JsonNode again = harness.post("christmas-signup", signup(lead));
        assertEquals(202, again.path("_status").asInt());
        assertEquals("skipped", again.path("status").asText());
        assertEquals("suppressed", again.path("reason").asText());
        assertEquals(0, harness.pendingCount());

        // the operator's view of the address, through the gateway's path routing
        HttpResponse<String> sends =
                get("/function/campaign-admin/sends?email=" + lead, Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, sends.statusCode(), sends.body());
        JsonNode view = JSON.readTree(sends.body());
        assertTrue(view.path("suppressed").asBoolean());
        assertEquals(0, view.path("pending").size());
        Map<String, String> states = new java.util.TreeMap<>();
        view.path("past")
                .forEach(send -> states.put(
                        send.has("job")
                                ? send.path("job").asText()
                                : send.path("template").asText(),
                        send.path("state").asText()));
        assertEquals(
                Map.of(
                        "5-Day E2",
                        "delivered",
                        "enrol",
                        "done",
                        "mark_sent",
                        "done",
                        "5-Day E3",
                        "cancelled",
                        "5-Day E4",
                        "cancelled",
                        "5-Day E5",
                        "cancelled"),
                states);
        assertEquals(
                401,
                get("/function/campaign-admin/sends?email=" + lead, Map.of()).statusCode());
    }

    @Test
    void aLeadWhoStartsOnboardingGetsNoMoreFiveDayEmail() throws Exception {
        String lead = "jane.client@example.com";
        harness.campaign.notion.addContact(TestCampaign.CONTACTS_DB, lead);
        JsonNode accepted = harness.post("christmas-signup", signup(lead));
        assertEquals(202, accepted.path("_status").asInt(), accepted.toString());
        harness.advance(Duration.ofHours(24).plusSeconds(1));
        JsonNode tick = harness.tickDispatcher();
        assertEquals(1, tick.path("handed_off").asInt(), tick.toString());
        assertEquals(2, tick.path("jobs_handed_off").asInt(), "the CRM job before E2, and E2's Email 2 Sent after it");
        assertEquals(List.of("Jane, 5-Day E2 for Jane's Salon"), subjectsTo(lead));

        JsonNode onboarding = harness.post(
                "onboarding-start",
                "{\"email\":\"" + lead + "\",\"first_name\":\"Jane\","
                        + "\"business_name\":\"Jane's Salon\",\"payment_confirmed\":true,\"payment_amount\":2997.0,"
                        + "\"payment_date\":\"2025-11-27\"}");
        assertEquals(202, onboarding.path("_status").asInt(), onboarding.toString());
        assertEquals("accepted", onboarding.path("status").asText());
        String fiveDayTracker = accepted.path("sequence_id").asText();
        Set<String> cancelled = new HashSet<>();
        onboarding.path("cancelled_sends").forEach(id -> cancelled.add(id.asText()));
        assertEquals(
                Set.of(
                        "5day:" + fiveDayTracker + ":3",
                        "5day:" + fiveDayTracker + ":4",
                        "5day:" + fiveDayTracker + ":5"),
                cancelled);
        assertEquals(3 + 1, harness.pendingCount(), "only the three onboarding emails and their CRM job are left");

        harness.advance(Duration.ofDays(7));
        for (int round = 0; round < 8 && harness.pendingCount() > 0; round++) harness.tickDispatcher();

        List<String> subjects = subjectsTo(lead);
        assertEquals(
                List.of("Jane, 5-Day E2 for Jane's Salon"),
                subjects.stream().filter(s -> s.contains("5-Day")).collect(Collectors.toList()),
                "no 5-day email after onboarding");
        assertEquals(
                3,
                subjects.stream()
                        .filter(s -> s.contains("onboarding_phase1_email_"))
                        .count(),
                subjects.toString());
        assertEquals(0, harness.pendingCount());
        for (FakeResend.Delivered email : harness.campaign.resend.deliveredTo(lead)) {
            assertTrue(
                    LINK.matcher(email.body
                                    .path("headers")
                                    .path("List-Unsubscribe")
                                    .asText())
                            .matches(),
                    "every email carries its unsubscribe link: " + email.subject());
        }
    }
}
