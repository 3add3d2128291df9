package com.busos.campaign.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/** One OkHttp client per process: its connection pool and threads are shared by every provider client. */
public final class HttpClients {
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(20))
            .writeTimeout(Duration.ofSeconds(20))
            .callTimeout(Duration.ofSeconds(30))
            .build();

    private HttpClients() {}

    public static OkHttpClient shared() {
        return SHARED;
    }
}
