package com.busos.campaign.followup;

import com.busos.campaign.log.Log;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.FieldError;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import lombok.Getter;

/**
 * A validated onboarding-start request (§2.5): a client paid. A request whose payment is not confirmed
 * is refused like an invalid one (422, {@code payment_not_confirmed}), so nothing is written for it.
 */
@Getter
public final class Onboarding extends FollowUp {
    public static final String DEFAULT_PACKAGE_TYPE = "Phase 1 - Traditional Service Diagnostic";

    private final double paymentAmount;
    private final String paymentDate;
    private final boolean docusignCompleted;
    private final String salonAddress;
    private final List<String> observationDates;
    private final String startDate;
    private final String packageType;

    private Onboarding(RequestFields body) {
        super(body, Sequences.ONBOARDING, "Onboarding welcome sequence will begin shortly");
        Boolean confirmed = body.requiredBool("payment_confirmed");
        Double amount = body.requiredFloat("payment_amount");
        paymentDate = notionDate(body, body.requiredString("payment_date"), "payment_date");
        docusignCompleted = body.optionalBool("docusign_completed", true);
        salonAddress = body.optionalString("salon_address", null);
        List<String> dates = body.optionalStringList("observation_dates");
        observationDates = dates == null ? null : List.copyOf(dates);
        startDate = notionDate(body, body.optionalString("start_date", null), "start_date");
        packageType = body.optionalString("package_type", DEFAULT_PACKAGE_TYPE);
        if (Boolean.FALSE.equals(confirmed)) {
            String who = email() == null ? "" : " for " + email();
            body.addError(new FieldError(
                    "payment_not_confirmed",
                    "payment_confirmed",
                    "Payment not confirmed" + who,
                    body.body().get("payment_confirmed"),
                    null));
        }
        body.validate();
        paymentAmount = amount;
    }

    /** Reads and validates the request; throws InvalidRequestException listing every bad field. */
    public static Onboarding from(RequestFields body) {
        return new Onboarding(body);
    }

    /**
     * The text of a date field, which is written to a Notion date as its start: Notion refuses anything
     * but an ISO 8601 date or date-time, so such a value is refused here, before anything is written.
     */
    private static String notionDate(RequestFields body, String text, String field) {
        if (!hasText(text)) return text;
        if (isIsoDate(text)) return text;
        JsonNode input = body.body().get(field);
        body.addError(new FieldError(
                "date_parsing",
                field,
                "Input should be an ISO 8601 date or date-time, e.g. 2025-12-01 or 2025-12-01T10:00:00Z",
                input,
                JsonNodeFactory.instance.objectNode().put("error", "not an ISO 8601 date")));
        return null;
    }

    static boolean isIsoDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException notDate) {
            try {
                OffsetDateTime.parse(text);
                return true;
            } catch (DateTimeParseException notOffsetDateTime) {
                try {
                    LocalDateTime.parse(text);
                    return true;
                } catch (DateTimeParseException notDateTime) {
                    return false;
                }
            }
        }
    }

    /** The amount as text for the templates: 2997.0 → "2997", 2997.5 → "2997.50". */
    static String amountText(double amount) {
        BigDecimal value = BigDecimal.valueOf(amount).stripTrailingZeros();
        if (value.scale() <= 0) return value.toBigInteger().toString();
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Override
    void addTrackerProperties(PropertyValues properties) {
        properties
                .number("Payment Amount", paymentAmount)
                .dateText("Payment Date", paymentDate)
                .richText("Package Type", packageType);
        if (hasText(salonAddress)) properties.richText("Salon Address", salonAddress);
        String joinedDates = joined(observationDates);
        if (joinedDates != null) properties.richText("Observation Dates", joinedDates);
        if (hasText(startDate)) properties.dateText("Start Date", startDate);
    }

    @Override
    void addFields(Map<String, String> fields) {
        fields.put("payment_amount", amountText(paymentAmount));
        fields.put("payment_date", paymentDate);
        fields.put("package_type", packageType);
        fields.put("salon_address", salonAddress);
        fields.put("observation_dates", joined(observationDates));
        fields.put("start_date", startDate);
    }

    @Override
    void addAnswerFields(ObjectNode answer) {
        answer.put("payment_amount", paymentAmount);
    }

    @Override
    void logWarnings(Log log) {
        if (!docusignCompleted) {
            log.warn("docusign.not_completed")
                    .with("email", email())
                    .with("detail", "DocuSign not completed; the onboarding sequence goes on")
                    .write();
        }
    }
}
