package org.astronrpa.openapi.domain.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which addresses the service sends webhooks to (the guard against being used to reach what only it can reach). A
 * host is refused when any address it resolves to is loopback, unspecified, link-local (cloud metadata included),
 * private (RFC 1918, IPv6 unique-local), shared (100.64.0.0/10), multicast or otherwise reserved — unless the host is
 * on the allow-list ({@code WEBHOOK_ALLOWED_HOSTS}: names or address literals, compared without case), for receivers
 * run beside the service. Checked at each attempt, on the addresses the attempt connects to; redirects are never
 * followed.
 */
public record TargetPolicy(Set<String> allowedHosts) {
    public static final TargetPolicy STRICT = new TargetPolicy(Set.of());

    public TargetPolicy {
        allowedHosts = allowedHosts.stream().map(TargetPolicy::normalised).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code host} is allowed whatever it resolves to. */
    public boolean allowsHost(String host) {
        return allowedHosts.contains(normalised(host));
    }

    /** Why a request to {@code host}, resolved to {@code addresses}, is not made; empty when it may be. */
    public Optional<String> refusal(String host, List<InetAddress> addresses) {
        if (allowsHost(host)) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = reserved(address);
            if (kind.isPresent()) {
                return Optional.of("the host " + host + " resolves to " + address.getHostAddress() + ", a "
                        + kind.get() + " address: not called unless WEBHOOK_ALLOWED_HOSTS lists the host");
            }
        }
        return Optional.empty();
    }

    /** What kind of address the service does not call {@code address} is, or empty when it is a public one. */
    static Optional<String> reserved(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;   // ::ffff:a.b.c.d, and the deprecated ::a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0
                    && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))))) {
                try {
                    return reserved(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException impossible) {
                    return Optional.of("malformed");
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private (unique-local)");
            }
            boolean nat64 = (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b)
                    && ((b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0
                    && b[11] == 0) || (b[4] == 0 && b[5] == 1));
            if (nat64) {   // 64:ff9b::/96 and 64:ff9b:1::/48: the IPv4 address in the last four bytes
                return embedded(b[12], b[13], b[14], b[15]);
            }
            if (b[0] == 0x20 && b[1] == 0x02) {   // 6to4 2002::/16: the IPv4 address in bytes 2..5
                return embedded(b[2], b[3], b[4], b[5]);
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
                return Optional.of("reserved (Teredo)");
            }
            if (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0
                    && b[7] == 0) {
                return Optional.of("reserved (discard)");
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
                return Optional.of("documentation");
            }
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (address instanceof Inet4Address) {
            int a = address.getAddress()[0] & 0xff;
            int b = address.getAddress()[1] & 0xff;
            if (a == 0) {
                return Optional.of("unspecified");
            }
            if (a == 100 && b >= 64 && b <= 127) {
                return Optional.of("shared (carrier-grade NAT)");
            }
            if (a == 192 && b == 0 && (address.getAddress()[2] & 0xff) == 0) {
                return Optional.of("reserved (IETF protocol assignments)");
            }
            if (a == 198 && (b == 18 || b == 19)) {
                return Optional.of("benchmarking");
            }
            if (a >= 240) {
                return Optional.of("reserved");
            }
        }
        return Optional.empty();
    }

    /** The kind of the IPv4 address a v6 one carries, or empty when that one is public. */
    private static Optional<String> embedded(byte a, byte b, byte c, byte d) {
        try {
            return reserved(InetAddress.getByAddress(new byte[] {a, b, c, d})).map(kind -> kind + " (embedded)");
        } catch (java.net.UnknownHostException impossible) {
            return Optional.of("malformed");
        }
    }

    private static String normalised(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
