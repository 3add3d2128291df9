package com.busos.campaign.http;

import com.busos.campaign.deadline.Deadline;
import java.io.IOException;
import lombok.RequiredArgsConstructor;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** The deadline guard of provider requests: an interrupted thread sends nothing (every attempt is checked). */
@RequiredArgsConstructor
public final class DeadlineInterceptor implements Interceptor {
    private final String provider;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        try {
            Deadline.check(
                    provider + " " + request.method() + " " + request.url().encodedPath());
        } catch (RuntimeException deadline) {
            throw new CallFailure(deadline);
        }
        return chain.proceed(request);
    }
}
