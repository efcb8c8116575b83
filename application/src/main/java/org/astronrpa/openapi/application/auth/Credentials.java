package org.astronrpa.openapi.application.auth;

/**
 * What a request presented, as the inbound adapter read it. Each value is the raw header text or
 * {@code null} when absent; the rules for which one counts live in {@link AuthenticateCaller}.
 */
public record Credentials(String userHeader, String gatewaySecret, String authorization, String apiKeyHeader,
                          String apiKeyQuery) {
    public static Credentials none() {
        return new Credentials(null, null, null, null, null);
    }
}
