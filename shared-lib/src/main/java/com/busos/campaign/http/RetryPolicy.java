package com.busos.campaign.http;

import okhttp3.Request;

/**
 * Whether a failed attempt of one request may be repeated, decided per request (set as the request's
 * tag; a request without one is never repeated). OkHttp's own silent retry is off
 * ({@code retryOnConnectionFailure(false)}), so this is the only place a request is sent again.
 */
public interface RetryPolicy {
    /** Repeating cannot do anything twice (a read, an update to the same values, an idempotent send). */
    RetryPolicy ANY_RETRYABLE = failure -> true;
    /**
     * Repeating could do it twice (a Notion page create): only an answer saying the request was not
     * processed (429, 529) is retried; a 5xx or a dropped connection after the request may have been
     * written is not.
     */
    RetryPolicy ONLY_IF_NOT_PROCESSED = failure -> failure.status() == 429 || failure.status() == 529;

    RetryPolicy NEVER = failure -> false;

    /** Called only for a failure that is {@link ProviderException#retryable() retryable}. */
    boolean mayRetry(ProviderException failure);

    static Request.Builder tag(Request.Builder request, RetryPolicy policy) {
        return request.tag(RetryPolicy.class, policy);
    }
}
