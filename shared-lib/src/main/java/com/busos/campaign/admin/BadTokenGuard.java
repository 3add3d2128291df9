package com.busos.campaign.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;

/**
 * Slows down and then locks out a client that keeps sending a wrong admin token, so the token cannot be
 * guessed at the rate the function answers. The first {@value #FREE_FAILURES} failures cost nothing;
 * each one after that locks the client out for twice as long as the last (1 s, 2 s, 4 s … at most
 * {@link #MAX_LOCKOUT}); while locked out, every call of that client is refused before its token is
 * even compared. The right token clears the client's record. Clients are told apart by the address the
 * gateway saw ({@link com.busos.campaign.webhook.ClientAddress}); at most {@value #MAX_CLIENTS} are remembered (the oldest forgotten),
 * so a flood of addresses costs bounded memory. Per function instance (campaign-admin runs one).
 */
@RequiredArgsConstructor
public final class BadTokenGuard {
    static final int FREE_FAILURES = 5;
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Map<String, Failures> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** How long {@code client} must still wait before its next try, if it is locked out. */
    public synchronized Optional<Duration> lockedOut(String client) {
        Failures failures = clients.get(client);
        if (failures == null || failures.lockedUntil == null) return Optional.empty();
        Duration left = Duration.between(clock.instant(), failures.lockedUntil);
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** A wrong or missing token from {@code client}: counts it, and locks the client out past the free tries. */
    public synchronized void failed(String client) {
        Failures failures = clients.computeIfAbsent(client, key -> new Failures());
        failures.count++;
        if (failures.count > FREE_FAILURES) {
            int doublings = Math.min(failures.count - FREE_FAILURES - 1, 20);
            Duration lockout = Duration.ofSeconds(1L << doublings);
            if (lockout.compareTo(MAX_LOCKOUT) > 0) lockout = MAX_LOCKOUT;
            failures.lockedUntil = clock.instant().plus(lockout);
        }
    }

    /** The right token: the client starts afresh. */
    public synchronized void succeeded(String client) {
        clients.remove(client);
    }

    private static final class Failures {
        int count;
        Instant lockedUntil;
    }
}
