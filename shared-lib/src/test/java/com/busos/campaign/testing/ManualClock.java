package com.busos.campaign.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand (UTC). */
public final class ManualClock extends Clock {
    private volatile Instant at;

    public ManualClock(Instant at) {
        this.at = at;
    }

    public void set(Instant at) {
        this.at = at;
    }

    public void advance(Duration by) {
        this.at = at.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return at;
    }
}
