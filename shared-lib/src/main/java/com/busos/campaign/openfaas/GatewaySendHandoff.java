package com.busos.campaign.openfaas;

import com.busos.campaign.dispatch.SendHandoff;
import com.busos.campaign.schedule.ClaimedSend;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Invokes the send-email function through the OpenFaaS gateway with the claim's id and token; the
 * function reads the send itself from Redis. Synchronous, so sends go out in due order.
 */
public final class GatewaySendHandoff implements SendHandoff {
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final HttpUrl sendEmailUrl;

    public GatewaySendHandoff(OkHttpClient http, String gatewayUrl) {
        // send-email may retry Notion and Resend within one call; wait for it longer than for a provider.
        this.http = http.newBuilder()
                .readTimeout(Duration.ofSeconds(55))
                .callTimeout(Duration.ofSeconds(58))
                .build();
        this.sendEmailUrl = HttpUrl.get(gatewayUrl)
                .newBuilder()
                .addPathSegment("function")
                .addPathSegment("send-email")
                .build();
    }

    public static ObjectNode body(ClaimedSend claim) {
        return JsonNodeFactory.instance.objectNode().put("send_id", claim.id()).put("token", claim.token());
    }

    @Override
    public void handOff(ClaimedSend claim) {
        Request request = new Request.Builder()
                .url(sendEmailUrl)
                .post(RequestBody.create(body(claim).toString(), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException("send-email answered " + response.code());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("send-email unreachable: " + e.getMessage(), e);
        }
    }
}
