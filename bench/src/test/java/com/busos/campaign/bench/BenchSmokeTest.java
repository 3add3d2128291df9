package com.busos.campaign.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A small run of every benchmark, so that they keep working as the code changes. The figures are
 * printed (and written to target/benchmarks-small.md), never asserted: timing belongs in the
 * benchmarks, not in tests. Only what does not depend on speed is checked: every benchmark ran to
 * the end and measured something, and the counts that are facts rather than timings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchSmokeTest {
    private static final List<Section> SECTIONS = new ArrayList<>();

    private static Section ran(Section section) {
        SECTIONS.add(section.finish());
        System.out.println(section.markdown());
        assertFalse(section.headlines.isEmpty(), section.title + ": no headline");
        return section;
    }

    @Test
    @Order(1)
    void entrypoints() {
        Section section = ran(EntrypointBench.run(Size.SMALL));
        assertTrue(section.figures.get("wait50.c32.ours.rps") > 0);
        assertTrue(section.figures.get("trivial.c1.official.rps") > 0);
    }

    @Test
    @Order(2)
    void scheduleAgainstRedisson() {
        Section section = ran(ScheduleBench.run(Size.SMALL));
        assertEquals(Size.SMALL.scheduleSends(), section.figures.get("ours.taken"));
        assertEquals(Size.SMALL.scheduleSends(), section.figures.get("redisson.taken"));
    }

    @Test
    @Order(3)
    void providerRequests() {
        Section section = ran(ProviderRequestsBench.run(Size.SMALL));
        assertEquals(1.0, section.figures.get("email.resend"));
    }

    @Test
    @Order(4)
    void drain() {
        Section section = ran(DrainBench.run(Size.SMALL));
        assertEquals(Size.SMALL.drainSends(), section.figures.get("delivered"));
        assertEquals(0.0, section.figures.get("duplicates"));
    }

    @Test
    @Order(5)
    void startAndFootprint() {
        Section section = ran(StartupBench.run(Size.SMALL));
        assertTrue(section.figures.containsKey("send-email.default.first"));
    }

    @Test
    @Order(6)
    void burst() {
        Section section = ran(BurstBench.run(Size.SMALL));
        assertEquals(1.0, section.figures.get("async_ok"), "every signup of the burst answered 2xx");
        assertEquals(0.0, section.figures.get("trackers_missing"), "a tracker record for every lead");
    }

    @Test
    @Order(7)
    void deliveryDrain() {
        Section section = ran(DeliveryDrainBench.run(Size.SMALL));
        assertEquals(0.0, section.figures.get("duplicates"));
        assertEquals(0.0, section.figures.get("left"), "every email delivered, every CRM job done");
    }

    @Test
    @Order(8)
    void lateness() {
        Section section = ran(LatenessBench.run(Size.SMALL));
        assertEquals(section.figures.get("sends"), section.figures.get("delivered"), "every email delivered");
        assertEquals(0.0, section.figures.get("duplicates"));
    }

    @Test
    @Order(9)
    void memoryOfEveryFunction() {
        Section section = ran(FootprintBench.run(Size.SMALL));
        assertEquals(11.0, section.figures.get("functions"), "every function under functions/ measured");
        assertEquals(0.0, section.figures.get("errors"), "every call answered 2xx");
    }

    @AfterAll
    static void writeDocument() {
        RunAll.write(
                Locations.root().resolve("bench/target/benchmarks-small.md"), RunAll.document(Size.SMALL, SECTIONS, 0));
    }
}
