package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static String of(String forwardedFor) {
        return ClientAddress.of(Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void theGatewaysOwnEntryIsTheCallersAddressWithoutItsPort() {
        // openfaas/faas forwarding_proxy.go: X-Forwarded-For = r.RemoteAddr ("ip:port") when the caller sent none.
        assertEquals("203.0.113.9", of("203.0.113.9:51234"));
        assertEquals("203.0.113.9", of("203.0.113.9:40000"), "another port is the same client");
        assertEquals("2001:db8:1:2::/64", of("[2001:db8:1:2::7]:51234"));
    }

    @Test
    void behindAProxyTheFirstEntryIsTheClient() {
        assertEquals("198.51.100.7", of("198.51.100.7, 10.0.0.2"));
        assertEquals("198.51.100.7", of("198.51.100.7:443,10.0.0.2:80"));
    }

    @Test
    void anIpv6ClientCountsAsItsSlash64() {
        assertEquals("2001:db8:0:5::/64", of("2001:db8:0:5::1"));
        assertEquals("2001:db8:0:5::/64", of("2001:DB8:0:5:ffff:1:2:3"), "another interface of the same network");
        assertEquals("2001:db8:0:6::/64", of("2001:db8:0:6::1"));
        assertEquals("192.0.2.1", of("::ffff:192.0.2.1"), "an IPv4-mapped address is the IPv4 client");
    }

    @Test
    void withoutTheHeaderTheCallIsDirect() {
        assertEquals("direct", ClientAddress.of(Map.of()));
        assertEquals("direct", ClientAddress.of(null));
        assertEquals("direct", of(""));
        assertEquals("direct", of(" , 10.0.0.2"));
    }

    @Test
    void anythingElseIsCountedByItsBoundedSafeText() {
        assertEquals("evil.example", of("Evil.Example"), "a name is never looked up, only counted");
        assertEquals("unknown", of("unknown"));
        assertEquals("a_b__c", of("a b\r\nc"));
        assertEquals(64, of("x".repeat(10_000)).length());
        assertEquals("1:2:3", of("1:2:3"), "not an address: counted by its text");
        assertEquals(".::1", of(".::1"), "never given to the resolver");
    }
}
