package com.busos.campaign.http;

import java.io.IOException;

/**
 * Carries a {@link ProviderException} or a {@link com.busos.campaign.deadline.DeadlineExceededException}
 * through OkHttp's interceptor chain (whose methods may only throw IOException); {@link ProviderHttp}
 * unwraps it for the caller.
 */
public final class CallFailure extends IOException {
    private final RuntimeException failure;

    public CallFailure(RuntimeException failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    public RuntimeException unwrap() {
        return failure;
    }
}
