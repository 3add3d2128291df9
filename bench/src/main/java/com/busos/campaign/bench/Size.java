package com.busos.campaign.bench;

import java.time.Duration;

/** How big each benchmark runs: FULL for docs/benchmarks.md, SMALL for the test suite. */
record Size(
        String name,
        // 1: entrypoints
        int[] clients,
        long requestsPerRun,
        Duration timePerRun,
        Duration warmup,
        // 2: schedule vs Redisson
        int scheduleSends,
        // 3: provider requests
        int signups,
        // 4: drain
        int drainSends,
        int drainLimit,
        // 5: start and footprint
        int startRepeats,
        int loadRequests,
        int loadClients,
        java.time.Duration idleSettle,
        // 6: burst
        int burstSignups,
        int burstClients,
        int burstSyncSeconds,
        Duration burstWindow,
        // 7: delivery drain
        int deliverySends,
        // 8: lateness
        int latenessSends,
        Duration latenessSpread,
        Duration latenessCadence,
        // 9: memory of every function
        int footprintCalls,
        int[] footprintLimitsMib,
        boolean footprintNmt) {

    static final Size FULL = new Size(
            "full",
            new int[] {1, 8, 32},
            20_000,
            Duration.ofSeconds(5),
            Duration.ofSeconds(3),
            100_000,
            40,
            10_000,
            50,
            5,
            200,
            8,
            Duration.ofSeconds(1),
            1_000,
            32,
            60,
            Duration.ofSeconds(120),
            400,
            90,
            Duration.ofSeconds(90),
            Duration.ofSeconds(60),
            600,
            new int[] {256, 192, 160, 128, 96},
            true);

    static final Size SMALL = new Size(
            "small",
            new int[] {1, 8, 32},
            300,
            Duration.ofMillis(400),
            Duration.ofMillis(300),
            2_000,
            4,
            300,
            200,
            1,
            20,
            4,
            Duration.ofMillis(300),
            40,
            8,
            5,
            Duration.ofSeconds(8),
            16,
            6,
            Duration.ofSeconds(6),
            Duration.ofSeconds(3),
            30,
            new int[] {},
            true);

    boolean full() {
        return this == FULL;
    }
}
