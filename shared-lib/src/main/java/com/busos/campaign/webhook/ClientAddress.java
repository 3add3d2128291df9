package com.busos.campaign.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which client a call through the OpenFaaS gateway came from, as a key to count its calls by (the
 * webhooks' intake limit, campaign-admin's bad-token lockout).
 *
 * <p>The gateway sets {@code X-Forwarded-For} to the address it saw ({@code ip:port}) only when the
 * caller sent none; otherwise it passes the caller's header on untouched, and of-watchdog adds nothing
 * (openfaas/faas {@code forwarding_proxy.go}, of-watchdog {@code http_runner.go}). So the client is the
 * <em>first</em> entry: the gateway's own, or the one a TLS proxy in front of the gateway (Caddy,
 * Traefik, nginx set to {@code $remote_addr}) put there for the real client. The port is dropped, and an
 * IPv6 address counts as its /64 (one subscriber's network), so rotating ports or interface ids is not
 * a new client. A caller talking to the gateway directly can choose the header: the README's Security
 * section says to put a proxy in front that sets it. Without the header (a direct call): {@code "direct"}.
 */
public final class ClientAddress {
    private static final int MAX_LENGTH = 64;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern UNSAFE = Pattern.compile("[^0-9A-Za-z.:_\\-]");

    private ClientAddress() {}

    public static String of(Map<String, String> headers) {
        String forwarded = Headers.get(headers, "X-Forwarded-For");
        if (forwarded == null) return "direct";
        int comma = forwarded.indexOf(',');
        String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        if (first.length() > MAX_LENGTH) first = first.substring(0, MAX_LENGTH);
        if (first.isEmpty()) return "direct";
        return key(withoutPort(first));
    }

    /** {@code 203.0.113.9:51234} → {@code 203.0.113.9}; {@code [2001:db8::1]:443} → {@code 2001:db8::1}. */
    private static String withoutPort(String address) {
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address.substring(1);
        }
        int colon = address.indexOf(':');
        if (colon > 0 && colon == address.lastIndexOf(':')) return address.substring(0, colon);
        return address;
    }

    private static String key(String address) {
        if (IPV4.matcher(address).matches()) return address;
        if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
            try {
                // An IPv6 literal (it has a ':'): parsed without any name lookup.
                byte[] bytes = InetAddress.getByName(address).getAddress();
                if (bytes.length == 16) return network64(bytes);
                return InetAddress.getByAddress(bytes).getHostAddress(); // an IPv4-mapped address
            } catch (UnknownHostException notAnAddress) {
                // not an address: counted by its text below
            }
        }
        return UNSAFE.matcher(address.toLowerCase(Locale.ROOT)).replaceAll("_");
    }

    private static String network64(byte[] bytes) {
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                    .append(':');
        }
        return network.append(":/64").toString();
    }
}
