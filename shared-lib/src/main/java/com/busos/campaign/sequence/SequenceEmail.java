package com.busos.campaign.sequence;

import java.time.Duration;

/** One email of a sequence: its number, its template's name and when it goes out. */
public final class SequenceEmail {
    private final int number;
    private final String template;
    private final Duration delay;
    private final Duration testingDelay;
    private final boolean sentByWebsite;

    public SequenceEmail(int number, String template, Duration delay, Duration testingDelay, boolean sentByWebsite) {
        this.number = number;
        this.template = template;
        this.delay = delay;
        this.testingDelay = testingDelay;
        this.sentByWebsite = sentByWebsite;
    }

    public int number() {
        return number;
    }

    public String template() {
        return template;
    }

    /** The offset from the sequence's start: production delay, or the short one in TESTING_MODE. */
    public Duration delay(boolean testingMode) {
        return testingMode ? testingDelay : delay;
    }

    /** True for emails the website sends itself (5-day E1): never scheduled here. */
    public boolean sentByWebsite() {
        return sentByWebsite;
    }
}
