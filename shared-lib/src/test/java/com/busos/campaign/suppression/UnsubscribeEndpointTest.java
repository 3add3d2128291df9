package com.busos.campaign.suppression;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.Setting;
import com.busos.campaign.openfaas.UnsubscribeEndpoint;
import com.busos.campaign.testing.JsonAnswers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unsubscribe link: GET shows a page, one-click POST and the page's button unsubscribe, forgeries change nothing. */
class UnsubscribeEndpointTest {
    private static final String LEAD = "jane.lead@example.com";
    private static final String OTHER = "other.lead@example.com";

    private Fixture fx;
    private String trackerId;
    private List<String> leadSends;
    private List<String> otherSends;

    @BeforeEach
    void setUp() {
        fx = new Fixture();
        trackerId = fx.tracker(LEAD);
        leadSends = fx.schedule("5day", trackerId, LEAD, Fixture.later(), 2, 3, 4, 5);
        leadSends.addAll(fx.schedule("postcall", "pc-" + trackerId, LEAD, Fixture.later(), 1, 2));
        otherSends = fx.schedule("5day", fx.tracker(OTHER), OTHER, Fixture.later(), 2, 3);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private IResponse call(String token, String body) {
        Campaign campaign = fx.campaign();
        return new UnsubscribeEndpoint(
                        campaign::unsubscribeTokens,
                        () -> campaign.unsubscribeService(fx.log),
                        () -> new com.busos.campaign.openfaas.UnsubscribePages(campaign.brand()),
                        fx.log)
                .handle(new Request(
                        body,
                        new HashMap<>(Map.of("Content-Type", "application/x-www-form-urlencoded")),
                        token == null ? null : "token=" + token,
                        "/"));
    }

    private ObjectNode tracker() {
        return fx.env.notion.page(trackerId).orElseThrow();
    }

    private void assertNothingChanged() {
        assertFalse(fx.suppressions.isSuppressed(LEAD), "not suppressed");
        assertEquals(0, fx.suppressions.count());
        for (String id : leadSends) assertEquals("scheduled", fx.state(id), id);
        for (String id : leadSends) assertTrue(fx.pending(id), id);
        assertEquals(
                0,
                fx.env
                        .notion
                        .server()
                        .findAll(patchRequestedFor(urlPathMatching("/v1/pages/.*")))
                        .size(),
                "no tracker record touched");
        assertFalse(tracker().at("/properties/Sequence Completed/checkbox").asBoolean());
    }

    @Test
    void oneClickPostUnsubscribesAtOnce() {
        IResponse response = call(fx.tokens.tokenFor(LEAD), "List-Unsubscribe=One-Click");

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().length() < 100, "a short body: " + response.getBody());
        assertTrue(fx.suppressions.isSuppressed(LEAD));
        assertEquals("unsubscribed", fx.suppressions.find(LEAD).orElseThrow().reason());
        for (String id : leadSends) {
            assertEquals("cancelled", fx.state(id), id);
            assertFalse(fx.pending(id), id + " left the schedule");
            assertEquals("suppressed: unsubscribed", fx.schedule.inspect(id).get("cancel_reason"));
        }
        for (String id : otherSends) assertEquals("scheduled", fx.state(id), "another address is untouched");
        ObjectNode tracker = tracker();
        assertTrue(tracker.at("/properties/Sequence Completed/checkbox").asBoolean());
        assertTrue(tracker.at("/properties/Unsubscribed At/date/start").asText().endsWith("Z"), tracker.toString());
    }

    @Test
    void getShowsAConfirmationPageWithAButtonAndChangesNothing() {
        String token = fx.tokens.tokenFor(LEAD);
        IResponse response = call(token, "");

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getContentType().startsWith("text/html"), response.getContentType());
        String page = response.getBody();
        assertTrue(page.contains(LEAD), page);
        assertTrue(page.contains("<form method=\"post\" action=\"?token=" + token + "\">"), page);
        assertTrue(page.contains("name=\"confirm\" value=\"yes\""), page);
        assertTrue(page.contains("<button"), page);
        assertNothingChanged();
    }

    @Test
    void theButtonOfThePageUnsubscribes() {
        IResponse response = call(fx.tokens.tokenFor(LEAD), "confirm=yes");

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains("You are unsubscribed"), response.getBody());
        assertTrue(fx.suppressions.isSuppressed(LEAD));
        for (String id : leadSends) assertEquals("cancelled", fx.state(id));
    }

    @Test
    void unsubscribingTwiceIsHarmless() {
        call(fx.tokens.tokenFor(LEAD), "List-Unsubscribe=One-Click");
        IResponse again = call(fx.tokens.tokenFor(LEAD), "List-Unsubscribe=One-Click");
        assertEquals(200, again.getStatusCode());
        assertEquals(1, fx.suppressions.count());
    }

    @Test
    void aTokenForAnAlteredAddressIs403AndChangesNothing() {
        String token = fx.tokens.tokenFor(OTHER);
        String mac = token.substring(token.indexOf('.') + 1);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(LEAD.getBytes(StandardCharsets.UTF_8))
                + "." + mac;
        IResponse response = call(forged, "List-Unsubscribe=One-Click");
        assertEquals(403, response.getStatusCode());
        assertNothingChanged();
        for (String id : otherSends) assertEquals("scheduled", fx.state(id));
    }

    @Test
    void anAlteredMacIs403AndChangesNothing() {
        String token = fx.tokens.tokenFor(LEAD);
        String altered = token.substring(0, token.indexOf('.') + 1) + "A" + token.substring(token.indexOf('.') + 2);
        if (altered.equals(token))
            altered = token.substring(0, token.indexOf('.') + 1) + "B" + token.substring(token.indexOf('.') + 2);
        assertEquals(403, call(altered, "List-Unsubscribe=One-Click").getStatusCode());
        assertEquals(403, call(altered, "confirm=yes").getStatusCode());
        assertEquals(403, call(altered, "").getStatusCode(), "not even the page for a forged link");
        assertNothingChanged();
    }

    @Test
    void garbageOrNoTokenIs4xxAndChangesNothing() {
        assertEquals(403, call("garbage", "List-Unsubscribe=One-Click").getStatusCode());
        assertEquals(403, call("a.b", "List-Unsubscribe=One-Click").getStatusCode());
        assertEquals(400, call(null, "List-Unsubscribe=One-Click").getStatusCode());
        assertEquals(400, call("", "List-Unsubscribe=One-Click").getStatusCode());
        String madeElsewhere = new UnsubscribeTokens("not-our-secret").tokenFor(LEAD);
        assertEquals(403, call(madeElsewhere, "List-Unsubscribe=One-Click").getStatusCode());
        assertNothingChanged();
    }

    @Test
    void aTrackerDatabaseWithoutUnsubscribedAtStillGetsSequenceCompleted() {
        fx.env
                .notion
                .server()
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching("/v1/pages/.*"))
                        .atPriority(1)
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Unsubscribed At"))
                        .willReturn(JsonAnswers.json(
                                400,
                                com.busos.campaign.testing.FakeNotion.errorBody(
                                        400, "validation_error", "Unsubscribed At is not a property that exists."))));

        IResponse response = call(fx.tokens.tokenFor(LEAD), "List-Unsubscribe=One-Click");

        assertEquals(200, response.getStatusCode());
        assertTrue(fx.suppressions.isSuppressed(LEAD));
        assertTrue(tracker().at("/properties/Sequence Completed/checkbox").asBoolean());
        assertTrue(fx.logText().contains("unsubscribe.tracker_property_missing"), fx.logText());
    }

    @Test
    void withoutTheSecretTheLinkAnswers500NamingIt() {
        Map<Setting, String> settings = fx.settings();
        settings.remove(Setting.UNSUBSCRIBE_SECRET);
        Campaign campaign = fx.campaign(settings);
        IResponse response = com.busos.campaign.webhook.Responses.handle(
                fx.log,
                () -> new UnsubscribeEndpoint(
                                campaign::unsubscribeTokens,
                                () -> campaign.unsubscribeService(fx.log),
                                () -> new com.busos.campaign.openfaas.UnsubscribePages(campaign.brand()),
                                fx.log)
                        .handle(new Request("List-Unsubscribe=One-Click", new HashMap<>(), "token=x.y", "/")));
        assertEquals(500, response.getStatusCode());
        assertTrue(response.getBody().contains("unsubscribe-secret (UNSUBSCRIBE_SECRET)"), response.getBody());
        assertNothingChanged();
    }
}
