package com.busos.campaign.suppression;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * PUBLIC_GATEWAY_URL, the base of every unsubscribe link: an {@code https} URL with a host (RFC 8058's
 * one-click links are https; a plain-http or scheme-less base would make a non-conforming
 * List-Unsubscribe without a word). In sandbox mode (local, the outbox) {@code http} is accepted too,
 * e.g. the local gateway's {@code http://127.0.0.1:8080}.
 */
public final class PublicGatewayUrl {
    public static final String EXPECTED = "an https URL with a host, e.g. https://faas.example.com";
    public static final String EXPECTED_IN_SANDBOX = "an http or https URL with a host (sandbox mode)";

    private PublicGatewayUrl() {}

    /** The setting when it is set and usable; an unusable one is an {@link InvalidSettingException} naming it. */
    public static Optional<String> of(CampaignConfig config) {
        Optional<String> value = config.get(Setting.PUBLIC_GATEWAY_URL);
        if (value.isEmpty()) return value;
        boolean sandbox = config.get(Setting.SANDBOX_DIR).isPresent();
        String expected = sandbox ? EXPECTED_IN_SANDBOX : EXPECTED;
        String url = value.get().trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException notAUrl) {
            throw new InvalidSettingException(Setting.PUBLIC_GATEWAY_URL, expected, url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || (sandbox && scheme.equals("http"));
        boolean hostOk = uri.getHost() != null && !uri.getHost().isEmpty();
        // the links append /function/unsubscribe?token=…: a query or fragment in the base would break them
        if (!schemeOk || !hostOk || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(Setting.PUBLIC_GATEWAY_URL, expected, url);
        }
        return Optional.of(url);
    }
}
