package com.busos.campaign.delivery;

import com.busos.campaign.sequence.EmailTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The email templates one send-email instance has read, kept for {@link #TTL} so an email costs no
 * Notion request for its template. A template check (template-check, campaign-admin) changes the
 * campaign's template version, and a changed version drops every entry at once: an edited template is
 * used from its check on. A template that was not found is not kept (the fix is seen at the next try).
 */
public final class TemplateCache {
    public static final Duration TTL = Duration.ofSeconds(60);

    private final Function<String, Optional<EmailTemplate>> lookup;
    private final Supplier<String> version;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param version the campaign's template version; null or "" before any check */
    public TemplateCache(
            Function<String, Optional<EmailTemplate>> lookup, Supplier<String> version, Clock clock, Duration ttl) {
        this.lookup = lookup;
        this.version = version;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Optional<EmailTemplate> find(String name) {
        String current = Objects.toString(version.get(), "");
        Instant now = clock.instant();
        Entry entry = entries.get(name);
        if (entry != null && entry.version.equals(current) && now.isBefore(entry.until)) {
            return Optional.of(entry.template);
        }
        Optional<EmailTemplate> found = lookup.apply(name);
        if (found.isPresent()) entries.put(name, new Entry(found.get(), current, now.plus(ttl)));
        else entries.remove(name);
        return found;
    }

    private static final class Entry {
        final EmailTemplate template;
        final String version;
        final Instant until;

        Entry(EmailTemplate template, String version, Instant until) {
            this.template = template;
            this.version = version;
            this.until = until;
        }
    }
}
