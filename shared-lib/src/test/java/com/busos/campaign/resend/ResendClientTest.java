package com.busos.campaign.resend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.deadline.DeadlineExceededException;
import com.busos.campaign.http.HttpClients;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.RecordingSleeper;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.testing.FakeResend;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §9: POST /emails against the Resend stand-in, with an Idempotency-Key, and Resend's error shapes. */
class ResendClientTest {
    private static final String FROM = "Sang Le - BusOS <value@example.com>";
    private static final String KEY = "campaign-send/5day:tracker-1:2";

    private FakeResend resend;
    private RecordingSleeper sleeper;
    private ResendClient client;

    @BeforeEach
    void start() {
        resend = new FakeResend();
        sleeper = new RecordingSleeper();
        client = client(resend.baseUrl(), FakeResend.API_KEY, sleeper.retrying());
    }

    @AfterEach
    void stop() {
        resend.close();
    }

    private static OutgoingEmail email(String subject) {
        return new OutgoingEmail(FROM, "jane@example.com", subject, "<p>Hi Jane</p>", Map.of());
    }

    private void stubError(int status, String name, String message) {
        resend.server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "application/json")
                                .withBody(FakeResend.errorBody(status, name, message))));
    }

    private int posts() {
        return resend.server().findAll(postRequestedFor(urlEqualTo("/emails"))).size();
    }

    @Test
    void sendsExactlyFromToSubjectAndHtml() {
        String id = client.send(email("Jane, your results"), KEY);

        assertEquals(1, resend.delivered().size());
        FakeResend.Delivered delivered = resend.delivered().get(0);
        assertEquals(id, delivered.id);
        JsonNode body = delivered.body;
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("from", "to", "subject", "html"), fields);
        assertEquals(FROM, body.path("from").asText());
        assertTrue(body.path("to").isArray());
        assertEquals(1, body.path("to").size());
        assertEquals("jane@example.com", body.path("to").get(0).asText());
        assertEquals("Jane, your results", body.path("subject").asText());
        assertEquals("<p>Hi Jane</p>", body.path("html").asText());
    }

    @Test
    void sendsTheKeyAUserAgentAndTheIdempotencyKey() {
        client.send(email("Hello"), KEY);

        resend.server()
                .verify(postRequestedFor(urlEqualTo("/emails"))
                        .withHeader("Authorization", equalTo("Bearer " + FakeResend.API_KEY))
                        .withHeader("User-Agent", matching(".+"))
                        .withHeader("Idempotency-Key", equalTo(KEY))
                        .withHeader("Content-Type", containing("application/json")));
        assertEquals(KEY, resend.delivered().get(0).idempotencyKey);
    }

    @Test
    void extraHeadersGoInTheBody() {
        client.send(
                new OutgoingEmail(
                        FROM,
                        "jane@example.com",
                        "Hello",
                        "<p>x</p>",
                        Map.of("List-Unsubscribe", "<mailto:unsubscribe@example.com>")),
                KEY);
        assertEquals(
                "<mailto:unsubscribe@example.com>",
                resend.delivered()
                        .get(0)
                        .body
                        .path("headers")
                        .path("List-Unsubscribe")
                        .asText());
    }

    @Test
    void theSameKeyTwiceGivesTheSameIdAndDeliversOnce() {
        String first = client.send(email("Hello"), KEY);
        String second = client.send(email("Hello"), KEY);

        assertEquals(first, second);
        assertEquals(1, resend.delivered().size());
        assertEquals(2, posts());
    }

    @Test
    void differentKeysAreDifferentEmails() {
        String first = client.send(email("Hello"), KEY);
        String second = client.send(email("Hello"), "campaign-send/5day:tracker-1:3");
        assertNotEquals(first, second);
        assertEquals(2, resend.delivered().size());
    }

    @Test
    void anIdempotencyKeyIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> client.send(email("Hello"), null));
        assertThrows(IllegalArgumentException.class, () -> client.send(email("Hello"), ""));
        assertThrows(IllegalArgumentException.class, () -> client.send(email("Hello"), "k".repeat(257)));
        client.send(email("Hello"), "k".repeat(256));
        assertEquals(1, posts(), "only the valid key reached Resend");
    }

    @ParameterizedTest(name = "{0} {1}: retryable={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "422 | validation_error | false | Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
                "403 | invalid_api_key | false | API key is invalid",
                "403 | validation_error | false | The example.com domain is not verified. Please, add and verify your domain on https://resend.com/domains",
                "401 | missing_api_key | false | Missing API key in the authorization header.",
                "429 | rate_limit_exceeded | true | Too many requests. You can only make 2 requests per second.",
                "429 | daily_quota_exceeded | false | You have reached your daily email sending quota.",
                "429 | monthly_quota_exceeded | false | You have reached your monthly email sending quota.",
                "409 | concurrent_idempotent_requests | true | Same idempotency key used while original request is still in progress.",
                "409 | invalid_idempotent_request | false | Same idempotency key used with a different request payload.",
                "500 | application_error | true | An unexpected error occurred.",
                "503 | internal_server_error | true | Service unavailable.",
            })
    void errorsAreProviderExceptionsAndOnlyTransientOnesAreRetried(
            int status, String name, boolean retryable, String message) {
        stubError(status, name, message);

        ProviderException error = assertThrows(ProviderException.class, () -> client.send(email("Hello"), KEY));

        assertEquals("resend", error.provider());
        assertEquals(status, error.status());
        assertEquals(name, error.code());
        assertEquals(retryable, error.retryable());
        assertTrue(error.getMessage().contains(message), error.getMessage());
        assertEquals(retryable ? 3 : 1, posts());
        assertEquals(retryable ? 2 : 0, sleeper.waits().size());
        assertEquals(0, resend.delivered().size());
    }

    @Test
    void aWrongKeyIsRefusedByResendAndNotRetried() {
        ResendClient wrong = client(resend.baseUrl(), "re_wrong", sleeper.retrying());
        ProviderException error = assertThrows(ProviderException.class, () -> wrong.send(email("Hello"), KEY));
        assertEquals(403, error.status());
        assertEquals("invalid_api_key", error.code());
        assertFalse(error.retryable());
        assertFalse(error.getMessage().contains("re_wrong"), "the key is never in the message");
        assertEquals(1, posts());
        assertEquals(0, resend.delivered().size());
    }

    @Test
    void aTransientFailureIsRetriedWithinTheCallHonouringRetryAfter() {
        resend.rateLimitOnce();

        String id = client.send(email("Hello"), KEY);

        assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits());
        assertEquals(1, resend.delivered().size());
        assertEquals(id, resend.delivered().get(0).id);
        assertEquals(2, posts());
    }

    @Test
    void aServerErrorThenSuccessDeliversOnce() {
        resend.server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withBody(FakeResend.errorBody(
                                        500, "application_error", "An unexpected error occurred.")))
                        .willSetStateTo("passed"));

        client.send(email("Hello"), KEY);

        assertEquals(1, resend.delivered().size());
        assertEquals(1, sleeper.waits().size());
    }

    @Test
    void aDroppedConnectionIsRetriedWithTheSameIdempotencyKeyAndDeliversOnce() {
        resend.server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .inScenario("drop")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                        .willSetStateTo("passed"));

        client.send(email("Hello"), KEY);

        assertEquals(2, posts());
        resend.server().verify(2, postRequestedFor(urlEqualTo("/emails")).withHeader("Idempotency-Key", equalTo(KEY)));
        assertEquals(1, resend.delivered().size());
        assertEquals(1, sleeper.waits().size());
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsReadAndALongOneLeftToTheCaller() {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        resend.server()
                .stubFor(post(urlEqualTo("/emails"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(429)
                                .withHeader("Retry-After", inAnHour)
                                .withBody(FakeResend.errorBody(429, "rate_limit_exceeded", "Too many requests."))));

        ProviderException error = assertThrows(ProviderException.class, () -> client.send(email("Hello"), KEY));

        assertTrue(error.retryAfter().isPresent());
        assertTrue(
                error.retryAfter().get().compareTo(Duration.ofMinutes(50)) > 0,
                error.retryAfter().get().toString());
        assertEquals(1, posts());
        assertEquals(List.of(), sleeper.waits());
    }

    @Test
    void anInterruptedThreadMakesNoResendRequest() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(DeadlineExceededException.class, () -> client.send(email("Hello"), KEY));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, posts());
        assertEquals(0, resend.delivered().size());
    }

    /** The client as the campaign builds it: Resend's chain with these retries. */
    static ResendClient client(String baseUrl, String apiKey, Retrying retrying) {
        return new ResendClient(
                ResendClient.builder(HttpClients.shared(), apiKey, ResendClient.USER_AGENT)
                        .retrying(retrying)
                        .build(),
                baseUrl);
    }
}
