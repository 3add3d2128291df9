package com.busos.campaign.delivery;

import com.busos.campaign.config.Setting;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.DataSourceConfigurationException;
import com.busos.campaign.resend.Mailer;
import com.busos.campaign.resend.OutgoingEmail;
import com.busos.campaign.resend.SendingQuota;
import com.busos.campaign.schedule.Backoff;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.sequence.TemplateRenderer;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.suppression.UnsubscribeLinks;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;

/**
 * Delivers one claimed send: renders the sequence's template (cached, {@link TemplateCache}), sends it
 * through the mailer under the send's idempotency key, records Resend's id in Redis, schedules the CRM
 * mirror ({@code Email N Sent}, the analytics page: {@link CrmJobs}) and acknowledges. Redis is the
 * record of what was sent, so an email costs no Notion request of its own. A failure that may pass is
 * retried later with backoff; one that cannot is dead-lettered with its reason; a configuration error
 * (which Notion data source to use) holds it, never dead-lettered. A send already
 * delivered is never delivered again: Resend's id is kept in Redis before anything else, and a retry
 * with it sends nothing.
 *
 * <p>Before the email goes to Resend (checked first, and again just before the call): a send cancelled
 * meanwhile (unsubscribe, conversion, operator) is not sent; a send to a suppressed address is
 * acknowledged with the outcome {@code suppressed} and not sent, never retried. With unsubscribe links
 * configured, every email carries {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} and
 * templates get {@code {{unsubscribe_url}}}; without, {@code {{unsubscribe_url}}} is empty.
 */
@RequiredArgsConstructor
public final class EmailDelivery {
    /** The settings send-email cannot work without (it runs the CRM jobs too: trackers and contacts). */
    public static final List<Setting> SETTINGS = List.of(
            Setting.NOTION_TOKEN,
            Setting.NOTION_EMAIL_TEMPLATES_DB_ID,
            Setting.NOTION_EMAIL_SEQUENCE_DB_ID,
            Setting.NOTION_BUSINESSX_DB_ID,
            Setting.RESEND_API_KEY);

    /** How long a send waits, its attempt not counted, when the configuration stopped it (see hold). */
    static final Duration CONFIGURATION_RETRY = Duration.ofMinutes(5);

    /** Recorded as the Resend id when Resend reports the send's key as already used (see sendOnce). */
    static final String ALREADY_ACCEPTED = "accepted-earlier-under-same-idempotency-key";

    private final Schedule schedule;
    private final TemplateCache templates;
    private final Mailer mailer;
    private final CrmJobs crm;
    private final TemplateVariables variables;
    private final String from;
    private final Clock clock;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Log log;
    /** Checked before each send. */
    private final Suppressions suppressions;
    /** Empty when not configured. */
    private final Optional<UnsubscribeLinks> unsubscribeLinks;

    public ObjectNode deliver(ClaimedSend claim) {
        Instant started = clock.instant();
        ScheduledSend send = claim.send();
        try {
            ObjectNode result = attempt(claim);
            line(log.info("send." + result.path("status").asText()), claim, started)
                    .with("outcome", result.path("status").asText())
                    .write();
            return result;
        } catch (PermanentFailure failure) {
            return deadLetter(claim, failure.getMessage(), started);
        } catch (DataSourceConfigurationException misconfigured) {
            return hold(claim, misconfigured.getMessage(), started);
        } catch (ProviderException failure) {
            Optional<Instant> quotaReset = SendingQuota.resetOf(failure, clock.instant());
            if (quotaReset.isPresent()) return pause(claim, quotaReset.get(), failure, started);
            if (!failure.retryable()) return deadLetter(claim, failure.getMessage(), started);
            Duration wait = backoff.delay(claim.attempt(), failure.retryAfter());
            return retryLater(claim, failure.getMessage(), wait, started);
        } catch (com.busos.campaign.schedule.ScheduleUnavailableException unavailable) {
            // Redis is gone: nothing more can be recorded; the lease brings the send back later.
            throw unavailable;
        } catch (RuntimeException unexpected) {
            String reason = unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage();
            return retryLater(claim, reason, backoff.delay(claim.attempt()), started);
        }
    }

    private ObjectNode attempt(ClaimedSend claim) {
        ScheduledSend send = claim.send();
        Sequence sequence;
        try {
            sequence = Sequences.get(send.sequence());
        } catch (IllegalArgumentException unknown) {
            throw new PermanentFailure("unknown sequence '" + send.sequence() + "'");
        }
        // Redis is the record of what was sent: a send another claim delivered meanwhile is not sent again.
        Map<String, String> record = schedule.inspect(send.id());
        if ("delivered".equals(record.get("state"))) {
            schedule.ack(claim, "skipped");
            ObjectNode result = result("skipped", send);
            result.put("reason", "already_sent");
            return result;
        }
        String resendId = claim.resendId()
                .or(() -> Optional.ofNullable(record.get("resend_id")).filter(id -> !id.isEmpty()))
                .orElse(null);
        if (resendId == null) {
            Optional<ObjectNode> stopped = stopped(claim);
            if (stopped.isPresent()) return stopped.get();
        }
        if (resendId == null) {
            EmailTemplate template = templates
                    .find(send.template())
                    .orElseThrow(() -> new PermanentFailure("Template '" + send.template() + "' not found in "
                            + templates.source() + ". All templates must exist there."));
            if (template.subject().trim().isEmpty() || template.html().trim().isEmpty()) {
                throw new PermanentFailure("Template '" + send.template() + "' is missing its subject or HTML body.");
            }
            Map<String, String> vars = new LinkedHashMap<>(variables.build(send.fields(), sequence));
            vars.put(
                    "unsubscribe_url",
                    unsubscribeLinks.map(links -> links.linkFor(send.email())).orElse(""));
            Map<String, String> headers = unsubscribeLinks
                    .map(links -> links.headersFor(send.email()))
                    .orElse(Map.of());
            // A subject is one header line (no CR/LF from a variable); the body is HTML (values escaped).
            String subject = TemplateRenderer.renderSubject(template.subject(), vars);
            String html = TemplateRenderer.renderHtml(template.html(), vars);
            Optional<ObjectNode> stopped = stopped(claim);
            if (stopped.isPresent()) return stopped.get();
            resendId = sendOnce(new OutgoingEmail(from, send.email(), subject, html, headers), send);
            schedule.recordDelivery(claim, resendId);
        }

        Instant sentNow = clock.instant();
        // The mirror is scheduled before the ack: a crash between them repeats the scheduling, a no-op.
        crm.delivered(
                send.id(), send.email(), send.sequenceId(), send.emailNumber(), send.template(), resendId, sentNow);
        schedule.ack(claim, "delivered");
        ObjectNode result = result("delivered", send);
        result.put("resend_email_id", resendId);
        result.put("sent_at", sentNow.toString());
        return result;
    }

    /**
     * Sends under the send's idempotency key. Resend refuses the key with 409 invalid_idempotent_request
     * when an earlier attempt with that key was accepted and the content has changed since (a template
     * edit, a new day in {{days_to_deadline}}): the email was delivered then, so it counts as delivered.
     */
    private String sendOnce(OutgoingEmail email, ScheduledSend send) {
        try {
            return mailer.send(email, send.idempotencyKey());
        } catch (ProviderException failure) {
            if (failure.status() != 409 || !"invalid_idempotent_request".equals(failure.code())) throw failure;
            log.warn("send.already_accepted")
                    .with("email", send.email())
                    .with("send_id", send.id())
                    .with("detail", "Resend accepted this send's key before, with other content; not sent again")
                    .write();
            return ALREADY_ACCEPTED;
        }
    }

    /**
     * The answer when the send must not go out (any more): cancelled meanwhile, or to a suppressed
     * address (acknowledged as {@code suppressed}, so it is not retried).
     */
    private Optional<ObjectNode> stopped(ClaimedSend claim) {
        ScheduledSend send = claim.send();
        if ("cancelled".equals(schedule.state(send.id()).orElse(null))) {
            ObjectNode result = result("cancelled", send);
            result.put("reason", schedule.inspect(send.id()).getOrDefault("cancel_reason", "cancelled"));
            return Optional.of(result);
        }
        Optional<Suppressions.Entry> suppressed = suppressions.find(send.email());
        if (suppressed.isEmpty()) return Optional.empty();
        schedule.ack(claim, "suppressed");
        ObjectNode result = result("suppressed", send);
        result.put("reason", suppressed.get().reason());
        return Optional.of(result);
    }

    private ObjectNode retryLater(ClaimedSend claim, String reason, Duration wait, Instant started) {
        Schedule.RetryOutcome outcome = schedule.retryLater(claim, wait, reason, maxAttempts);
        if (outcome == Schedule.RetryOutcome.DEAD) {
            recordFailure(claim.send(), reason);
            line(log.error("send.dead_lettered"), claim, started)
                    .with("outcome", "dead_lettered")
                    .with("error", reason)
                    .with("detail", "gave up after " + claim.attempt() + " attempts")
                    .write();
            return result("dead_lettered", claim.send()).put("error", reason);
        }
        String status = outcome == Schedule.RetryOutcome.RETRY ? "retry_scheduled" : "stale";
        line(log.warn("send." + status), claim, started)
                .with("outcome", status)
                .with("error", reason)
                .with("retry_in_s", wait.getSeconds())
                .write();
        ObjectNode result = result(status, claim.send()).put("error", reason);
        if (outcome == Schedule.RetryOutcome.RETRY) result.put("retry_in_seconds", wait.getSeconds());
        return result;
    }

    /**
     * Resend's daily or monthly quota is spent: nothing is wrong with this send. Sending pauses until
     * the quota resets, and the send goes back on the schedule, due then, its attempt not counted.
     */
    private ObjectNode pause(ClaimedSend claim, Instant until, ProviderException failure, Instant started) {
        String reason = failure.getMessage();
        schedule.pauseSending(until, Duration.between(clock.instant(), until), reason);
        boolean held = schedule.releaseUntil(claim, until, reason);
        line(log.warn(held ? "send.paused" : "send.stale"), claim, started)
                .with("outcome", held ? "paused" : "stale")
                .with("error", reason)
                .with("paused_until", until.toString())
                .write();
        return result(held ? "paused" : "stale", claim.send())
                .put("error", reason)
                .put("paused_until", until.toString());
    }

    /**
     * The configuration stops every send alike (which Notion data source to use): nothing is wrong with
     * this one. It goes back on the schedule, due again in {@link #CONFIGURATION_RETRY}, its attempt not
     * counted, so however long the fix takes it is never dead-lettered for it.
     */
    private ObjectNode hold(ClaimedSend claim, String reason, Instant started) {
        boolean held = schedule.releaseUntil(claim, clock.instant().plus(CONFIGURATION_RETRY), reason);
        line(log.error(held ? "send.held" : "send.stale"), claim, started)
                .with("outcome", held ? "held" : "stale")
                .with("error", reason)
                .with("retry_in_s", CONFIGURATION_RETRY.getSeconds())
                .write();
        ObjectNode result = result(held ? "held" : "stale", claim.send()).put("error", reason);
        if (held) result.put("retry_in_seconds", CONFIGURATION_RETRY.getSeconds());
        return result;
    }

    private ObjectNode deadLetter(ClaimedSend claim, String reason, Instant started) {
        boolean held = schedule.deadLetter(claim, reason);
        if (held) recordFailure(claim.send(), reason);
        line(log.error(held ? "send.dead_lettered" : "send.stale"), claim, started)
                .with("outcome", held ? "dead_lettered" : "stale")
                .with("error", reason)
                .write();
        return result(held ? "dead_lettered" : "stale", claim.send()).put("error", reason);
    }

    private void recordFailure(ScheduledSend send, String reason) {
        crm.failed(send.id(), send.email(), send.template(), send.emailNumber(), reason);
    }

    private Log.Line line(Log.Line line, ClaimedSend claim, Instant started) {
        ScheduledSend send = claim.send();
        return line.with("email", send.email())
                .with("sequence", send.sequence())
                .with("sequence_id", send.sequenceId())
                .with("email_number", send.emailNumber())
                .with("template", send.template())
                .with("send_id", send.id())
                .with("attempt", claim.attempt())
                .with("duration_ms", Duration.between(started, clock.instant()).toMillis());
    }

    private static ObjectNode result(String status, ScheduledSend send) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", status);
        node.put("send_id", send.id());
        node.put("email", send.email());
        node.put("sequence", send.sequence());
        node.put("sequence_id", send.sequenceId());
        node.put("email_number", send.emailNumber());
        node.put("template", send.template());
        return node;
    }
}
