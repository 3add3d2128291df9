package com.busos.campaign.ratelimit;

/** Blocks until one more request may be sent to a provider. */
public interface RateLimiter {
    RateLimiter NONE = () -> {};

    void acquire();
}
