package com.busos.campaign.sequence;

import java.time.Duration;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** One email of a sequence: its number, its template's name and when it goes out. */
@RequiredArgsConstructor
public final class SequenceEmail {
    @Getter
    private final int number;

    @Getter
    private final String template;

    private final Duration delay;
    private final Duration testingDelay;
    /** True for emails the website sends itself (5-day E1): never scheduled here. */
    @Getter
    private final boolean sentByWebsite;

    /** The offset from the sequence's start: production delay, or the short one in TESTING_MODE. */
    public Duration delay(boolean testingMode) {
        return testingMode ? testingDelay : delay;
    }
}
