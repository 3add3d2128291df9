package com.busos.campaign.suppression;

import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.webhook.EmailAddresses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lombok.RequiredArgsConstructor;

/**
 * One verified Resend webhook event ({@code {"type", "created_at", "data": {"email_id", "to": [...], ...}}}):
 * <ul>
 *   <li>{@code email.bounced} with {@code data.bounce.type} "Permanent" or "hard" (or none given): a hard
 *       bounce, every recipient is suppressed and its pending sends cancelled; any other bounce type
 *       ("Transient", "Undetermined" …) is a soft bounce and only logged;</li>
 *   <li>{@code email.complained} (marked as spam) and {@code email.suppressed} (Resend refused the
 *       address): suppressed and cancelled likewise;</li>
 *   <li>every {@code email.*} event with an email id also sets the analytics page's Status, when the
 *       analytics database is configured;</li>
 *   <li>other events (contact.*, domain.* …) are acknowledged and ignored.</li>
 * </ul>
 * Everything is idempotent, so Resend's retries of the same event change nothing more.
 */
@RequiredArgsConstructor
public final class ResendEvents {
    /** resend-events (the analytics database and notion-token are optional). */
    public static final List<Setting> SETTINGS = List.of(Setting.RESEND_WEBHOOK_SECRET);

    private final SuppressionService suppression;
    private final Optional<AnalyticsStatuses> analytics;
    private final Log log;

    public ObjectNode handle(JsonNode event) {
        String type = event.path("type").asText("");
        JsonNode data = event.path("data");
        String emailId = data.path("email_id").asText(null);
        List<String> recipients = recipients(data.path("to"));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", type.startsWith("email.") ? "processed" : "ignored");
        answer.put("type", type);
        if (emailId != null) answer.put("email_id", emailId);

        String status = type.startsWith("email.") ? type.substring("email.".length()) : null;
        String action = "recorded";
        switch (type) {
            case "email.bounced": {
                JsonNode bounce = data.path("bounce");
                String bounceType = bounce.path("type").asText("").trim();
                String lower = bounceType.toLowerCase(Locale.ROOT);
                boolean hard = bounceType.isEmpty() || lower.equals("permanent") || lower.equals("hard");
                String detail = describe(bounce);
                if (hard) {
                    action = "suppressed";
                    suppress(recipients, Suppressions.BOUNCED, detail, answer);
                } else {
                    action = "logged";
                    status = "soft_bounced";
                    log.warn("resend.soft_bounce")
                            .with("email", String.join(",", recipients))
                            .with("email_id", emailId)
                            .with("bounce_type", bounceType)
                            .with("detail", detail)
                            .write();
                }
                answer.put("bounce", hard ? "hard" : "soft");
                break;
            }
            case "email.complained":
                action = "suppressed";
                suppress(recipients, Suppressions.COMPLAINED, "marked as spam", answer);
                break;
            case "email.suppressed":
                action = "suppressed";
                suppress(recipients, Suppressions.PROVIDER_SUPPRESSED, "Resend suppressed the address", answer);
                break;
            default:
                if (status == null) action = "ignored";
        }
        answer.put("action", action);

        if (status != null && emailId != null) {
            answer.put("analytics", analytics.isPresent() ? analytics.get().update(emailId, status) : "off");
        }
        log.info("resend.event")
                .with("type", type)
                .with("email_id", emailId)
                .with("email", String.join(",", recipients))
                .with("outcome", action)
                .with("analytics", answer.path("analytics").asText(null))
                .write();
        return answer;
    }

    private void suppress(List<String> recipients, String reason, String detail, ObjectNode answer) {
        ArrayNode suppressed = answer.putArray("suppressed");
        ArrayNode cancelled = answer.putArray("cancelled_sends");
        if (recipients.isEmpty()) {
            log.warn("resend.no_recipient")
                    .with("reason", reason)
                    .with("detail", "the event names no address")
                    .write();
        }
        for (String address : recipients) {
            SuppressionService.Outcome outcome = suppression.suppress(address, reason, detail);
            suppressed.add(address);
            outcome.cancelledSends().forEach(cancelled::add);
        }
    }

    /** data.to: a list (or a single string) of addresses, "Name <addr>" forms reduced to the address. */
    static List<String> recipients(JsonNode to) {
        List<JsonNode> values = new ArrayList<>();
        if (to.isArray()) to.forEach(values::add);
        else if (to.isTextual()) values.add(to);
        List<String> addresses = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) continue;
            EmailAddresses.Result parsed = EmailAddresses.parse(value.asText());
            if (parsed.valid() && !addresses.contains(parsed.address())) addresses.add(parsed.address());
        }
        return addresses;
    }

    private static String describe(JsonNode bounce) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("type", "subType", "message")) {
            String value = bounce.path(field).asText("");
            if (!value.isEmpty()) parts.add(value);
        }
        String text = parts.isEmpty() ? "bounce" : "bounce: " + String.join(" / ", parts);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
