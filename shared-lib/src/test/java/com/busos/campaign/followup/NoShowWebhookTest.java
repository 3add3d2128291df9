package com.busos.campaign.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.log.Log;
import com.busos.campaign.openfaas.CalendlyAnswers;
import com.busos.campaign.testing.FollowUpBodies;
import com.busos.campaign.webhook.InvalidRequestException;
import com.busos.campaign.webhook.Responses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The two forms calendly-noshow accepts, and when Calendly's signature is required. */
class NoShowWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = FollowUpBodies.CALENDLY_KEY;
    private static final Instant NOW = Instant.parse("2025-11-28T15:00:00Z");
    private static final Optional<CalendlySignature> VERIFIER =
            Optional.of(new CalendlySignature(KEY, Clock.fixed(NOW, ZoneOffset.UTC)));

    /** Calendly's invitee_no_show.created envelope, as in its 2026 sample (trimmed). */
    static ObjectNode calendlyEnvelope() {
        ObjectNode envelope = JSON.createObjectNode()
                .put("event", "invitee_no_show.created")
                .put("created_at", "2025-11-28T14:40:00.000000Z")
                .put("created_by", "https://api.calendly.com/users/USER1");
        ObjectNode payload = envelope.putObject("payload");
        payload.put("email", "ada@example.com")
                .put("name", "Ada Lovelace")
                .put("first_name", "Ada")
                .put("last_name", "Lovelace")
                .put("uri", "https://api.calendly.com/scheduled_events/EV1/invitees/INV1")
                .put("event", "https://api.calendly.com/scheduled_events/EV1")
                .put("reschedule_url", "https://calendly.com/reschedulings/INV1")
                .put("cancel_url", "https://calendly.com/cancellations/INV1")
                .put("timezone", "America/Toronto")
                .put("status", "active")
                .put("rescheduled", false);
        payload.putObject("no_show")
                .put("uri", "https://api.calendly.com/invitee_no_shows/NS1")
                .put("created_at", "2025-11-28T14:40:00.000000Z");
        payload.putObject("scheduled_event")
                .put("uri", "https://api.calendly.com/scheduled_events/EV1")
                .put("name", "Discovery Call")
                .put("start_time", "2025-11-28T14:00:00.000000Z")
                .put("end_time", "2025-11-28T14:30:00.000000Z")
                .put("status", "active");
        payload.putArray("questions_and_answers");
        return envelope;
    }

    private static Map<String, String> signed(String body, Instant at) {
        return FollowUpBodies.signedByCalendly(body, at);
    }

    @Test
    void theFlatFormIsReadAsTheWebsiteSendsIt() {
        String body = FollowUpRequestsTest.noShowBody().toString();
        NoShowWebhook webhook = NoShowWebhook.read(body, Map.of(), Optional.empty());
        assertEquals(NoShowWebhook.FORM_FLAT, webhook.form());
        assertFalse(webhook.ignored());
        assertEquals("Ada's Salon", webhook.noShow().businessName());
    }

    @Test
    void theFlatFormNeedsNoSignatureEvenWithTheKeySet() {
        String body = FollowUpRequestsTest.noShowBody().toString();
        NoShowWebhook webhook = NoShowWebhook.read(body, Map.of(), VERIFIER);
        assertEquals(NoShowWebhook.FORM_FLAT, webhook.form());
        assertEquals("ada@example.com", webhook.noShow().email());
    }

    @Test
    void calendlysEnvelopeIsMappedOntoTheFlatRequest() {
        String body = calendlyEnvelope().toString();
        NoShowWebhook webhook = NoShowWebhook.read(body, signed(body, NOW), VERIFIER);
        assertEquals(NoShowWebhook.FORM_CALENDLY, webhook.form());
        NoShow noShow = webhook.noShow();
        assertEquals("ada@example.com", noShow.email());
        assertEquals("Ada", noShow.firstName());
        assertEquals("your business", noShow.businessName());
        assertEquals("https://api.calendly.com/scheduled_events/EV1", noShow.calendlyEventUri());
        assertEquals("2025-11-28T14:00:00.000000Z", noShow.scheduledTime());
        assertEquals("Discovery Call", noShow.eventType());
        assertEquals("https://calendly.com/reschedulings/INV1", noShow.rescheduleUrl());
    }

    @Test
    void withoutTheKeyCalendlysEnvelopeIsAcceptedUnsigned() {
        NoShowWebhook webhook = NoShowWebhook.read(calendlyEnvelope().toString(), Map.of(), Optional.empty());
        assertEquals("ada@example.com", webhook.noShow().email());
    }

    @Test
    void missingInviteeFieldsFallBackAsDocumented() {
        ObjectNode envelope = calendlyEnvelope();
        ObjectNode payload = (ObjectNode) envelope.path("payload");
        payload.putNull("first_name");
        payload.remove("event");
        payload.remove("reschedule_url");
        ((ObjectNode) payload.path("scheduled_event")).remove("name");
        NoShow noShow = NoShowWebhook.read(envelope.toString(), Map.of(), Optional.empty())
                .noShow();
        assertEquals("Ada", noShow.firstName());
        assertEquals("https://api.calendly.com/scheduled_events/EV1", noShow.calendlyEventUri());
        assertEquals(NoShow.DEFAULT_EVENT_TYPE, noShow.eventType());
        assertNull(noShow.rescheduleUrl());
        assertEquals("Grace", NoShow.firstWord("  Grace Brewster Hopper "));
        assertEquals("", NoShow.firstWord(" "));
    }

    @Test
    void anEnvelopeWithoutAStartTimeOrEmailIsInvalidWhereCalendlyPutsThem() {
        ObjectNode envelope = calendlyEnvelope();
        ObjectNode payload = (ObjectNode) envelope.path("payload");
        payload.put("email", "not-an-email");
        ((ObjectNode) payload.path("scheduled_event")).remove("start_time");
        InvalidRequestException invalid = assertThrows(
                InvalidRequestException.class,
                () -> NoShowWebhook.read(envelope.toString(), Map.of(), Optional.empty()));
        JsonNode detail = detail(Responses.invalid(invalid));
        assertEquals(2, detail.size(), detail.toString());
        assertEquals("value_error", detail.get(0).path("type").asText());
        assertEquals(
                "[\"body\",\"payload\",\"email\"]", detail.get(0).path("loc").toString());
        assertEquals("missing", detail.get(1).path("type").asText());
        assertEquals(
                "[\"body\",\"payload\",\"scheduled_event\",\"start_time\"]",
                detail.get(1).path("loc").toString());
        assertEquals(payload, detail.get(1).path("input"));

        ObjectNode notAnObject = calendlyEnvelope().put("payload", "nope");
        InvalidRequestException badPayload = assertThrows(
                InvalidRequestException.class,
                () -> NoShowWebhook.read(notAnObject.toString(), Map.of(), Optional.empty()));
        assertEquals("model_attributes_type", badPayload.errors().get(0).type());
        assertEquals("payload", badPayload.errors().get(0).field());
    }

    @Test
    void theEventsThatEndSequencesAreReadWithTheInviteesAddressAndWhatSequencesJsonSaysTheyEnd() {
        assertEquals(List.of("5day", "noshow"), com.busos.campaign.sequence.Sequences.endedBy("invitee.created"));
        assertEquals(List.of("noshow"), com.busos.campaign.sequence.Sequences.endedBy("invitee_no_show.deleted"));
        assertEquals(List.of(), com.busos.campaign.sequence.Sequences.endedBy("invitee.canceled"));
        assertEquals(
                List.of("invitee_no_show.created", "invitee.created", "invitee_no_show.deleted"),
                NoShowWebhook.processedEvents());
        for (String event : List.of("invitee.created", "invitee_no_show.deleted")) {
            String body = calendlyEnvelope().put("event", event).toString();
            NoShowWebhook webhook = NoShowWebhook.read(body, signed(body, NOW), VERIFIER);
            assertFalse(webhook.ignored(), event);
            assertTrue(webhook.endsSequences(), event);
            assertEquals(event, webhook.ending().event());
            assertEquals(
                    com.busos.campaign.sequence.Sequences.endedBy(event),
                    webhook.ending().sequences());
            assertThrows(IllegalStateException.class, webhook::noShow);
        }
        // signed like any envelope: a wrong signature is refused before anything is read
        String body = calendlyEnvelope().put("event", "invitee.created").toString();
        assertThrows(
                InvalidSignatureException.class, () -> NoShowWebhook.read(body, signed(body + " ", NOW), VERIFIER));
    }

    @Test
    void otherCalendlyEventsAreIgnored() {
        ObjectNode envelope = calendlyEnvelope().put("event", "invitee.canceled");
        String body = envelope.toString();
        NoShowWebhook webhook = NoShowWebhook.read(body, signed(body, NOW), VERIFIER);
        assertTrue(webhook.ignored());
        assertThrows(IllegalStateException.class, webhook::noShow);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        IResponse answer =
                CalendlyAnswers.ignored(Log.to("test", new PrintStream(logs, true, StandardCharsets.UTF_8)), webhook);
        assertEquals(200, answer.getStatusCode());
        JsonNode json = detailRoot(answer);
        assertEquals("ignored", json.path("status").asText());
        assertEquals("invitee.canceled", json.path("event").asText());
        assertTrue(logs.toString(StandardCharsets.UTF_8)
                .contains("\"event\":\"calendly.ignored\",\"calendly_event\":\"invitee.canceled\""));
    }

    @Test
    void aSignedEnvelopeNeedsAValidFreshSignature() {
        String body = calendlyEnvelope().toString();
        assertEquals(
                "missing",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> NoShowWebhook.read(body, Map.of("Content-Type", "application/json"), VERIFIER))
                        .reason());
        assertEquals(
                "mismatch",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> NoShowWebhook.read(
                                        body,
                                        Map.of(
                                                "Calendly-Webhook-Signature",
                                                CalendlySignature.sign("wrong-key", NOW, body)),
                                        VERIFIER))
                        .reason());
        assertEquals(
                "expired",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> NoShowWebhook.read(body, signed(body, NOW.minusSeconds(600)), VERIFIER))
                        .reason());
        // Even an event that would be ignored must be signed.
        String other = calendlyEnvelope().put("event", "invitee.canceled").toString();
        assertEquals(
                "missing",
                assertThrows(InvalidSignatureException.class, () -> NoShowWebhook.read(other, Map.of(), VERIFIER))
                        .reason());
        // The header is found whatever the case of its name.
        assertEquals(
                "ada@example.com",
                NoShowWebhook.read(
                                body,
                                Map.of("calendly-webhook-signature", CalendlySignature.sign(KEY, NOW, body)),
                                VERIFIER)
                        .noShow()
                        .email());
    }

    @Test
    void theUnauthorizedAnswerIs401WithItsReason() {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        IResponse answer = CalendlyAnswers.unauthorized(
                Log.to("test", new PrintStream(logs, true, StandardCharsets.UTF_8)),
                new InvalidSignatureException("expired"));
        assertEquals(401, answer.getStatusCode());
        assertEquals(
                "Invalid Calendly-Webhook-Signature: expired",
                detailRoot(answer).path("detail").asText());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"reason\":\"expired\""));
    }

    @Test
    void anEnvelopeIsABodyWithBothEventAndPayload() {
        assertTrue(NoShowWebhook.isCalendlyEnvelope(calendlyEnvelope()));
        assertFalse(NoShowWebhook.isCalendlyEnvelope(
                FollowUpRequestsTest.noShowBody().put("event", "x")));
        ObjectNode payloadOnly = JSON.createObjectNode();
        payloadOnly.putObject("payload");
        assertFalse(NoShowWebhook.isCalendlyEnvelope(payloadOnly));
    }

    private static JsonNode detail(IResponse response) {
        assertEquals(422, response.getStatusCode());
        return detailRoot(response).path("detail");
    }

    private static JsonNode detailRoot(IResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
