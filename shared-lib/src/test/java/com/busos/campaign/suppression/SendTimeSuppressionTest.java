package com.busos.campaign.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.Setting;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** send-email with unsubscribe links and the suppression list: headers on every email, nothing to suppressed addresses. */
class SendTimeSuppressionTest {
    private static final String LEAD = "jane.lead@example.com";
    private static final Instant PAST = Instant.parse("2020-01-01T00:00:00Z");
    private static final Pattern LINK =
            Pattern.compile("<(https://faas\\.example\\.com/function/unsubscribe\\?token=([^>]+))>");

    private Fixture fx;
    private String trackerId;

    @BeforeEach
    void setUp() {
        fx = new Fixture();
        trackerId = fx.tracker(LEAD);
        fx.env.notion.addTemplate(
                TestCampaign.TEMPLATES_DB,
                "With Link",
                "Hello {{first_name}}",
                "<p>Hi</p><p><a href=\"{{unsubscribe_url}}\">unsubscribe</a> [{{unsubscribe_url}}]</p>");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private String scheduleWithLink(int number) {
        ScheduledSend send =
                new ScheduledSend("5day", number, "With Link", LEAD, trackerId, Map.of("first_name", "Jane"));
        fx.schedule.add(send, PAST);
        return send.id();
    }

    private List<ClaimedSend> claimAll() {
        return fx.schedule.claimDue(10, Duration.ofMinutes(5), 8);
    }

    private ObjectNode deliver(Map<Setting, String> settings, ClaimedSend claim) {
        return fx.campaign(settings).emailDelivery(fx.log).deliver(claim);
    }

    @Test
    void everyEmailCarriesListUnsubscribeWithALinkThatVerifiesAndOneClickPost() {
        scheduleWithLink(2);
        fx.schedule("5day", trackerId, LEAD, PAST, 3);
        for (ClaimedSend claim : claimAll()) {
            assertEquals(
                    "delivered", deliver(fx.settings(), claim).path("status").asText());
        }

        List<FakeResend.Delivered> emails = fx.env.resend.deliveredTo(LEAD);
        assertEquals(2, emails.size());
        for (FakeResend.Delivered email : emails) {
            JsonNode headers = email.body.path("headers");
            Matcher link = LINK.matcher(headers.path("List-Unsubscribe").asText());
            assertTrue(link.matches(), headers.toString());
            assertEquals(LEAD, fx.tokens.verify(link.group(2)).orElseThrow(), "the link names the recipient");
            assertEquals(
                    "List-Unsubscribe=One-Click",
                    headers.path("List-Unsubscribe-Post").asText());
        }
        FakeResend.Delivered withLink = emails.stream()
                .filter(e -> e.subject().equals("Hello Jane"))
                .findFirst()
                .orElseThrow();
        Matcher link = LINK.matcher(
                withLink.body.path("headers").path("List-Unsubscribe").asText());
        assertTrue(link.matches());
        assertTrue(withLink.html().contains("<a href=\"" + link.group(1) + "\">unsubscribe</a>"), withLink.html());
    }

    @Test
    void withoutTheSecretEmailsGoOutWithoutHeadersAnEmptyLinkAndOneWarning() {
        Map<Setting, String> settings = fx.settings();
        settings.remove(Setting.UNSUBSCRIBE_SECRET);
        var campaign = fx.campaign(settings);
        scheduleWithLink(2);
        scheduleWithLink(3);
        for (ClaimedSend claim : claimAll()) {
            assertEquals(
                    "delivered",
                    campaign.emailDelivery(fx.log).deliver(claim).path("status").asText());
        }

        List<FakeResend.Delivered> emails = fx.env.resend.deliveredTo(LEAD);
        assertEquals(2, emails.size());
        for (FakeResend.Delivered email : emails) {
            assertTrue(email.body.path("headers").isMissingNode(), email.body.toString());
            assertTrue(email.html().contains("[]"), "{{unsubscribe_url}} renders empty: " + email.html());
        }
        String logs = fx.logText();
        assertEquals(1, logs.split("unsubscribe.disabled", -1).length - 1, logs);
        assertTrue(logs.contains("unsubscribe-secret (UNSUBSCRIBE_SECRET)"), logs);
    }

    @Test
    void aPlainHttpPublicGatewayUrlIsAConfigurationErrorNotANonConformingListUnsubscribe() {
        for (String url : new String[] {"http://faas.example.com", "faas.example.com"}) {
            Map<Setting, String> settings = fx.settings();
            settings.put(Setting.PUBLIC_GATEWAY_URL, url);
            var campaign = fx.campaign(settings);
            com.busos.campaign.config.InvalidSettingException invalid = org.junit.jupiter.api.Assertions.assertThrows(
                    com.busos.campaign.config.InvalidSettingException.class, () -> campaign.emailDelivery(fx.log), url);
            assertTrue(invalid.getMessage().contains("PUBLIC_GATEWAY_URL must be an https URL"), invalid.getMessage());

            // what send-email's start line says
            com.busos.campaign.Campaign.reportInvalidAtStart(fx.log, () -> PublicGatewayUrl.of(campaign.config()));
            assertTrue(fx.logText().contains("config.invalid"), fx.logText());
        }
        assertEquals(0, fx.env.resend.deliveredTo(LEAD).size(), "nothing sent");
    }

    @Test
    void aSendClaimedBeforeAnUnsubscribeIsNotDelivered() {
        scheduleWithLink(2);
        ClaimedSend claim = claimAll().get(0);

        fx.campaign().unsubscribeService(fx.log).unsubscribe(LEAD, "one-click");
        ObjectNode result = deliver(fx.settings(), claim);

        assertEquals("cancelled", result.path("status").asText(), result.toString());
        assertEquals(0, fx.env.resend.delivered().size(), "nothing sent");
        assertEquals("cancelled", fx.state(claim.id()));
        assertFalse(fx.pending(claim.id()));
        assertTrue(fx.env
                .notion
                .page(trackerId)
                .orElseThrow()
                .at("/properties/Email 2 Sent/date")
                .isNull());
    }

    @Test
    void aSuppressedAddressIsDroppedAtSendTimeAckedAsSuppressedAndNotRetried() {
        String id = scheduleWithLink(2);
        ClaimedSend claim = claimAll().get(0);
        // suppressed while the send was held, without its sends being cancelled (a bounce from elsewhere)
        fx.suppressions.suppress(LEAD.toUpperCase(), Suppressions.BOUNCED, "test", Instant.now());

        ObjectNode result = deliver(fx.settings(), claim);

        assertEquals("suppressed", result.path("status").asText(), result.toString());
        assertEquals("bounced", result.path("reason").asText());
        assertEquals(0, fx.env.resend.delivered().size(), "Resend never called");
        assertEquals(0, fx.env.resend.server().getAllServeEvents().size());
        assertEquals("suppressed", fx.state(id));
        assertFalse(fx.pending(id), "acknowledged, not retried");
        assertEquals(0, fx.schedule.countDead(), "not dead-lettered");
        assertTrue(fx.logText().contains("\"event\":\"send.suppressed\""), fx.logText());
        assertTrue(claimAll().isEmpty(), "nothing comes back");
    }

    @Test
    void aSendScheduledToASuppressedAddressIsDroppedWhenDue() {
        fx.suppressions.suppress(LEAD, Suppressions.UNSUBSCRIBED, null, Instant.now());
        String id = scheduleWithLink(4);
        ObjectNode result = deliver(fx.settings(), claimAll().get(0));
        assertEquals("suppressed", result.path("status").asText());
        assertEquals("suppressed", fx.state(id));
        assertEquals(0, fx.env.resend.delivered().size());
    }
}
