package com.busos.campaign.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Puts a provider's authentication header (Bearer token) and its fixed headers on every request. */
public final class AuthInterceptor implements Interceptor {
    private final Map<String, String> headers;

    public AuthInterceptor(String bearerToken, Map<String, String> fixedHeaders) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Authorization", "Bearer " + bearerToken);
        all.putAll(fixedHeaders);
        this.headers = Map.copyOf(all);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request.Builder request = chain.request().newBuilder();
        headers.forEach(request::header);
        return chain.proceed(request.build());
    }

    @Override
    public String toString() {
        return "AuthInterceptor" + headers.keySet(); // names only, never the token
    }
}
