package org.astronrpa.openapi.application.auth;

/**
 * Whether the gateway's user header is believed: only when {@code trustUserHeader}, and, when a
 * {@code gatewaySecret} is configured, only together with that secret.
 */
public record AuthPolicy(boolean trustUserHeader, String gatewaySecret) {
    public AuthPolicy {
        if (gatewaySecret != null && gatewaySecret.isBlank()) {
            gatewaySecret = null;
        }
    }
}
