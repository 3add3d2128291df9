package com.busos.campaign.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** A stub's answer with a JSON body, as Notion and Resend send theirs (errors from the fakes' errorBody). */
public final class JsonAnswers {
    private JsonAnswers() {}

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
