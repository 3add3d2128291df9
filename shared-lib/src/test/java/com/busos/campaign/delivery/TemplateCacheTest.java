package com.busos.campaign.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The templates a send-email instance keeps: one Notion lookup per template per TTL, however many sends ask. */
class TemplateCacheTest {
    private static final EmailTemplate E2 = new EmailTemplate("5-Day E2", "Day 2", "<p>Hi</p>");

    @Test
    void sendsInFlightWhenTheCacheIsColdAskNotionOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CountDownLatch inLookup = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        TemplateCache cache = new TemplateCache(
                name -> {
                    lookups.incrementAndGet();
                    inLookup.countDown();
                    try {
                        answer.await(); // the first lookup is still in Notion while the others ask
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of(E2);
                },
                () -> "v1",
                new ManualClock(java.time.Instant.parse("2026-12-01T09:00:00Z")),
                TemplateCache.TTL);
        ExecutorService sends = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<EmailTemplate>>> found = new ArrayList<>();
            for (int i = 0; i < 8; i++) found.add(sends.submit(() -> cache.find("5-Day E2")));
            inLookup.await();
            answer.countDown();
            for (Future<Optional<EmailTemplate>> each : found) assertEquals(Optional.of(E2), each.get());
        } finally {
            sends.shutdownNow();
        }
        assertEquals(1, lookups.get(), "one lookup for 8 sends of the same template at once");
    }

    @Test
    void anExpiredOrChangedEntryIsLookedUpAgainAndAMissingOneIsNotKept() {
        AtomicInteger lookups = new AtomicInteger();
        String[] version = {"v1"};
        @SuppressWarnings("unchecked")
        Optional<EmailTemplate>[] answer = new Optional[] {Optional.of(E2)};
        ManualClock clock = new ManualClock(java.time.Instant.parse("2026-12-01T09:00:00Z"));
        TemplateCache cache = new TemplateCache(
                name -> {
                    lookups.incrementAndGet();
                    return answer[0];
                },
                () -> version[0],
                clock,
                TemplateCache.TTL);
        cache.find("5-Day E2");
        cache.find("5-Day E2");
        assertEquals(1, lookups.get(), "kept");
        clock.advance(TemplateCache.TTL.plus(Duration.ofSeconds(1)));
        cache.find("5-Day E2");
        assertEquals(2, lookups.get(), "expired");
        version[0] = "v2";
        cache.find("5-Day E2");
        assertEquals(3, lookups.get(), "a template check changed the version");
        answer[0] = Optional.empty();
        version[0] = "v3";
        assertEquals(Optional.empty(), cache.find("5-Day E2"));
        assertEquals(Optional.empty(), cache.find("5-Day E2"));
        assertEquals(5, lookups.get(), "a template not found is asked for again");
    }
}
