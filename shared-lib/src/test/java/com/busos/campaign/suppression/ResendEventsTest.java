package com.busos.campaign.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.Setting;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.webhook.StandardWebhookSignature;
import com.busos.campaign.webhook.UnauthorizedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resend's webhook events: hard bounces and complaints suppress, delivery events reach the analytics page. */
class ResendEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAD = "jane.lead@example.com";

    private Fixture fx;
    private List<String> pending;

    @BeforeEach
    void setUp() {
        fx = new Fixture();
        pending = fx.schedule("5day", fx.tracker(LEAD), LEAD, Fixture.later(), 3, 4, 5);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    static ObjectNode event(String type, String to, String emailId) {
        ObjectNode event = JSON.createObjectNode().put("type", type).put("created_at", "2025-11-28T10:00:00.000Z");
        ObjectNode data = event.putObject("data")
                .put("email_id", emailId)
                .put("from", "campaign@example.com")
                .put("subject", "Hello");
        data.putArray("to").add(to);
        return event;
    }

    static ObjectNode bounce(String to, String bounceType) {
        ObjectNode event = event("email.bounced", to, "re_bounce");
        if (bounceType != null) {
            ((ObjectNode) event.get("data"))
                    .putObject("bounce")
                    .put("type", bounceType)
                    .put("subType", "General")
                    .put("message", "The recipient's mailbox does not exist.");
        }
        return event;
    }

    private ObjectNode handle(ObjectNode event) {
        return handle(fx.settings(), event);
    }

    private ObjectNode handle(Map<Setting, String> settings, ObjectNode event) {
        return fx.campaign(settings).resendEvents(fx.log).handle(event);
    }

    private void assertSuppressedAndCancelled(ObjectNode answer, String reason) {
        assertTrue(fx.suppressions.isSuppressed(LEAD), answer.toString());
        assertEquals(reason, fx.suppressions.find(LEAD).orElseThrow().reason());
        assertEquals("suppressed", answer.path("action").asText());
        assertEquals(3, answer.path("cancelled_sends").size(), answer.toString());
        for (String id : pending) {
            assertEquals("cancelled", fx.state(id));
            assertFalse(fx.pending(id));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Permanent", "hard", "HARD"})
    void aHardBounceSuppressesTheAddressAndCancelsItsSends(String bounceType) {
        ObjectNode answer = handle(bounce(LEAD, bounceType));
        assertSuppressedAndCancelled(answer, "bounced");
        assertEquals("hard", answer.path("bounce").asText());
        assertTrue(fx.suppressions.find(LEAD).orElseThrow().detail().contains("mailbox does not exist"));
    }

    @Test
    void aBounceWithoutATypeCountsAsHard() {
        assertSuppressedAndCancelled(handle(bounce(LEAD, null)), "bounced");
    }

    @Test
    void aTransientBounceIsOnlyLogged() {
        ObjectNode answer = handle(bounce(LEAD, "Transient"));
        assertEquals("logged", answer.path("action").asText());
        assertEquals("soft", answer.path("bounce").asText());
        assertFalse(fx.suppressions.isSuppressed(LEAD));
        for (String id : pending) assertEquals("scheduled", fx.state(id));
        assertTrue(fx.logText().contains("resend.soft_bounce"), fx.logText());
    }

    @Test
    void aComplaintSuppressesTheAddressAndCancelsItsSends() {
        assertSuppressedAndCancelled(handle(event("email.complained", "Jane.Lead@EXAMPLE.com", "re_1")), "complained");
    }

    @Test
    void theSameEventTwiceChangesNothingMore() {
        handle(event("email.complained", LEAD, "re_1"));
        ObjectNode again = handle(event("email.complained", LEAD, "re_1"));
        assertEquals(0, again.path("cancelled_sends").size());
        assertEquals(1, fx.suppressions.count());
    }

    @Test
    void deliveryEventsSetTheAnalyticsStatusAndNeverGoBack() {
        Map<Setting, String> settings = fx.settings();
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, TestCampaign.ANALYTICS_DB);
        String page = fx.env.notion.addPage(
                TestCampaign.ANALYTICS_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .select("Status", "sent")
                        .richText("Resend Email ID", "re_42")
                        .build());
        String otherPage = fx.env.notion.addPage(
                TestCampaign.ANALYTICS_DB,
                new PropertyValues()
                        .email("Email", LEAD)
                        .select("Status", "sent")
                        .richText("Resend Email ID", "re_43")
                        .build());

        assertEquals(
                "updated",
                handle(settings, event("email.delivered", LEAD, "re_42"))
                        .path("analytics")
                        .asText());
        assertEquals("delivered", status(page));
        assertEquals(
                "updated",
                handle(settings, event("email.opened", LEAD, "re_42"))
                        .path("analytics")
                        .asText());
        assertEquals("opened", status(page));
        assertEquals(
                "unchanged",
                handle(settings, event("email.delivered", LEAD, "re_42"))
                        .path("analytics")
                        .asText());
        assertEquals("opened", status(page), "a late delivered does not undo opened");
        assertEquals("sent", status(otherPage), "only the page of that email");
        assertEquals(
                "not_found",
                handle(settings, event("email.delivered", LEAD, "re_unknown"))
                        .path("analytics")
                        .asText());
        assertFalse(fx.suppressions.isSuppressed(LEAD), "delivery events suppress nothing");

        ObjectNode bounced = handle(settings, bounce(LEAD, "Permanent"));
        assertEquals("suppressed", bounced.path("action").asText());
    }

    @Test
    void withoutAnAnalyticsDatabaseDeliveryEventsAreAcknowledged() {
        ObjectNode answer = handle(event("email.delivered", LEAD, "re_42"));
        assertEquals("processed", answer.path("status").asText());
        assertEquals("off", answer.path("analytics").asText());
        assertEquals(0, fx.env.notion.requestCount());
    }

    @Test
    void otherEventsAreIgnored() {
        ObjectNode answer = handle(JSON.createObjectNode().put("type", "contact.created"));
        assertEquals("ignored", answer.path("status").asText());
        assertFalse(fx.suppressions.isSuppressed(LEAD));
    }

    private String status(String pageId) {
        JsonNode page = fx.env.notion.page(pageId).orElseThrow();
        return page.at("/properties/Status/select/name").asText();
    }

    // ---- the Svix signature (Standard Webhooks with svix-* headers) ----

    private static final String SECRET =
            "whsec_" + Base64.getEncoder().encodeToString("resend-test-key-0123456789".getBytes());
    private static final Instant NOW = Instant.parse("2025-11-28T10:00:00Z");

    private static StandardWebhookSignature svix() {
        return new StandardWebhookSignature(SECRET, Clock.fixed(NOW, ZoneOffset.UTC), StandardWebhookSignature.SVIX);
    }

    private static Map<String, String> svixHeaders(String id, long timestamp, String signature) {
        return Map.of("svix-id", id, "svix-timestamp", Long.toString(timestamp), "svix-signature", signature);
    }

    @Test
    void aValidSvixSignatureVerifies() {
        String body = bounce(LEAD, "Permanent").toString();
        long ts = NOW.getEpochSecond();
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", ts, body);
        assertEquals("msg_1", svix().verify(svixHeaders("msg_1", ts, "v1,bogus " + signature), body));
    }

    @Test
    void aWrongSvixSignatureOrAnAlteredBodyIsRefused() {
        String body = bounce(LEAD, "Permanent").toString();
        long ts = NOW.getEpochSecond();
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", ts, body);
        assertThrows(UnauthorizedException.class, () -> svix().verify(svixHeaders("msg_1", ts, signature), body + " "));
        String otherKey = StandardWebhookSignature.sign(
                "whsec_" + Base64.getEncoder().encodeToString("other".getBytes()), "msg_1", ts, body);
        assertThrows(UnauthorizedException.class, () -> svix().verify(svixHeaders("msg_1", ts, otherKey), body));
        UnauthorizedException webhookNames = assertThrows(
                UnauthorizedException.class,
                () -> svix().verify(
                                Map.of(
                                        "webhook-id",
                                        "msg_1",
                                        "webhook-timestamp",
                                        "" + ts,
                                        "webhook-signature",
                                        signature),
                                body));
        assertTrue(webhookNames.getMessage().contains("svix-id"), webhookNames.getMessage());
    }

    @Test
    void aStaleSvixTimestampIsRefused() {
        String body = bounce(LEAD, "Permanent").toString();
        long stale = NOW.minusSeconds(301).getEpochSecond();
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", stale, body);
        UnauthorizedException refused = assertThrows(
                UnauthorizedException.class, () -> svix().verify(svixHeaders("msg_1", stale, signature), body));
        assertTrue(refused.getMessage().contains("svix-timestamp"), refused.getMessage());
    }
}
