package com.busos.campaign.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's send limit, as a WireMock transformer named {@value #NAME}: the requests past
 * {@code limit} in one calendar second get Resend's 429 with Retry-After; the others get an email id.
 * It counts the requests per second, per Idempotency-Key, and the refusals.
 */
public final class SendLimitStub implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "send-limit";

    private final int limit;
    private final Map<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();
    /** Requests accepted per Idempotency-Key. */
    public final Map<String, AtomicInteger> keys = new ConcurrentHashMap<>();
    /** Requests answered 429. */
    public final AtomicInteger refused = new AtomicInteger();

    public SendLimitStub(int limit) {
        this.limit = limit;
    }

    /**
     * A started Resend stand-in on 127.0.0.1 whose {@code POST /emails} this stub answers (16 threads,
     * no request journal: the drains send tens of thousands). The caller stops it.
     */
    public WireMockServer startResend() {
        WireMockServer resend = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(16)
                .disableRequestJournal()
                .extensions(this));
        resend.start();
        resend.stubFor(WireMock.post(WireMock.urlEqualTo("/emails"))
                .willReturn(WireMock.aResponse().withTransformers(NAME)));
        return resend;
    }

    /** The most requests that arrived in one calendar second. */
    public int busiestSecond() {
        return perSecond.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        long second = System.currentTimeMillis() / 1000;
        if (perSecond.computeIfAbsent(second, s -> new AtomicInteger()).incrementAndGet() > limit) {
            refused.incrementAndGet();
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "1")
                    .withHeader("ratelimit-limit", Integer.toString(limit))
                    .withHeader("ratelimit-remaining", "0")
                    .withBody(FakeResend.errorBody(
                            429,
                            "rate_limit_exceeded",
                            "Too many requests. You can only make " + limit
                                    + " requests per second. See rate limit response headers for more information."))
                    .build();
        }
        keys.computeIfAbsent(event.getRequest().getHeader("Idempotency-Key"), k -> new AtomicInteger())
                .incrementAndGet();
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + UUID.randomUUID() + "\"}")
                .build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
