package com.busos.campaign.resend;

import com.busos.campaign.http.ErrorBody;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.ProviderHttp;
import com.busos.campaign.http.RetryInterceptor;
import com.busos.campaign.http.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends one email with {@code POST /emails}. Every send carries an Idempotency-Key: Resend answers a
 * repeated key (within 24 h) with the first email's id and does not deliver it again, so a send may be
 * retried after any failure without a duplicate. Authentication, the rate limit and the retries are
 * {@link ProviderHttp}'s interceptors. It knows nothing of the campaign.
 */
public final class ResendClient implements Mailer {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The functions' User-Agent (Resend refuses a request without one). */
    public static final String USER_AGENT = "christmas-campaign/1.0 (openfaas)";

    private final ProviderHttp http;
    private final HttpUrl baseUrl;
    private final HttpUrl emailsUrl;

    /** With Resend's chain ({@link #builder}: retries, rate limit, a {@link com.busos.campaign.http.CallObserver}). */
    public ResendClient(ProviderHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = HttpUrl.get(baseUrl);
        this.emailsUrl = this.baseUrl.newBuilder().addPathSegment("emails").build();
    }

    /** Resend's chain: the API key, a User-Agent, and Resend's reading of errors. */
    public static ProviderHttp.Builder builder(OkHttpClient http, String apiKey, String userAgent) {
        return ProviderHttp.builder("resend", http)
                .bearer(apiKey)
                .header("User-Agent", userAgent)
                .reader(ResendClient::failure);
    }

    /** Sends the email and answers Resend's email id. */
    @Override
    public String send(OutgoingEmail email, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > 256) {
            throw new IllegalArgumentException("an idempotency key of 1 to 256 characters is required");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("from", email.from());
        body.putArray("to").add(email.to());
        body.put("subject", email.subject());
        body.put("html", email.html());
        if (!email.headers().isEmpty()) {
            ObjectNode headers = body.putObject("headers");
            email.headers().forEach(headers::put);
        }
        // Safe to repeat whatever happened: the idempotency key makes Resend deliver at most once.
        return http.json(
                        new Request.Builder()
                                .url(emailsUrl)
                                .header("Idempotency-Key", idempotencyKey)
                                .post(ProviderHttp.body(body)),
                        RetryPolicy.ANY_RETRYABLE)
                .path("id")
                .asText(null);
    }

    /** {@code GET /domains}: the team's domains (a check that the key is accepted; a sending-only key gets 401). */
    public JsonNode domains() {
        return http.json(
                new Request.Builder()
                        .url(baseUrl.newBuilder().addPathSegment("domains").build())
                        .get(),
                RetryPolicy.ANY_RETRYABLE);
    }

    /**
     * Resend's answers: a success must be JSON, and a send's must carry the email's id (else a
     * retryable failure); errors are retryable as {@link #isRetryable} says.
     */
    static ProviderException failure(Response response, String text) {
        if (response.isSuccessful()) {
            JsonNode answer;
            try {
                answer = JSON.readTree(text);
            } catch (IOException e) {
                return RetryInterceptor.networkError("resend", e);
            }
            boolean isSend = "POST".equals(response.request().method())
                    && response.request().url().encodedPath().endsWith("/emails");
            if (isSend && answer.path("id").asText(null) == null) {
                return new ProviderException(
                        "resend", response.code(), "invalid_response", "no id in Resend's answer", true, null, null);
            }
            return null;
        }
        return ErrorBody.failure("resend", response, text, "name", ResendClient::isRetryable);
    }

    /**
     * Rate limits, a concurrent request with the same key, and server errors pass; quota errors and
     * validation, key or domain errors do not.
     */
    static boolean isRetryable(int status, String name) {
        if (status == 429) return !"daily_quota_exceeded".equals(name) && !"monthly_quota_exceeded".equals(name);
        if (status == 409) return "concurrent_idempotent_requests".equals(name);
        return status >= 500;
    }
}
