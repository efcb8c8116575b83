package org.astronrpa.openapi.adapters.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a request came from. Behind trusted proxies (load balancers, gateways) the peer is the proxy, so the
 * client is the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy; from any other peer the
 * header is ignored (a client can write anything there). Trusted proxies are addresses or CIDR blocks, IPv4 or IPv6:
 * a prefix comparison of the address bytes, too small to warrant a library.
 */
final class ClientAddress {
    private final List<Block> trusted;

    private record Block(byte[] network, int prefixLength) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private ClientAddress(List<Block> trusted) {
        this.trusted = trusted;
    }

    /** No trusted proxies: the peer is the client. */
    static final ClientAddress DIRECT = new ClientAddress(List.of());

    /**
     * Trusted proxies from entries like {@code 10.0.0.5}, {@code 10.0.0.0/8} or {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    static ClientAddress trusting(List<String> proxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : proxies) {
            String[] parts = entry.strip().split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
            }
            int bits = network.length * 8;
            int prefix = bits;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
                }
            }
            blocks.add(new Block(network, prefix));
        }
        return new ClientAddress(List.copyOf(blocks));
    }

    /** The client's address for a request from {@code peer} carrying {@code forwardedFor} (may be null). */
    String of(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (literal(hop) == null) {
                return client;   // garbage: nothing left of it can be believed
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(block -> block.contains(bytes));
    }

    /** The bytes of an IP literal, or null for anything else (never a name lookup). */
    private static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String address = text.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] octets = address.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!address.contains(":") || !address.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();   // with a colon, always parsed as a literal
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
