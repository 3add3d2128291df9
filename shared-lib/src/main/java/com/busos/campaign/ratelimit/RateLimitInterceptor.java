package com.busos.campaign.ratelimit;

import com.busos.campaign.http.CallFailure;
import java.io.IOException;
import lombok.RequiredArgsConstructor;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The shared rate limit as an interceptor: a token is taken before each attempt. A limiter that
 * cannot give one in time fails the attempt with its retryable 429 (the retry policy decides).
 */
@RequiredArgsConstructor
public final class RateLimitInterceptor implements Interceptor {
    private final RateLimiter limiter;

    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            limiter.acquire();
        } catch (RuntimeException noSlot) {
            throw new CallFailure(noSlot);
        }
        return chain.proceed(chain.request());
    }
}
