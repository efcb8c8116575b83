package org.astronrpa.openapi.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies behindProxies = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8"));

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        assertEquals("127.0.0.1", TrustedProxies.NONE.clientOf("127.0.0.1", "203.0.113.9"));
    }

    @Test
    void fromATrustedProxyTheRightMostUntrustedHopIsTheClient() {
        assertEquals("203.0.113.9", behindProxies.clientOf("127.0.0.1", "203.0.113.9"));
        assertEquals("203.0.113.9", behindProxies.clientOf("10.1.2.3", "198.51.100.1, 203.0.113.9, 10.9.9.9"),
                "an entry the client wrote left of the first untrusted hop is not believed");
        assertEquals("2001:db8::1", behindProxies.clientOf("fd12::1", "2001:db8::1"));
        assertEquals("10.0.0.1", behindProxies.clientOf("127.0.0.1", "10.0.0.1"), "all trusted: the left-most");
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() {
        assertEquals("192.0.2.7", behindProxies.clientOf("192.0.2.7", "203.0.113.9"));
    }

    @Test
    void garbageInTheHeaderStopsTheWalk() {
        assertEquals("127.0.0.1", behindProxies.clientOf("127.0.0.1", "evil.example.com"));
        assertEquals("10.0.0.2", behindProxies.clientOf("127.0.0.1", "300.1.1.1, 10.0.0.2"));
    }

    @Test
    void aProxyEntryThatIsNoAddressOrBlockIsRefusedNamingIt() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.of(List.of("10.0.0.0/33")));
        assertEquals("'10.0.0.0/33' has a prefix length outside 0..32", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("proxy.local")));
    }
}
