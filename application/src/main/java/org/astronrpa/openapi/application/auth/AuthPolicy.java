package org.astronrpa.openapi.application.auth;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.TrustedProxies;

/**
 * Whether the gateway's user header is believed: only when {@code trustUserHeader}, and, when a
 * {@code gatewaySecret} is configured, only together with that secret; and which proxies' {@code X-Forwarded-For}
 * says where a request came from (for an API key's {@code allowed_ips}).
 */
public record AuthPolicy(boolean trustUserHeader, String gatewaySecret, TrustedProxies proxies) {
    public AuthPolicy {
        if (gatewaySecret != null && gatewaySecret.isBlank()) {
            gatewaySecret = null;
        }
        Objects.requireNonNull(proxies, "proxies");
    }

    /** Behind no trusted proxy. */
    public AuthPolicy(boolean trustUserHeader, String gatewaySecret) {
        this(trustUserHeader, gatewaySecret, TrustedProxies.NONE);
    }
}
