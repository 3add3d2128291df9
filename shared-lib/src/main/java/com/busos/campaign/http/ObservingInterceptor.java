package com.busos.campaign.http;

import java.io.IOException;
import lombok.RequiredArgsConstructor;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Tells the {@link CallObserver} of each attempt: method, path, status (0 when none came) and duration. */
@RequiredArgsConstructor
public final class ObservingInterceptor implements Interceptor {
    private final String provider;
    private final CallObserver observer;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long start = System.nanoTime();
        int status = 0;
        try {
            Response response = chain.proceed(request);
            status = response.code();
            return response;
        } finally {
            observer.attempted(
                    provider,
                    request.method(),
                    request.url().encodedPath(),
                    status,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
