package com.busos.campaign.enrolment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.followup.FollowUpService;
import com.busos.campaign.followup.Onboarding;
import com.busos.campaign.followup.PostCall;
import com.busos.campaign.intake.IntakeLimitException;
import com.busos.campaign.log.Log;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.signup.SignupService;
import com.busos.campaign.testing.ManualClock;
import com.busos.campaign.testing.TestCampaign;
import com.busos.campaign.testing.TestRedis;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.UnauthorizedException;
import com.busos.campaign.webhook.WebhookGate;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The intake limits: a client's calls a minute, and the day's cap on new enrolments. */
class IntakeLimitsTest {
    private static final Instant TEN_AM = Instant.parse("2025-12-02T10:00:00Z");

    private final TestCampaign tc = new TestCampaign();
    private final ManualClock clock = new ManualClock(TEN_AM);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        tc.close();
    }

    private Campaign campaign(Setting setting, String value) {
        Map<Setting, String> settings = new EnumMap<>(tc.settings());
        settings.put(setting, value);
        return new Campaign(CampaignConfig.of(settings), clock);
    }

    private Log log() {
        return Log.to("christmas-signup", new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    private static Signup signup(String email) {
        return Signup.from(RequestFields.parse(
                "{\"email\":\"" + email + "\",\"first_name\":\"Ann\",\"assessment_score\":42,\"red_systems\":1}"));
    }

    private static PostCall postCall(String email) {
        return PostCall.from(RequestFields.parse("{\"email\":\"" + email
                + "\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\",\"call_date\":\"2026-12-01T16:00:00Z\"}"));
    }

    private static Onboarding onboarding(String email) {
        return Onboarding.from(RequestFields.parse("{\"email\":\"" + email
                + "\",\"first_name\":\"Ann\",\"business_name\":\"Ann's\",\"payment_confirmed\":true,"
                + "\"payment_amount\":2997.0,\"payment_date\":\"2026-12-01\"}"));
    }

    private long scheduled() {
        try (UnifiedJedis redis = TestRedis.client()) {
            return TestRedis.scheduled(redis, tc.redisPrefix).size();
        }
    }

    @Test
    void pastTheDaysCapANewEnrolmentIsRefusedUntilMidnightAndNothingIsWritten() {
        Campaign campaign = campaign(Setting.INTAKE_DAILY_ENROLMENT_CAP, "2");
        SignupService signups = campaign.signupService(log());
        FollowUpService followUps = campaign.followUpService(log());
        signups.signup(signup("ann@example.com"));
        followUps.start(postCall("bea@example.com"));
        int notionRequests = tc.notion.requestCount();
        long scheduled = scheduled();

        IntakeLimitException refused =
                assertThrows(IntakeLimitException.class, () -> signups.signup(signup("cat@example.com")));

        assertEquals(Duration.ofHours(14), refused.retryAfter(), "until midnight, UTC");
        assertEquals(50_400, refused.retryAfterSeconds());
        assertEquals(notionRequests, tc.notion.requestCount(), "no Notion request for a refused enrolment");
        assertEquals(scheduled, scheduled(), "nothing scheduled");
        com.busos.campaign.testing.CrmWork.runDue(campaign);
        assertEquals(2, tc.notion.pagesOf(TestCampaign.TRACKER_DB).size(), "the two let in get their records");
        assertThrows(IntakeLimitException.class, () -> followUps.start(postCall("dan@example.com")));
    }

    @Test
    void aRepeatedOrAlreadyEnrolledAddressIsNeverRefusedNorCountedAgain() {
        Campaign campaign = campaign(Setting.INTAKE_DAILY_ENROLMENT_CAP, "1");
        SignupService signups = campaign.signupService(log());
        ObjectNode first = signups.signup(signup("ann@example.com"));

        ObjectNode again = signups.signup(signup("ANN@example.com"));
        clock.advance(Duration.ofDays(1));
        ObjectNode tomorrow = signups.signup(signup("ann@example.com"));
        ObjectNode someoneNew = signups.signup(signup("bea@example.com"));

        assertEquals(first.path("sequence_id"), again.path("sequence_id"), again.toString());
        assertEquals(first.path("sequence_id"), tomorrow.path("sequence_id"), tomorrow.toString());
        assertEquals("accepted", someoneNew.path("status").asText(), "a new day, a new count: " + someoneNew);
        assertThrows(IntakeLimitException.class, () -> signups.signup(signup("cat@example.com")));
    }

    @Test
    void onboardingAPayingCustomerIsNeverRefusedByTheCap() {
        Campaign campaign = campaign(Setting.INTAKE_DAILY_ENROLMENT_CAP, "1");
        campaign.signupService(log()).signup(signup("ann@example.com"));

        ObjectNode welcomed = campaign.followUpService(log()).start(onboarding("bea@example.com"));

        assertEquals("accepted", welcomed.path("status").asText(), welcomed.toString());
    }

    @Test
    void aCapOfZeroIsNoCapAndANegativeOneIsAConfigurationError() {
        SignupService uncapped =
                campaign(Setting.INTAKE_DAILY_ENROLMENT_CAP, "0").signupService(log());
        for (int i = 0; i < 5; i++) uncapped.signup(signup("lead" + i + "@example.com"));
        assertEquals(5 * 5, scheduled(), "five leads' E2-E5 and CRM jobs");

        InvalidSettingException invalid = assertThrows(
                InvalidSettingException.class,
                () -> campaign(Setting.INTAKE_DAILY_ENROLMENT_CAP, "-1").signupService(log()));
        assertEquals(Setting.INTAKE_DAILY_ENROLMENT_CAP, invalid.setting());
    }

    @Test
    void aClientPastItsUnverifiedCallsAMinuteIsRefusedWithRetryAfterWhileOthersPass() {
        WebhookGate gate = campaign(Setting.INTAKE_CLIENT_LIMIT_PER_MINUTE, "3").webhookGate();
        // Unsigned calls: the webhook-secret is set, so each is refused with 401 and counted.
        Request fromOne = new Request("{}", Map.of("X-Forwarded-For", "203.0.113.9:5000"));
        Request fromOneOtherPort = new Request("{}", Map.of("X-Forwarded-For", "203.0.113.9:5001"));
        Request fromAnother = new Request("{}", Map.of("X-Forwarded-For", "198.51.100.7:5000"));
        Function<String, IResponse> work = body -> {
            throw new AssertionError("an unverified call got through");
        };

        assertThrows(UnauthorizedException.class, () -> gate.pass(fromOne, work));
        assertThrows(UnauthorizedException.class, () -> gate.pass(fromOne, work));
        assertThrows(UnauthorizedException.class, () -> gate.pass(fromOneOtherPort, work));
        IntakeLimitException refused = assertThrows(IntakeLimitException.class, () -> gate.pass(fromOne, work));
        assertThrows(UnauthorizedException.class, () -> gate.pass(fromAnother, work), "another client is not limited");

        // 3 a minute refill one call every 20 s.
        long seconds = refused.retryAfterSeconds();
        assertTrue(seconds >= 1 && seconds <= 20, "Retry-After " + seconds + " s");
    }

    @Test
    void theWebsitesSignedCallsAreNotCountedAgainstItsAddress() {
        // Signed now: the signatures' 5-minute tolerance is checked on the real clock.
        Map<Setting, String> settings = new EnumMap<>(tc.settings());
        settings.put(Setting.INTAKE_CLIENT_LIMIT_PER_MINUTE, "3");
        WebhookGate gate = new Campaign(CampaignConfig.of(settings), java.time.Clock.systemUTC()).webhookGate();
        Map<String, String> website = Map.of("X-Forwarded-For", "203.0.113.9:5000");
        for (int i = 0; i < 10; i++) {
            String body = "{\"n\":" + i + "}";
            IResponse answer = gate.pass(
                    new Request(body, TestCampaign.signed(TestCampaign.WEBHOOK_SECRET, body, website)),
                    taken -> Responses.accepted(
                            JsonNodeFactory.instance.objectNode().put("n", taken)));
            assertEquals(202, answer.getStatusCode(), "signed call " + i + " past the limit of 3 is taken in");
        }
        // Its address is untouched: an unverified call from it is still the first of its minute.
        assertThrows(
                UnauthorizedException.class,
                () -> gate.pass(new Request("{}", website), body -> {
                    throw new AssertionError("unsigned");
                }));
    }
}
