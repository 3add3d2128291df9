package com.busos.campaign.suppression;

import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.Schedule;
import java.time.Clock;
import java.util.List;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Stops all email to an address: it joins the suppression list, then every send of it not yet
 * delivered is cancelled. Both steps are idempotent; send-email checks the list before each send, so
 * a send claimed before the address was suppressed is not delivered either.
 */
@RequiredArgsConstructor
public final class SuppressionService {
    @Getter
    private final Suppressions suppressions;

    private final Schedule schedule;
    private final Clock clock;
    private final Log log;

    /** What {@link #suppress} did. */
    @Getter
    public static final class Outcome {
        /** False when the address was already suppressed (its first reason is kept). */
        private final boolean newlySuppressed;

        private final List<String> cancelledSends;

        Outcome(boolean newlySuppressed, List<String> cancelledSends) {
            this.newlySuppressed = newlySuppressed;
            this.cancelledSends = List.copyOf(cancelledSends);
        }
    }

    public Outcome suppress(String address, String reason, String detail) {
        boolean added = suppressions.suppress(address, reason, detail, clock.instant());
        List<String> cancelled = schedule.cancelSendsOf(address, null, "suppressed: " + reason);
        log.info("suppression.added")
                .with("email", address)
                .with("reason", reason)
                .with("already_suppressed", !added)
                .with("cancelled_sends", cancelled.size())
                .write();
        return new Outcome(added, cancelled);
    }
}
