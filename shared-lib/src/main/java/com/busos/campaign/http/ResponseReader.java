package com.busos.campaign.http;

import okhttp3.Response;

/** A provider's reading of one answer: {@code null} when it is a usable success, else the failure it means. */
public interface ResponseReader {
    ProviderException failure(Response response, String body);
}
