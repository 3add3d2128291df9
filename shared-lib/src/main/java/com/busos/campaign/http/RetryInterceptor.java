package com.busos.campaign.http;

import java.io.IOException;
import lombok.RequiredArgsConstructor;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The short in-call retries ({@link Retrying}) as the outermost interceptor: each attempt goes down
 * the chain again (deadline guard, rate limit, metrics, authentication), its answer is read by the
 * provider's {@link ResponseReader}, and a retryable failure is repeated only when the request's
 * {@link RetryPolicy} allows it. Waits honour Retry-After. A failure reaches the caller as a
 * {@link CallFailure} holding the {@link ProviderException}; a success, with its body read.
 */
@RequiredArgsConstructor
public final class RetryInterceptor implements Interceptor {
    private final String provider;
    private final Retrying retrying;
    private final ResponseReader reader;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RetryPolicy tagged = request.tag(RetryPolicy.class);
        RetryPolicy policy = tagged == null ? RetryPolicy.NEVER : tagged;
        try {
            return retrying.run(() -> attempt(chain, request), policy::mayRetry);
        } catch (RuntimeException failure) {
            throw new CallFailure(failure);
        }
    }

    private Response attempt(Chain chain, Request request) {
        Response response;
        try {
            response = chain.proceed(request);
        } catch (CallFailure inner) {
            throw inner.unwrap();
        } catch (IOException e) {
            throw networkError(provider, e);
        }
        String text;
        MediaType type;
        try (ResponseBody body = response.body()) {
            type = body == null ? null : body.contentType();
            text = body == null ? "" : body.string();
        } catch (IOException e) {
            throw networkError(provider, e);
        }
        ProviderException failure = reader.failure(response, text);
        if (failure != null) throw failure;
        return response.newBuilder().body(ResponseBody.create(text, type)).build();
    }

    /** No usable answer came (connection refused or dropped, timeout, unreadable body): retryable. */
    public static ProviderException networkError(String provider, IOException e) {
        return new ProviderException(
                provider, 0, "network_error", e.getClass().getSimpleName() + ": " + e.getMessage(), true, null, e);
    }
}
