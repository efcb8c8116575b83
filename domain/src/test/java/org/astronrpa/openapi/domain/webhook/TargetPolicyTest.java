package org.astronrpa.openapi.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);   // a literal: no lookup
    }

    @Test
    void reservedAddressesAreRefusedNamingWhatTheyAre() throws Exception {
        String[][] cases = {
                {"127.0.0.1", "loopback"}, {"::1", "loopback"}, {"0.0.0.0", "unspecified"}, {"::", "unspecified"},
                {"10.1.2.3", "private"}, {"172.16.0.1", "private"}, {"172.31.255.255", "private"},
                {"192.168.1.1", "private"}, {"169.254.169.254", "link-local"}, {"fe80::1", "link-local"},
                {"fd00::1", "private (unique-local)"}, {"224.0.0.1", "multicast"}, {"ff02::1", "multicast"},
                {"100.64.0.1", "shared (carrier-grade NAT)"}, {"0.1.2.3", "unspecified"}, {"240.0.0.1", "reserved"},
                {"::ffff:127.0.0.1", "loopback"}, {"::ffff:10.0.0.1", "private"}, {"198.18.0.1", "benchmarking"},
                {"64:ff9b::a9fe:a9fe", "link-local (embedded)"}, {"64:ff9b:1::7f00:1", "loopback (embedded)"},
                {"2002:7f00:1::", "loopback (embedded)"}, {"2002:a00:1::", "private (embedded)"},
                {"2001:0:4136:e378::1", "reserved (Teredo)"}, {"100::1", "reserved (discard)"},
                {"192.0.0.8", "reserved (IETF protocol assignments)"}};
        for (String[] c : cases) {
            Optional<String> refusal = TargetPolicy.STRICT.refusal("h.example", List.of(ip(c[0])));
            assertTrue(refusal.isPresent(), c[0]);
            assertTrue(refusal.get().contains(", a " + c[1] + " address"), c[0] + ": " + refusal.get());
        }
    }

    @Test
    void publicAddressesAreCalled() throws Exception {
        for (String literal : new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::"}) {
            assertEquals(Optional.empty(), TargetPolicy.STRICT.refusal("h.example", List.of(ip(literal))), literal);
        }
    }

    @Test
    void oneReservedAddressAmongPublicOnesIsEnoughToRefuse() throws Exception {
        assertTrue(TargetPolicy.STRICT.refusal("h.example", List.of(ip("8.8.8.8"), ip("10.0.0.1"))).isPresent());
    }

    @Test
    void anAllowListedHostIsCalledWhateverItResolvesTo() throws Exception {
        TargetPolicy policy = new TargetPolicy(Set.of("LocalHost", "[::1]", "10.0.0.7"));
        assertEquals(Optional.empty(), policy.refusal("localhost", List.of(ip("127.0.0.1"))));
        assertEquals(Optional.empty(), policy.refusal("::1", List.of(ip("::1"))));
        assertEquals(Optional.empty(), policy.refusal("10.0.0.7", List.of(ip("10.0.0.7"))));
        assertTrue(policy.refusal("10.0.0.8", List.of(ip("10.0.0.8"))).isPresent(), "only the hosts listed");
        assertTrue(policy.refusal("127.0.0.1", List.of(ip("127.0.0.1"))).isPresent(),
                "a name allowed does not allow its address written out");
    }
}
