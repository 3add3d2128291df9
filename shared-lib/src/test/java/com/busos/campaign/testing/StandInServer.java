package com.busos.campaign.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.function.Function;

/**
 * A WireMock server on loopback whose every request is answered by {@code handler} (a provider's
 * stand-in: FakeNotion, FakeResend), at a low priority so that a test's own stubs (an outage, a 429)
 * come first.
 */
final class StandInServer {
    private StandInServer() {}

    static WireMockServer start(String name, Function<LoggedRequest, ResponseDefinition> handler) {
        WireMockServer server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").extensions(new ResponseDefinitionTransformerV2() {
                    @Override
                    public ResponseDefinition transform(ServeEvent event) {
                        return handler.apply(event.getRequest());
                    }

                    @Override
                    public boolean applyGlobally() {
                        return false;
                    }

                    @Override
                    public String getName() {
                        return name;
                    }
                }));
        server.start();
        server.stubFor(
                any(anyUrl()).atPriority(10).willReturn(WireMock.aResponse().withTransformers(name)));
        return server;
    }
}
