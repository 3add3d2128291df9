package com.busos.campaign.admin;

import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Counters;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.suppression.Suppressions;
import com.busos.campaign.templates.TemplateCheck;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;

/**
 * The operator's view of the schedule: counts, one address's sends, cancelling, the dead letters and
 * the template check. Every answer is a JSON object; every change is one of the schedule's scripts.
 */
@RequiredArgsConstructor
public final class CampaignAdmin {
    /** campaign-admin (its template check also needs notion-token and notion-email-templates-db-id). */
    public static final List<Setting> SETTINGS = List.of(Setting.ADMIN_TOKEN);

    /** Send states that are still to be sent. */
    public static final Set<String> PENDING_STATES = Set.of("scheduled", "claimed");

    public static final int DAYS_AHEAD = 7;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Schedule schedule;
    private final Suppressions suppressions;
    private final Supplier<TemplateCheck> templateCheck;
    private final Clock clock;
    private final Log log;

    /** Counts of scheduled, due, claimed (and expired leases), dead-lettered and suppressed; sends per UTC day. */
    public ObjectNode stats() {
        Instant now = clock.instant();
        ObjectNode answer = NODES.objectNode();
        answer.put("now", now.toString());
        answer.put("scheduled", schedule.countScheduled());
        answer.put("due", schedule.countDue(now));
        answer.put("claimed", schedule.countClaimed());
        answer.put("expired_leases", schedule.countExpiredLeases(now));
        answer.put("dead", schedule.countDead());
        answer.put("suppressed", suppressions.count());
        ArrayNode days = answer.putArray("sends_per_day");
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int i = 0; i < DAYS_AHEAD; i++) {
            LocalDate day = today.plusDays(i);
            long count = schedule.countDueBetween(
                    day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            days.addObject().put("date", day.toString()).put("sends", count);
        }
        return answer;
    }

    /** The outcomes always exposed for emails (0 until one happens), so each series exists from the start. */
    static final List<String> EMAIL_OUTCOMES =
            List.of("delivered", "skipped", "suppressed", "retried", "dead", "cancelled");

    /** The outcomes always exposed for CRM jobs. */
    static final List<String> CRM_OUTCOMES = List.of("done", "retried", "dead", "cancelled");

    /** The providers always exposed. */
    static final List<String> PROVIDERS = List.of("notion", "resend");

    /**
     * The campaign's metrics in Prometheus's text format 0.0.4: the schedule's depth, what is due and
     * how long the oldest has waited, sends by kind and outcome, provider requests and 429s, dead
     * letters, suppressed addresses, enrolments per sequence. Counters are Redis's (every function's).
     */
    public String metrics() {
        Instant now = clock.instant();
        PrometheusText text = new PrometheusText();
        text.family("campaign_schedule_entries", "gauge", "Entries (emails and CRM jobs) in the schedule, by state.")
                .sample(schedule.countScheduled(), "state", "scheduled")
                .sample(schedule.countClaimed(), "state", "claimed")
                .sample(schedule.countDead(), "state", "dead");
        text.family("campaign_schedule_due", "gauge", "Scheduled entries due now (waiting to be claimed).")
                .sample(schedule.countDue(now));
        long oldest = schedule.oldestDue(now)
                .map(due -> Math.max(0, java.time.Duration.between(due, now).getSeconds()))
                .orElse(0L);
        text.family(
                        "campaign_schedule_oldest_due_age_seconds",
                        "gauge",
                        "How long the longest-due scheduled entry has been due, in seconds (0 when none is due).")
                .sample(oldest);
        text.family("campaign_schedule_expired_leases", "gauge", "Claimed entries whose lease has ended.")
                .sample(schedule.countExpiredLeases(now));
        text.family(
                "campaign_sends_total",
                "counter",
                "Sends by kind (email, crm: a CRM job) and outcome, counted once by the change that records it.");
        for (String kind : List.of(Counters.EMAIL, Counters.CRM)) {
            Map<String, Long> outcomes =
                    new java.util.TreeMap<>(schedule.counters().sendOutcomes(kind));
            for (String known : kind.equals(Counters.EMAIL) ? EMAIL_OUTCOMES : CRM_OUTCOMES)
                outcomes.putIfAbsent(known, 0L);
            outcomes.forEach((outcome, count) -> text.sample(count, "kind", kind, "outcome", outcome));
        }
        Map<String, Map<Integer, Long>> responses =
                new java.util.TreeMap<>(schedule.counters().providerResponses());
        for (String provider : PROVIDERS) responses.putIfAbsent(provider, Map.of());
        text.family(
                "campaign_provider_requests_total",
                "counter",
                "HTTP requests sent to each provider, every attempt (retries included).");
        responses.forEach((provider, byStatus) -> text.sample(
                byStatus.values().stream().mapToLong(Long::longValue).sum(), "provider", provider));
        text.family(
                "campaign_provider_rate_limited_total",
                "counter",
                "Provider answers 429 Too Many Requests, by provider.");
        responses.forEach((provider, byStatus) -> text.sample(byStatus.getOrDefault(429, 0L), "provider", provider));
        text.family("campaign_dead_letters", "gauge", "Entries in the dead-letter set (for the operator).")
                .sample(schedule.countDead());
        text.family("campaign_suppressed_addresses", "gauge", "Addresses that may not be emailed any more.")
                .sample(suppressions.count());
        Map<String, Long> enrolled = new java.util.TreeMap<>(schedule.enrolledPerSequence());
        for (String sequence : List.of(Sequences.FIVE_DAY, Sequences.NOSHOW, Sequences.POSTCALL, Sequences.ONBOARDING))
            enrolled.putIfAbsent(sequence, 0L);
        text.family(
                "campaign_enrolments_total", "counter", "Leads enrolled, by sequence (a repeated signup counts once).");
        enrolled.forEach((sequence, count) -> text.sample(count, "sequence", sequence));
        return text.toString();
    }

    /** The address's pending sends (scheduled, claimed) and past ones (every other retained state). */
    public ObjectNode sendsOf(String email) {
        ObjectNode answer = NODES.objectNode();
        answer.put("email", email);
        Optional<Suppressions.Entry> suppressed = suppressions.find(email);
        answer.put("suppressed", suppressed.isPresent());
        suppressed.ifPresent(entry -> answer.set("suppression", entry.toJson()));
        List<ObjectNode> pending = new ArrayList<>();
        List<ObjectNode> past = new ArrayList<>();
        for (String id : schedule.sendIdsOf(email)) {
            Map<String, String> hash = schedule.inspect(id);
            if (hash.isEmpty()) continue;
            ObjectNode send = describe(id, hash);
            (PENDING_STATES.contains(send.path("state").asText()) ? pending : past).add(send);
        }
        Comparator<ObjectNode> byDue =
                Comparator.comparing(node -> node.path("due").asText(""));
        pending.sort(byDue);
        past.sort(byDue);
        answer.putArray("pending").addAll(pending);
        answer.putArray("past").addAll(past);
        return answer;
    }

    /** Cancels the address's sends not yet delivered: all, or one sequence's ({@code sequence} non-null). */
    public ObjectNode cancel(String email, String sequence, String reason) {
        List<String> cancelled = schedule.cancelSendsOf(
                email, sequence == null ? null : List.of(sequence), reason == null ? "cancelled by operator" : reason);
        log.info("admin.cancel")
                .with("email", email)
                .with("sequence", sequence)
                .with("cancelled_sends", cancelled.size())
                .write();
        ObjectNode answer = NODES.objectNode();
        answer.put("email", email);
        if (sequence != null) answer.put("sequence", sequence);
        answer.put("count", cancelled.size());
        answer.set("cancelled", ids(cancelled));
        return answer;
    }

    /** The dead letters, oldest first, with their last error. */
    public ObjectNode deadLetters(int limit) {
        return deadLetters(0, limit);
    }

    /** A page of the dead letters, oldest first, from the {@code offset}-th (0 first). */
    public ObjectNode deadLetters(long offset, int limit) {
        ObjectNode answer = NODES.objectNode();
        answer.put("count", schedule.countDead());
        ArrayNode dead = answer.putArray("dead");
        for (String id : schedule.deadLetterIds(offset, limit)) {
            Map<String, String> hash = schedule.inspect(id);
            ObjectNode send = describe(id, hash);
            schedule.deadAt(id).ifPresent(at -> send.put("dead_at", at.toString()));
            dead.add(send);
        }
        return answer;
    }

    /** Dead letters back on the schedule, due now, attempts reset: one ({@code sendId}) or all (null). */
    public ObjectNode requeueDead(String sendId) {
        List<String> moved = schedule.requeueDead(sendId == null ? schedule.allDeadLetterIds() : List.of(sendId));
        log.info("admin.requeue_dead")
                .with("send_id", sendId)
                .with("requeued", moved.size())
                .write();
        ObjectNode answer = NODES.objectNode().put("count", moved.size());
        answer.set("requeued", ids(moved));
        return answer;
    }

    /** Dead letters given up for good: one ({@code sendId}) or all (null). */
    public ObjectNode discardDead(String sendId) {
        List<String> discarded = schedule.discardDead(sendId == null ? schedule.allDeadLetterIds() : List.of(sendId));
        log.info("admin.discard_dead")
                .with("send_id", sendId)
                .with("discarded", discarded.size())
                .write();
        ObjectNode answer = NODES.objectNode().put("count", discarded.size());
        answer.set("discarded", ids(discarded));
        return answer;
    }

    /** Is {@code sendId} a dead letter right now? */
    public boolean isDead(String sendId) {
        return schedule.deadAt(sendId).isPresent();
    }

    /**
     * The template check (the same as the template-check function's): every template a sequence
     * references exists, has a subject and a body, uses only its sequence's variables and is
     * well-formed HTML. {@code ok} is false when any is not.
     */
    public ObjectNode checkTemplates() {
        TemplateCheck.Report report = templateCheck.get().run();
        log.info("admin.template_check")
                .with("checked", report.toJson().path("checked").asInt())
                .with("problems", report.problemCount())
                .write();
        return report.toJson();
    }

    /** Indexes the sends already in the schedule by address (for sends from before the index). */
    public ObjectNode reindex() {
        int seen = schedule.reindex();
        log.info("admin.reindex").with("sends", seen).write();
        return NODES.objectNode().put("indexed", seen);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static ObjectNode describe(String id, Map<String, String> hash) {
        ObjectNode send = NODES.objectNode();
        send.put("send_id", id);
        String payload = hash.get("payload");
        if (payload != null && "crm".equals(hash.get("kind"))) {
            // A CRM job (the Notion mirror of an email): what it writes, for which address and send.
            try {
                com.fasterxml.jackson.databind.JsonNode job = JSON.readTree(payload);
                send.put("kind", "crm");
                send.put("job", job.path("job").asText());
                send.put("email", job.path("email").asText());
                send.put("for_send_id", job.path("send_id").asText());
                send.put("email_number", job.path("email_number").asInt());
            } catch (java.io.IOException unreadable) {
                send.put("payload_error", "not a CRM job");
            }
        } else if (payload != null) {
            try {
                ScheduledSend scheduled = ScheduledSend.fromJson(payload);
                send.put("email", scheduled.email());
                send.put("sequence", scheduled.sequence());
                send.put("sequence_id", scheduled.sequenceId());
                send.put("email_number", scheduled.emailNumber());
                send.put("template", scheduled.template());
            } catch (IllegalArgumentException unreadable) {
                send.put("payload_error", unreadable.getMessage());
            }
        }
        send.put("state", hash.getOrDefault("state", "unknown"));
        send.put("attempts", parseInt(hash.get("attempts")));
        putInstant(send, "due", hash.get("due"));
        putInstant(send, "finished_at", hash.get("finished_at"));
        for (String field : List.of("error", "cancel_reason", "resend_id")) {
            String value = hash.get(field);
            if (value != null && !value.isEmpty()) send.put(field, value);
        }
        return send;
    }

    private static void putInstant(ObjectNode node, String name, String epochMillis) {
        if (epochMillis == null || epochMillis.isEmpty()) return;
        try {
            node.put(name, Instant.ofEpochMilli(Long.parseLong(epochMillis)).toString());
        } catch (NumberFormatException notMillis) {
            node.put(name, epochMillis);
        }
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ArrayNode ids(Collection<String> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(array::add);
        return array;
    }
}
