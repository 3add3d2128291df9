package com.busos.campaign.suppression;

import com.busos.campaign.deadline.Deadline;
import com.busos.campaign.schedule.Schedule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * The addresses no email may be sent to any more: unsubscribed, hard-bounced or complained. Kept
 * behind {@link SuppressionStore} (in Redis, {@code redis.RedisSuppressionStore}: one hash under the
 * schedule's hash tag, {@code {p}:suppressed}): normalized address ({@link Schedule#normalizeAddress})
 * → {@code {"reason", "at", "detail"}}. Entries never expire; an operator lifts one ({@link #lift}:
 * campaign-admin's console, or {@code redis-cli HDEL '{campaign}:suppressed' <address>}).
 */
@RequiredArgsConstructor
public final class Suppressions {
    /** Reasons stored with an entry. */
    public static final String UNSUBSCRIBED = "unsubscribed";

    public static final String BOUNCED = "bounced";
    public static final String COMPLAINED = "complained";
    public static final String PROVIDER_SUPPRESSED = "provider_suppressed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SuppressionStore store;

    /** One suppression: why and when. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    @Getter
    public static final class Entry {
        private final String reason;
        /** ISO-8601 instant. */
        private final String at;

        private final String detail;

        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode().put("reason", reason).put("at", at);
            if (detail != null) node.put("detail", detail);
            return node;
        }
    }

    /** Adds the address; true when it was not suppressed before (an existing entry is kept as it is). */
    public boolean suppress(String email, String reason, String detail, Instant at) {
        ObjectNode value = JSON.createObjectNode().put("reason", reason).put("at", at.toString());
        if (detail != null) value.put("detail", detail);
        Deadline.check("suppress an address");
        return store.putIfAbsent(Schedule.normalizeAddress(email), value.toString());
    }

    public boolean isSuppressed(String email) {
        return store.contains(Schedule.normalizeAddress(email));
    }

    public Optional<Entry> find(String email) {
        String raw = store.get(Schedule.normalizeAddress(email)).orElse(null);
        if (raw == null) return Optional.empty();
        return Optional.of(entry(raw));
    }

    /**
     * Lifts the address's suppression: it may be emailed again (sends cancelled meanwhile stay
     * cancelled; a new signup schedules new ones). True when it was suppressed.
     */
    public boolean lift(String email) {
        Deadline.check("lift a suppression");
        return store.remove(Schedule.normalizeAddress(email));
    }

    /** One page of the list from {@code cursor} ("0" first): about {@code limit} addresses, at most {@link SuppressionStore#MAX_PAGE}. */
    public Listing list(String cursor, int limit) {
        SuppressionStore.Page page = store.page(cursor == null ? "0" : cursor, limit);
        List<Map.Entry<String, Entry>> entries = new ArrayList<>();
        for (Map.Entry<String, String> stored : page.entries()) {
            entries.add(Map.entry(stored.getKey(), entry(stored.getValue())));
        }
        return new Listing(entries, page.next());
    }

    /** A page of the suppression list: address → entry, and the cursor of the next page ("0": none). */
    @Getter
    public static final class Listing {
        private final List<Map.Entry<String, Entry>> entries;
        private final String next;

        Listing(List<Map.Entry<String, Entry>> entries, String next) {
            this.entries = List.copyOf(entries);
            this.next = next;
        }

        public boolean hasMore() {
            return next != null && !next.equals("0");
        }
    }

    private static Entry entry(String raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            return new Entry(
                    node.path("reason").asText(UNSUBSCRIBED),
                    node.path("at").asText(null),
                    node.path("detail").asText(null));
        } catch (IOException | RuntimeException notJson) {
            return new Entry(raw, null, null);
        }
    }

    public long count() {
        return store.count();
    }
}
