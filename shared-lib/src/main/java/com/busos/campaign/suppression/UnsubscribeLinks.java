package com.busos.campaign.suppression;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The unsubscribe link of an address, {@code <PUBLIC_GATEWAY_URL>/function/unsubscribe?token=<token>},
 * and the two headers every email carries with it (RFC 2369 and RFC 8058 one-click).
 */
public final class UnsubscribeLinks {
    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    public static final String FUNCTION_PATH = "/function/unsubscribe";

    private final String publicGatewayUrl;
    private final UnsubscribeTokens tokens;

    public UnsubscribeLinks(String publicGatewayUrl, UnsubscribeTokens tokens) {
        String base = publicGatewayUrl.trim();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.publicGatewayUrl = base;
        this.tokens = tokens;
    }

    public String linkFor(String address) {
        return publicGatewayUrl + FUNCTION_PATH + "?token=" + tokens.tokenFor(address);
    }

    /** {@code List-Unsubscribe: <link>} and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}. */
    public Map<String, String> headersFor(String address) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIST_UNSUBSCRIBE, "<" + linkFor(address) + ">");
        headers.put(LIST_UNSUBSCRIBE_POST, ONE_CLICK);
        return headers;
    }
}
