package org.astronrpa.openapi.application.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.RawApiKey;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Turns presented credentials into a {@link Caller}. A trusted gateway user header wins (the gateway has
 * authenticated the user, and its own {@code Authorization} header may be a console token); otherwise an
 * API key from {@code Authorization: Bearer}, {@code X-API-Key} or {@code ?key=}, in that order.
 */
public final class AuthenticateCaller {
    private final AuthPolicy policy;
    private final ApiKeyStore keys;
    private final ApiKeyHasher hasher;
    private final TimeSource time;
    private final org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials;

    public AuthenticateCaller(AuthPolicy policy, ApiKeyStore keys, ApiKeyHasher hasher, TimeSource time,
                              org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials) {
        this.policy = policy;
        this.keys = keys;
        this.hasher = hasher;
        this.time = time;
        this.robotCredentials = robotCredentials;
    }

    /**
     * Who calls a route or opens a watcher socket: the gateway's user or an API key. A robot credential lets nobody in
     * here (it only connects its robot: {@link #authenticateRobot}).
     */
    public Caller authenticate(Credentials credentials) {
        Caller caller = authenticateRobot(credentials);
        if (caller.method() == Caller.Method.ROBOT) {
            throw new org.astronrpa.openapi.domain.robot.RobotCredentialRejected("robot credential",
                    org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.NOT_FOR_THIS_ROUTE);
        }
        return caller;
    }

    /** Who opens a robot socket ({@code /ws}): as {@link #authenticate}, or a managed robot by its credential. */
    public Caller authenticateRobot(Credentials credentials) {
        boolean userHeaderSent = present(credentials.userHeader());
        String address = credentials.peer() == null ? null
                : policy.proxies().clientOf(credentials.peer(), credentials.forwardedFor());
        if (userHeaderSent && headerTrusted(credentials.gatewaySecret())) {
            return new Caller(userFromHeader(credentials.userHeader()), Caller.Method.GATEWAY, null, null, null,
                    KeyGrant.FULL, address);
        }
        String key = presentedKey(credentials);
        if (key == null) {
            throw new Unauthenticated(userHeaderSent
                    ? "the user header is accepted only from the trusted gateway; send an API key instead"
                    : "credentials are required: send 'Authorization: Bearer <api key>' or 'X-API-Key: <api key>'");
        }
        if (org.astronrpa.openapi.domain.robot.RobotSecret.looksLikeCredential(key)) {
            return robotCaller(org.astronrpa.openapi.domain.robot.RobotSecret.presented(key));
        }
        ApiKey apiKey = authenticateKey(key);
        // the key's address list is part of proving who calls: a key used from elsewhere is refused here, everywhere
        apiKey.grant().requireAddress(address);
        return new Caller(apiKey.ownerId(), Caller.Method.API_KEY, apiKey.id(), apiKey.expiresAt(), null,
                apiKey.grant(), address);
    }

    private Caller robotCaller(org.astronrpa.openapi.domain.robot.RobotSecret secret) {
        if (!secret.is(org.astronrpa.openapi.domain.robot.RobotSecret.Kind.CREDENTIAL)) {
            throw new org.astronrpa.openapi.domain.robot.RobotCredentialRejected("robot credential",
                    org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.MALFORMED);
        }
        var credential = robotCredentials.findCredential(hasher.hash(secret.reveal()))
                .orElseThrow(() -> new org.astronrpa.openapi.domain.robot.RobotCredentialRejected("robot credential",
                        org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.UNKNOWN));
        if (credential.isRevoked()) {
            throw new org.astronrpa.openapi.domain.robot.RobotCredentialRejected("robot credential",
                    org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.REVOKED);
        }
        return Caller.robot(credential.owner(), credential.robotId());
    }

    private boolean headerTrusted(String presentedSecret) {
        if (!policy.trustUserHeader()) {
            return false;
        }
        if (policy.gatewaySecret() == null) {
            return true;
        }
        return presentedSecret != null && MessageDigest.isEqual(
                policy.gatewaySecret().getBytes(StandardCharsets.UTF_8), presentedSecret.getBytes(StandardCharsets.UTF_8));
    }

    private static UserId userFromHeader(String header) {
        try {
            return new UserId(header);
        } catch (InvalidInput e) {
            throw new Unauthenticated("the user header is not a valid user id");
        }
    }

    private static String presentedKey(Credentials credentials) {
        String authorization = credentials.authorization();
        if (present(authorization)) {
            String[] parts = authorization.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isBlank()) {
                throw new Unauthenticated("the Authorization header must be 'Bearer <api key>'");
            }
            return parts[1].strip();
        }
        if (present(credentials.apiKeyHeader())) {
            return credentials.apiKeyHeader().strip();
        }
        return present(credentials.apiKeyQuery()) ? credentials.apiKeyQuery().strip() : null;
    }

    private ApiKey authenticateKey(String presented) {
        RawApiKey raw = RawApiKey.presented(presented);
        if (!raw.hasValidShape()) {
            throw new ApiKeyRejected(ApiKeyRejected.Reason.MALFORMED);
        }
        ApiKey key = keys.findByHash(hasher.hash(raw))
                .orElseThrow(() -> new ApiKeyRejected(ApiKeyRejected.Reason.UNKNOWN));
        Instant now = time.now();
        ApiKeyRejected.Reason refusal = key.refusal(now);
        if (refusal != null) {
            throw new ApiKeyRejected(refusal);
        }
        if (key.shouldRecordUse(now)) {
            keys.recordUse(key.id(), now, now.minus(ApiKey.USE_RECORDING_INTERVAL));
        }
        return key;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
