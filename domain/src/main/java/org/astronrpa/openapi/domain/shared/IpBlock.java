package org.astronrpa.openapi.domain.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address or CIDR block, IPv4 or IPv6 ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}): a prefix of
 * the address bytes. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.5}) is the IPv4 address it maps. Parsing never
 * looks a name up.
 */
public final class IpBlock {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private IpBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = canonical(network, prefixLength);
    }

    /**
     * The block {@code entry} names.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong with it
     */
    public static IpBlock parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("must be an IP address or CIDR block");
        }
        String[] parts = entry.strip().split("/", 2);
        byte[] address = literal(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("'" + entry.strip() + "' is not an IP address or CIDR block");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            prefix = parts[1].matches("\\d{1,3}") ? Integer.parseInt(parts[1]) : -1;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + entry.strip() + "' has a prefix length outside 0.." + bits);
            }
        }
        return new IpBlock(masked(address, prefix), prefix);
    }

    /** Whether the address {@code text} (an IP literal) lies in this block; false for anything not an IP literal. */
    public boolean contains(String text) {
        byte[] address = literal(text);
        return address != null && contains(address);
    }

    private boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, prefixLength), network);
    }

    /** The bytes of an IP literal, or null for anything else (never a name lookup). */
    public static byte[] literal(String text) {
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

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)) & 0xFF);
        }
        return out;
    }

    private static String canonical(byte[] network, int prefix) {
        String address = network.length == 4
                ? (network[0] & 0xFF) + "." + (network[1] & 0xFF) + "." + (network[2] & 0xFF) + "." + (network[3] & 0xFF)
                : ipv6(network);
        return prefix == network.length * 8 ? address : address + "/" + prefix;
    }

    /** RFC 5952's text: lower-case groups without leading zeros, the longest run of two or more zero groups as "::". */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The block as written canonically: the network address, and {@code /prefix} unless it is a single address. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpBlock block && block.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
