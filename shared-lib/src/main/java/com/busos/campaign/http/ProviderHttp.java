package com.busos.campaign.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The request handling every provider client shares, as OkHttp interceptors, outermost first:
 * <ol>
 *   <li>{@link RetryInterceptor}: the short retries, as the request's {@link RetryPolicy} allows;</li>
 *   <li>{@link DeadlineInterceptor}: an interrupted thread (the function's deadline) sends nothing;</li>
 *   <li>the shared rate limit (one token per attempt, retries included), when given;</li>
 *   <li>{@link ObservingInterceptor}: the logging/metrics hook;</li>
 *   <li>{@link AuthInterceptor}: the Bearer token and the provider's fixed headers;</li>
 *   <li>the base client's own interceptors, if any.</li>
 * </ol>
 * OkHttp's own retry on connection failure is off: only the retry policy decides. The client knows
 * nothing of the campaign.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class ProviderHttp {
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Getter
    private final String provider;

    private final OkHttpClient client;

    public static Builder builder(String provider, OkHttpClient base) {
        return new Builder(provider, base);
    }

    /**
     * Sends the request through the chain and answers the successful answer's body. Fails with the
     * {@link ProviderException} of the last attempt, or {@link com.busos.campaign.deadline.DeadlineExceededException}.
     */
    public String execute(Request request) {
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            return body == null ? "" : body.string();
        } catch (CallFailure failure) {
            throw failure.unwrap();
        } catch (IOException e) {
            throw RetryInterceptor.networkError(provider, e);
        }
    }

    /**
     * Sends the request, tagged with its retry policy, and answers the success's JSON (an empty body as
     * an empty object); the reader checked already that a success is JSON.
     */
    public JsonNode json(Request.Builder request, RetryPolicy policy) {
        String text = execute(RetryPolicy.tag(request, policy).build());
        try {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw RetryInterceptor.networkError(provider, e); // checked already by the reader: not reached
        }
    }

    /** A JSON request body. */
    public static RequestBody body(JsonNode json) {
        return RequestBody.create(json.toString(), JSON_TYPE);
    }

    @RequiredArgsConstructor(access = AccessLevel.PRIVATE)
    public static final class Builder {
        private final String provider;
        private final OkHttpClient base;
        private String token;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Retrying retrying = Retrying.none();
        private ResponseReader reader;
        private Interceptor rateLimit;
        private CallObserver observer = CallObserver.NONE;

        public Builder bearer(String token) {
            this.token = token;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder retrying(Retrying retrying) {
            this.retrying = retrying;
            return this;
        }

        public Builder reader(ResponseReader reader) {
            this.reader = reader;
            return this;
        }

        /** Taken before every attempt (an interceptor, so retries take their own token too). */
        public Builder rateLimit(Interceptor rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder observer(CallObserver observer) {
            this.observer = observer;
            return this;
        }

        public ProviderHttp build() {
            if (token == null || reader == null)
                throw new IllegalStateException("a token and a response reader are required");
            OkHttpClient.Builder client = base.newBuilder().retryOnConnectionFailure(false);
            Duration perAttempt = Duration.ofMillis(base.callTimeoutMillis());
            // the call timeout bounded one attempt; the retries now run inside the call
            if (!perAttempt.isZero()) client.callTimeout(retrying.longestCall(perAttempt));
            // the base client's own interceptors stay innermost: they see each attempt as it is sent
            List<Interceptor> own = new ArrayList<>(client.interceptors());
            client.interceptors().clear();
            client.addInterceptor(new RetryInterceptor(provider, retrying, reader));
            client.addInterceptor(new DeadlineInterceptor(provider));
            if (rateLimit != null) client.addInterceptor(rateLimit);
            client.addInterceptor(new ObservingInterceptor(provider, observer));
            client.addInterceptor(new AuthInterceptor(token, headers));
            own.forEach(client::addInterceptor);
            return new ProviderHttp(provider, client.build());
        }
    }
}
