package com.busos.campaign.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.followup.FollowUp;
import com.busos.campaign.followup.NoShow;
import com.busos.campaign.followup.Onboarding;
import com.busos.campaign.followup.PostCall;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks for a suppressed address write nothing; starting onboarding ends the sales sequences. */
class WebhookSuppressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAD = "jane.lead@example.com";

    private Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    static ObjectNode signupBody(String email) {
        return JSON.createObjectNode()
                .put("email", email)
                .put("first_name", "Jane")
                .put("assessment_score", 42);
    }

    static ObjectNode noShowBody(String email) {
        return JSON.createObjectNode()
                .put("email", email)
                .put("first_name", "Jane")
                .put("business_name", "Salon")
                .put("calendly_event_uri", "https://api.calendly.com/scheduled_events/EV1")
                .put("scheduled_time", "2025-12-01T15:00:00Z");
    }

    static ObjectNode postCallBody(String email) {
        return JSON.createObjectNode()
                .put("email", email)
                .put("first_name", "Jane")
                .put("business_name", "Salon")
                .put("call_date", "2025-11-27T16:00:00Z");
    }

    static ObjectNode onboardingBody(String email) {
        return JSON.createObjectNode()
                .put("email", email)
                .put("first_name", "Jane")
                .put("business_name", "Salon")
                .put("payment_confirmed", true)
                .put("payment_amount", 2997.0)
                .put("payment_date", "2025-11-27");
    }

    private void assertSkippedAndNothingWritten(JsonNode answer) {
        assertEquals("skipped", answer.path("status").asText(), answer.toString());
        assertEquals("suppressed", answer.path("reason").asText());
        assertEquals(0, fx.env.notion.requestCount(), "Notion not called");
        assertEquals(0, fx.schedule.countScheduled(), "nothing scheduled");
    }

    @Test
    void aSignupOfASuppressedAddressIsSkippedAndWritesNothing() {
        fx.suppressions.suppress(LEAD, Suppressions.UNSUBSCRIBED, null, Instant.now());
        ObjectNode answer = fx.campaign().signupService(fx.log).signup(Signup.from(RequestFields.of(signupBody(LEAD))));
        assertSkippedAndNothingWritten(answer);
    }

    @Test
    void followUpsOfASuppressedAddressAreSkippedAndWriteNothing() {
        fx.suppressions.suppress(LEAD, Suppressions.COMPLAINED, null, Instant.now());
        List<FollowUp> requests = List.of(
                NoShow.from(RequestFields.of(noShowBody(LEAD))),
                PostCall.from(RequestFields.of(postCallBody(LEAD))),
                Onboarding.from(RequestFields.of(onboardingBody(LEAD))));
        for (FollowUp request : requests) {
            assertSkippedAndNothingWritten(fx.campaign().followUpService(fx.log).start(request));
        }
    }

    @Test
    void startingOnboardingCancelsThePendingSalesSendsOfTheAddress() {
        String fiveDay = fx.tracker(LEAD);
        List<String> sales = new ArrayList<>(fx.schedule("5day", fiveDay, LEAD, Fixture.later(), 3, 4, 5));
        sales.addAll(fx.schedule("noshow", "ns-record", LEAD, Fixture.later(), 1, 2, 3));
        sales.addAll(fx.schedule("postcall", "pc-record", LEAD, Fixture.later(), 2, 3));
        List<String> others =
                fx.schedule("5day", fx.tracker("someone@example.com"), "someone@example.com", Fixture.later(), 2, 3);

        ObjectNode answer = fx.campaign()
                .followUpService(fx.log)
                .start(Onboarding.from(RequestFields.of(onboardingBody("Jane.Lead@Example.com"))));

        assertEquals("accepted", answer.path("status").asText(), answer.toString());
        Set<String> cancelled = new HashSet<>();
        answer.path("cancelled_sends").forEach(id -> cancelled.add(id.asText()));
        assertEquals(new HashSet<>(sales), cancelled);
        for (String id : sales) {
            assertEquals("cancelled", fx.state(id), id);
            assertTrue(fx.schedule.inspect(id).get("cancel_reason").startsWith("converted"), id);
        }
        for (String id : others) assertEquals("scheduled", fx.state(id), "another address keeps its emails");
        assertEquals(3, answer.path("scheduled_emails").size());
        for (JsonNode entry : answer.path("scheduled_emails")) {
            assertEquals("scheduled", fx.state(entry.path("send_id").asText()), "the onboarding emails stay");
        }
        assertEquals(
                2 + 3 + 1,
                fx.schedule.countScheduled(),
                "the other lead's two, the three onboarding emails and the onboarding's CRM job");

        ObjectNode repeated = fx.campaign()
                .followUpService(fx.log)
                .start(Onboarding.from(RequestFields.of(onboardingBody("Jane.Lead@Example.com"))));
        assertEquals("skipped", repeated.path("status").asText());
        assertEquals(0, repeated.path("cancelled_sends").size());
        com.busos.campaign.testing.CrmWork.runDue(fx.campaign());
        assertEquals(
                1,
                fx.env.notion.pagesOf(TestCampaign.TRACKER_DB).stream()
                        .filter(page -> page.at("/properties/Template Type/select/name")
                                .asText()
                                .equals("Onboarding"))
                        .count());
    }

    @Test
    void otherFollowUpsCancelNothing() {
        List<String> fiveDay = fx.schedule("5day", fx.tracker(LEAD), LEAD, Fixture.later(), 2, 3);
        ObjectNode answer =
                fx.campaign().followUpService(fx.log).start(PostCall.from(RequestFields.of(postCallBody(LEAD))));
        assertEquals("accepted", answer.path("status").asText());
        assertTrue(answer.path("cancelled_sends").isMissingNode());
        for (String id : fiveDay) assertEquals("scheduled", fx.state(id));
    }
}
