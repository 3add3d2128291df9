package com.busos.campaign.resend;

import com.busos.campaign.http.ProviderException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Resend's sending quotas: a 429 named {@code daily_quota_exceeded} or {@code monthly_quota_exceeded}
 * passes when the quota resets, at the next UTC day or month (its Retry-After, when later, wins). Not a
 * failure of the email: the send waits for the reset instead of being retried or dead-lettered.
 */
public final class SendingQuota {
    public static final String DAILY = "daily_quota_exceeded";
    public static final String MONTHLY = "monthly_quota_exceeded";

    private SendingQuota() {}

    /** When {@code failure} is a spent Resend quota, the moment it resets; else empty. */
    public static Optional<Instant> resetOf(ProviderException failure, Instant now) {
        if (!"resend".equals(failure.provider()) || failure.status() != 429) return Optional.empty();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Instant reset;
        if (DAILY.equals(failure.code())) {
            reset = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } else if (MONTHLY.equals(failure.code())) {
            reset = today.withDayOfMonth(1)
                    .plusMonths(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } else {
            return Optional.empty();
        }
        Instant afterRetryAfter = failure.retryAfter().map(now::plus).orElse(reset);
        return Optional.of(afterRetryAfter.isAfter(reset) ? afterRetryAfter : reset);
    }
}
