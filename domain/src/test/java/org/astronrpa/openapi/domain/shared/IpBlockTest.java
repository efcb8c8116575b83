package org.astronrpa.openapi.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpBlockTest {

    @Test
    void blocksAreWrittenCanonically() {
        assertEquals("2001:db8::/32", IpBlock.parse("2001:0DB8:0:0::/32").toString());
        assertEquals("2001:db8::1:0:0:1", IpBlock.parse("2001:db8:0:0:1:0:0:1").toString(), "the first longest run");
        assertEquals("::1", IpBlock.parse("0:0:0:0:0:0:0:1").toString());
        assertEquals("::", IpBlock.parse("::/0").toString().replace("/0", ""));
        assertEquals("2001:db8:0:1:1:1:1:1", IpBlock.parse("2001:db8:0:1:1:1:1:1").toString(), "one zero group stays");
        assertEquals("10.0.0.0/8", IpBlock.parse(" 10.20.30.40/8 ").toString());
        assertEquals("192.0.2.7", IpBlock.parse("192.0.2.7/32").toString());
        assertEquals("10.0.0.1", IpBlock.parse("::ffff:10.0.0.1").toString(), "an IPv4-mapped address is IPv4");
    }

    @Test
    void containmentIsByPrefixOfTheSameFamily() {
        IpBlock block = IpBlock.parse("10.0.0.0/9");
        assertTrue(block.contains("10.127.255.255"));
        assertFalse(block.contains("10.128.0.0"));
        assertFalse(block.contains("fe80::1"));
        assertTrue(IpBlock.parse("0.0.0.0/0").contains("203.0.113.9"));
        assertTrue(IpBlock.parse("fd00::/8").contains("[fd12::1]"));
    }

    @Test
    void namesAndBadPrefixesAreRefused() {
        assertEquals("'example.com' is not an IP address or CIDR block",
                assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("example.com")).getMessage());
        assertEquals("'::1/129' has a prefix length outside 0..128",
                assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("::1/129")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("10.0.0.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("256.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> IpBlock.parse(""));
    }
}
