package com.busos.campaign.admin;

import com.busos.campaign.webhook.Headers;
import java.util.Map;

/**
 * The address of the client that called through the OpenFaaS gateway: the gateway appends the address
 * it saw to {@code X-Forwarded-For}, so the last entry is the one a caller cannot choose (the entries
 * before it are whatever the caller sent). Without the header (a direct call): {@code "direct"}.
 */
public final class ClientAddress {
    private static final int MAX_LENGTH = 64;

    private ClientAddress() {}

    public static String of(Map<String, String> headers) {
        String forwarded = Headers.get(headers, "X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) return "direct";
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        if (last.isEmpty()) return "direct";
        return last.length() > MAX_LENGTH ? last.substring(0, MAX_LENGTH) : last;
    }
}
