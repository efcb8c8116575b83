package org.astronrpa.openapi.application.auth;

/**
 * What a request presented, as the inbound adapter read it. Each value is the raw header text or
 * {@code null} when absent; the rules for which one counts live in {@link AuthenticateCaller}. {@code peer} is the
 * address the connection came from and {@code forwardedFor} its {@code X-Forwarded-For} header: which of them is the
 * client is the policy's to say. {@code requestId} names the request (in the audit entry of a refusal), when known.
 */
public record Credentials(String userHeader, String gatewaySecret, String authorization, String apiKeyHeader,
                          String apiKeyQuery, String peer, String forwardedFor, String requestId) {
    /** Credentials of a request without an id. */
    public Credentials(String userHeader, String gatewaySecret, String authorization, String apiKeyHeader,
                       String apiKeyQuery, String peer, String forwardedFor) {
        this(userHeader, gatewaySecret, authorization, apiKeyHeader, apiKeyQuery, peer, forwardedFor, null);
    }

    /** Credentials from an unknown address. */
    public Credentials(String userHeader, String gatewaySecret, String authorization, String apiKeyHeader,
                       String apiKeyQuery) {
        this(userHeader, gatewaySecret, authorization, apiKeyHeader, apiKeyQuery, null, null);
    }

    public static Credentials none() {
        return new Credentials(null, null, null, null, null);
    }
}
