package com.busos.campaign.resend;

import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.ratelimit.RateLimiter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one email with {@code POST /emails}. Every send carries an Idempotency-Key: Resend answers a
 * repeated key (within 24 h) with the first email's id and does not deliver it again, so a send may be
 * retried after any failure without a duplicate.
 */
public final class ResendClient implements Mailer {
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "christmas-campaign/1.0 (openfaas)";

    private final OkHttpClient http;
    private final HttpUrl emailsUrl;
    private final String apiKey;
    private final Retrying retrying;
    private final RateLimiter rateLimiter;

    public ResendClient(OkHttpClient http, String baseUrl, String apiKey, Retrying retrying) {
        this(http, baseUrl, apiKey, retrying, RateLimiter.NONE);
    }

    /** With a rate limiter taken before every HTTP request, retries included. */
    public ResendClient(OkHttpClient http, String baseUrl, String apiKey, Retrying retrying, RateLimiter rateLimiter) {
        this.http = http;
        this.emailsUrl = HttpUrl.get(baseUrl).newBuilder().addPathSegment("emails").build();
        this.apiKey = apiKey;
        this.retrying = retrying;
        this.rateLimiter = rateLimiter;
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
        return retrying.run(() -> execute(body, idempotencyKey), failure -> true);
    }

    private String execute(ObjectNode body, String idempotencyKey) {
        rateLimiter.acquire();
        Request request = new Request.Builder()
                .url(emailsUrl)
                .header("Authorization", "Bearer " + apiKey)
                .header("User-Agent", USER_AGENT)
                .header("Idempotency-Key", idempotencyKey)
                .post(RequestBody.create(body.toString(), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (response.isSuccessful()) {
                String id = JSON.readTree(text).path("id").asText(null);
                if (id == null) {
                    throw new ProviderException("resend", response.code(), "invalid_response",
                            "no id in Resend's answer", true, null, null);
                }
                return id;
            }
            throw error(response, text);
        } catch (IOException e) {
            throw new ProviderException("resend", 0, "network_error", e.getClass().getSimpleName() + ": "
                    + e.getMessage(), true, null, e);
        }
    }

    private static ProviderException error(Response response, String text) {
        int status = response.code();
        String name = null;
        String message = text;
        try {
            JsonNode error = JSON.readTree(text);
            name = error.path("name").asText(null);
            message = error.path("message").asText(text);
        } catch (IOException | RuntimeException notJson) {
            // keep the raw text as the message
        }
        return new ProviderException("resend", status, name, message, isRetryable(status, name),
                ProviderException.parseRetryAfter(response.header("Retry-After")), null);
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
