package org.astronrpa.openapi.domain.shared;

import java.util.List;

/**
 * Whom a request came from. Behind trusted proxies (load balancers, gateways) the peer is the proxy, so the client is
 * the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy; from any other peer the header is
 * ignored (a client can write anything there). The access log, the API keys' {@code allowed_ips} and the audit trail
 * all ask this one rule.
 */
public final class TrustedProxies {
    /** No trusted proxies: the peer is the client. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<IpBlock> trusted;

    private TrustedProxies(List<IpBlock> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * Trusted proxies from entries like {@code 10.0.0.5}, {@code 10.0.0.0/8} or {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static TrustedProxies of(List<String> proxies) {
        return new TrustedProxies(proxies.stream().map(IpBlock::parse).toList());
    }

    /** The client's address for a request from {@code peer} carrying {@code forwardedFor} (may be null). */
    public String clientOf(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (IpBlock.literal(hop) == null) {
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
        return trusted.stream().anyMatch(block -> block.contains(address));
    }
}
