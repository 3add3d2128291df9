package com.busos.campaign.delivery;

import com.busos.campaign.deadline.KeyedLocks;
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
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * The email templates one send-email instance has read, kept for {@link #TTL} so an email costs no
 * Notion request for its template. A template check (template-check, campaign-admin) changes the
 * campaign's template version, and a changed version drops every entry at once: an edited template is
 * used from its check on. A template that was not found is not kept (the fix is seen at the next try).
 */
@RequiredArgsConstructor
public final class TemplateCache {
    public static final Duration TTL = Duration.ofSeconds(60);

    private final Function<String, Optional<EmailTemplate>> lookup;
    private final Supplier<String> version;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final KeyedLocks lookups = new KeyedLocks();

    /** Where the templates are read, for the messages that name it. */
    public static final String NOTION_SOURCE = "the Email Templates database";

    /** Where the templates are read, as a message names it: {@link #NOTION_SOURCE}, or "the template files in …". */
    @Getter
    private final String source;

    /** @param version the campaign's template version; null or "" before any check */
    public TemplateCache(
            Function<String, Optional<EmailTemplate>> lookup, Supplier<String> version, Clock clock, Duration ttl) {
        this(lookup, version, clock, ttl, NOTION_SOURCE);
    }

    public Optional<EmailTemplate> find(String name) {
        String current = Objects.toString(version.get(), "");
        Optional<EmailTemplate> fresh = fresh(name, current);
        if (fresh.isPresent()) return fresh;
        // One lookup per template at a time: the sends in flight when an entry expires wait for it
        // instead of each asking Notion (docs/benchmarks.md, benchmark 7).
        return lookups.underLock(name, "the template " + name, () -> {
            Optional<EmailTemplate> meanwhile = fresh(name, current);
            if (meanwhile.isPresent()) return meanwhile;
            Optional<EmailTemplate> found = lookup.apply(name);
            if (found.isPresent())
                entries.put(
                        name, new Entry(found.get(), current, clock.instant().plus(ttl)));
            else entries.remove(name);
            return found;
        });
    }

    private Optional<EmailTemplate> fresh(String name, String currentVersion) {
        Entry entry = entries.get(name);
        if (entry != null
                && entry.version.equals(currentVersion)
                && clock.instant().isBefore(entry.until)) {
            return Optional.of(entry.template);
        }
        return Optional.empty();
    }

    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    private static final class Entry {
        final EmailTemplate template;
        final String version;
        final Instant until;
    }
}
