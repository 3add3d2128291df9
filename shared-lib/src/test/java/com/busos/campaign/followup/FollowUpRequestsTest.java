package com.busos.campaign.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.FollowUpBodies;
import com.busos.campaign.webhook.InvalidRequestException;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fields, defaults and validation of the three follow-up requests (§2.3–2.5), without any I/O. */
class FollowUpRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode noShowBody() {
        return FollowUpBodies.noShow();
    }

    static ObjectNode postCallBody() {
        return FollowUpBodies.postCall();
    }

    static ObjectNode onboardingBody() {
        return FollowUpBodies.lead()
                .put("payment_confirmed", true)
                .put("payment_amount", 2997.0)
                .put("payment_date", "2025-11-27");
    }

    /** The 422 answer's detail list for a request the reader refuses. */
    static JsonNode detail(Function<RequestFields, ?> reader, ObjectNode body) {
        InvalidRequestException invalid =
                assertThrows(InvalidRequestException.class, () -> reader.apply(RequestFields.parse(body.toString())));
        IResponse response = Responses.invalid(invalid);
        assertEquals(422, response.getStatusCode());
        try {
            return JSON.readTree(response.getBody()).path("detail");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertError(JsonNode entry, String type, String field) {
        assertEquals(type, entry.path("type").asText(), entry.toString());
        assertEquals(JSON.createArrayNode().add("body").add(field), entry.path("loc"), entry.toString());
    }

    // ---- calendly-noshow (flat form) ----

    @Test
    void noShowAppliesTheDefaultsAndNormalisesTheEmail() {
        NoShow noShow = NoShow.from(RequestFields.of(noShowBody().put("email", "Ada <Ada@Example.COM>")));
        assertEquals("Ada@example.com", noShow.email());
        assertEquals("Ada", noShow.firstName());
        assertEquals("Ada's Salon", noShow.businessName());
        assertEquals("https://api.calendly.com/scheduled_events/EV1", noShow.calendlyEventUri());
        assertEquals("2025-11-28T14:00:00Z", noShow.scheduledTime());
        assertEquals("Discovery Call - $2997 Diagnostic", noShow.eventType());
        assertNull(noShow.rescheduleUrl());
        assertEquals("duplicate_noshow_sequence", noShow.duplicateReason());
        assertEquals("No-Show Recovery", noShow.sequence().templateType().orElseThrow());
    }

    /** Each follow-up's required fields: the reader, a valid body and the field left out. */
    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of("NoShow", (Function<RequestFields, ?>) NoShow::from, noShowBody(), "email"),
                Arguments.of("NoShow", (Function<RequestFields, ?>) NoShow::from, noShowBody(), "first_name"),
                Arguments.of("NoShow", (Function<RequestFields, ?>) NoShow::from, noShowBody(), "business_name"),
                Arguments.of("NoShow", (Function<RequestFields, ?>) NoShow::from, noShowBody(), "calendly_event_uri"),
                Arguments.of("NoShow", (Function<RequestFields, ?>) NoShow::from, noShowBody(), "scheduled_time"),
                Arguments.of("PostCall", (Function<RequestFields, ?>) PostCall::from, postCallBody(), "email"),
                Arguments.of("PostCall", (Function<RequestFields, ?>) PostCall::from, postCallBody(), "first_name"),
                Arguments.of("PostCall", (Function<RequestFields, ?>) PostCall::from, postCallBody(), "business_name"),
                Arguments.of("PostCall", (Function<RequestFields, ?>) PostCall::from, postCallBody(), "call_date"),
                Arguments.of("Onboarding", (Function<RequestFields, ?>) Onboarding::from, onboardingBody(), "email"),
                Arguments.of(
                        "Onboarding", (Function<RequestFields, ?>) Onboarding::from, onboardingBody(), "first_name"),
                Arguments.of(
                        "Onboarding", (Function<RequestFields, ?>) Onboarding::from, onboardingBody(), "business_name"),
                Arguments.of(
                        "Onboarding",
                        (Function<RequestFields, ?>) Onboarding::from,
                        onboardingBody(),
                        "payment_confirmed"),
                Arguments.of(
                        "Onboarding",
                        (Function<RequestFields, ?>) Onboarding::from,
                        onboardingBody(),
                        "payment_amount"),
                Arguments.of(
                        "Onboarding", (Function<RequestFields, ?>) Onboarding::from, onboardingBody(), "payment_date"));
    }

    @ParameterizedTest(name = "{0} without {3}")
    @MethodSource("requiredFields")
    void eachRequestRequiresEachOfItsFields(
            String request, Function<RequestFields, ?> reader, ObjectNode body, String field) {
        body.remove(field);
        JsonNode detail = detail(reader, body);
        assertEquals(1, detail.size(), detail.toString());
        assertError(detail.get(0), "missing", field);
        assertEquals("Field required", detail.get(0).path("msg").asText());
        assertEquals(body, detail.get(0).path("input"));
    }

    @Test
    void noShowListsEveryViolatedField() {
        JsonNode detail = detail(
                NoShow::from, JSON.createObjectNode().put("first_name", 5).put("reschedule_url", 7));
        assertEquals(6, detail.size(), detail.toString());
        assertError(detail.get(0), "missing", "email");
        assertError(detail.get(1), "string_type", "first_name");
        assertError(detail.get(2), "missing", "business_name");
        assertError(detail.get(3), "missing", "calendly_event_uri");
        assertError(detail.get(4), "missing", "scheduled_time");
        assertError(detail.get(5), "string_type", "reschedule_url");
    }

    @Test
    void aMalformedEmailGetsEmailValidatorsReason() {
        JsonNode detail = detail(NoShow::from, noShowBody().put("email", "not-an-email"));
        assertEquals(1, detail.size());
        JsonNode entry = detail.get(0);
        assertError(entry, "value_error", "email");
        assertEquals(
                "value is not a valid email address: An email address must have an @-sign.",
                entry.path("msg").asText());
        assertEquals("not-an-email", entry.path("input").asText());
        assertEquals(
                "An email address must have an @-sign.",
                entry.path("ctx").path("reason").asText());
    }

    @Test
    void noShowKeepsTheGivenOptionalFields() {
        NoShow noShow = NoShow.from(RequestFields.of(noShowBody()
                .put("event_type", "Strategy Call")
                .put("reschedule_url", "https://calendly.com/reschedulings/INV1")));
        assertEquals("Strategy Call", noShow.eventType());
        assertEquals("https://calendly.com/reschedulings/INV1", noShow.rescheduleUrl());
        Map<String, String> fields = noShow.fields();
        assertEquals(
                List.of(
                        "first_name",
                        "business_name",
                        "calendly_event_uri",
                        "scheduled_time",
                        "event_type",
                        "reschedule_url"),
                List.copyOf(fields.keySet()));
        assertEquals("https://calendly.com/reschedulings/INV1", fields.get("reschedule_url"));
    }

    // ---- postcall-maybe ----

    @Test
    void postCallAppliesTheDefaults() {
        PostCall postCall = PostCall.from(RequestFields.of(postCallBody()));
        assertEquals("2025-11-27T16:00:00Z", postCall.callDate());
        assertEquals("Maybe", postCall.callOutcome());
        assertNull(postCall.callNotes());
        assertNull(postCall.objections());
        assertEquals("Medium", postCall.followUpPriority());
        Map<String, String> fields = postCall.fields();
        assertNull(fields.get("objections"));
        assertTrue(fields.containsKey("call_notes"));
        assertEquals("duplicate_postcall_sequence", postCall.duplicateReason());
    }

    @Test
    void postCallChecksTheTypesOfItsOptionalFields() {
        ObjectNode body = postCallBody()
                .put("email", "ada.example.com")
                .put("call_notes", 12)
                .put("objections", "price");
        JsonNode detail = detail(PostCall::from, body);
        assertEquals(3, detail.size(), detail.toString());
        assertError(detail.get(0), "value_error", "email");
        assertError(detail.get(1), "string_type", "call_notes");
        assertError(detail.get(2), "list_type", "objections");

        ObjectNode items = postCallBody();
        items.putArray("objections").add("price").add(3);
        JsonNode itemDetail = detail(PostCall::from, items);
        assertEquals(1, itemDetail.size());
        assertEquals("string_type", itemDetail.get(0).path("type").asText());
        assertEquals(
                "[\"body\",\"objections\",1]",
                itemDetail.get(0).path("loc").toString(),
                "a list item is located as pydantic does: field name, then index");
    }

    @Test
    void postCallJoinsTheObjectionsForTheTemplates() {
        ObjectNode body = postCallBody()
                .put("call_outcome", "Maybe - needs partner")
                .put("call_notes", "Liked it")
                .put("follow_up_priority", "High");
        body.putArray("objections").add("price").add("timing");
        PostCall postCall = PostCall.from(RequestFields.of(body));
        assertEquals(List.of("price", "timing"), postCall.objections());
        Map<String, String> fields = postCall.fields();
        assertEquals("price, timing", fields.get("objections"));
        assertEquals("Liked it", fields.get("call_notes"));
        assertEquals("Maybe - needs partner", fields.get("call_outcome"));
        assertEquals("High", fields.get("follow_up_priority"));
        assertEquals("2025-11-27T16:00:00Z", fields.get("call_date"));
    }

    // ---- onboarding-start ----

    @Test
    void onboardingAppliesTheDefaults() {
        Onboarding onboarding = Onboarding.from(RequestFields.of(onboardingBody()));
        assertEquals(2997.0, onboarding.paymentAmount());
        assertEquals("2025-11-27", onboarding.paymentDate());
        assertTrue(onboarding.docusignCompleted());
        assertNull(onboarding.salonAddress());
        assertNull(onboarding.observationDates());
        assertNull(onboarding.startDate());
        assertEquals("Phase 1 - Traditional Service Diagnostic", onboarding.packageType());
        assertEquals("2997", onboarding.fields().get("payment_amount"));
        assertEquals("duplicate_onboarding_sequence", onboarding.duplicateReason());
    }

    @Test
    void onboardingCoercesLikePydanticsLaxMode() {
        Onboarding onboarding = Onboarding.from(RequestFields.of(onboardingBody()
                .put("payment_confirmed", "yes")
                .put("payment_amount", "2997.5")
                .put("docusign_completed", "false")));
        assertEquals(2997.5, onboarding.paymentAmount());
        assertFalse(onboarding.docusignCompleted());
        assertEquals("2997.50", onboarding.fields().get("payment_amount"));
    }

    @Test
    void onboardingRefusesWrongTypes() {
        JsonNode detail = detail(
                Onboarding::from,
                onboardingBody()
                        .put("payment_confirmed", "perhaps")
                        .put("payment_amount", "lots")
                        .put("docusign_completed", 7)
                        .put("package_type", false));
        assertEquals(4, detail.size(), detail.toString());
        assertError(detail.get(0), "bool_parsing", "payment_confirmed");
        assertError(detail.get(1), "float_parsing", "payment_amount");
        assertError(detail.get(2), "bool_parsing", "docusign_completed");
        assertError(detail.get(3), "string_type", "package_type");
    }

    @Test
    void anUnconfirmedPaymentIsRefusedWithItsOwnDetail() {
        JsonNode detail = detail(Onboarding::from, onboardingBody().put("payment_confirmed", false));
        assertEquals(1, detail.size(), detail.toString());
        JsonNode entry = detail.get(0);
        assertError(entry, "payment_not_confirmed", "payment_confirmed");
        assertEquals(
                "Payment not confirmed for ada@example.com", entry.path("msg").asText());
        assertFalse(entry.path("input").asBoolean(true));

        JsonNode withOthers = detail(
                Onboarding::from,
                onboardingBody().put("payment_confirmed", false).put("payment_amount", "lots"));
        assertEquals(2, withOthers.size(), withOthers.toString());
        assertError(withOthers.get(0), "float_parsing", "payment_amount");
        assertError(withOthers.get(1), "payment_not_confirmed", "payment_confirmed");
    }

    @Test
    void datesWrittenAsNotionDatesMustBeIso8601() {
        for (String valid :
                List.of("2025-11-27", "2025-11-27T10:00:00Z", "2025-11-27T10:00:00.000+01:00", "2025-11-27T10:00:00")) {
            assertEquals(
                    valid,
                    Onboarding.from(RequestFields.of(
                                    onboardingBody().put("payment_date", valid).put("start_date", valid)))
                            .startDate());
        }
        JsonNode detail = detail(
                Onboarding::from,
                onboardingBody().put("payment_date", "next Tuesday").put("start_date", "12/01/2025"));
        assertEquals(2, detail.size(), detail.toString());
        assertError(detail.get(0), "date_parsing", "payment_date");
        assertError(detail.get(1), "date_parsing", "start_date");
        assertEquals("next Tuesday", detail.get(0).path("input").asText());
    }

    @Test
    void onboardingJoinsTheObservationDatesForTheTemplates() {
        ObjectNode body = onboardingBody()
                .put("salon_address", "1 Main St, Toronto")
                .put("start_date", "2025-12-01")
                .put("package_type", "Phase 2");
        body.putArray("observation_dates").add("2025-12-02").add("2025-12-03");
        Map<String, String> fields = Onboarding.from(RequestFields.of(body)).fields();
        assertEquals("2025-12-02, 2025-12-03", fields.get("observation_dates"));
        assertEquals("1 Main St, Toronto", fields.get("salon_address"));
        assertEquals("2025-12-01", fields.get("start_date"));
        assertEquals("2025-11-27", fields.get("payment_date"));
        assertEquals("Phase 2", fields.get("package_type"));
        assertEquals("Ada", fields.get("first_name"));
        assertEquals("Ada's Salon", fields.get("business_name"));
        assertFalse(fields.containsKey("segment"));
    }

    @Test
    void amountsAreWrittenForPeople() {
        assertEquals("2997", Onboarding.amountText(2997.0));
        assertEquals("2997.50", Onboarding.amountText(2997.5));
        assertEquals("0", Onboarding.amountText(0.0));
        assertEquals("19.99", Onboarding.amountText(19.99));
    }
}
