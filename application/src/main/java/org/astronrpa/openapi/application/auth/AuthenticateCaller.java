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
    private final org.astronrpa.openapi.application.audit.FailedAuthentications failures;

    /** One that writes no failed authentication anywhere (for tests of other things). */
    public AuthenticateCaller(AuthPolicy policy, ApiKeyStore keys, ApiKeyHasher hasher, TimeSource time,
                              org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials) {
        this(policy, keys, hasher, time, robotCredentials, null);
    }

    /** @param failures where refused credentials are recorded (the audit log), or {@code null} for nowhere */
    public AuthenticateCaller(AuthPolicy policy, ApiKeyStore keys, ApiKeyHasher hasher, TimeSource time,
                              org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials,
                              org.astronrpa.openapi.application.audit.FailedAuthentications failures) {
        this.failures = failures;
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
        String key;
        try {
            key = presentedKey(credentials);
        } catch (Unauthenticated malformed) {
            throw refused(null, null, null, malformed, address, credentials);
        }
        if (key == null) {
            Unauthenticated missing = new Unauthenticated(userHeaderSent
                    ? "the user header is accepted only from the trusted gateway; send an API key instead"
                    : "credentials are required: send 'Authorization: Bearer <api key>' or 'X-API-Key: <api key>'");
            // no credential at all is no attempt, but a user header from elsewhere is someone posing as the gateway
            throw userHeaderSent ? refused(null, null, null, missing, address, credentials) : missing;
        }
        if (org.astronrpa.openapi.domain.robot.RobotSecret.looksLikeCredential(key)) {
            return robotCaller(org.astronrpa.openapi.domain.robot.RobotSecret.presented(key), address, credentials);
        }
        ApiKey apiKey = authenticateKey(key, address, credentials);
        // the key's address list is part of proving who calls: a key used from elsewhere is refused here, everywhere
        try {
            apiKey.grant().requireAddress(address);
        } catch (org.astronrpa.openapi.domain.apikey.AddressRefused elsewhere) {
            throw refused(apiKey.ownerId(), apiKey.id(), apiKey.prefix(), elsewhere, address, credentials);
        }
        return new Caller(apiKey.ownerId(), Caller.Method.API_KEY, apiKey.id(), apiKey.expiresAt(), null,
                apiKey.grant(), address, apiKey.prefix());
    }

    /** Records {@code refusal} as a failed authentication (at the recorder's rate) and gives it back to throw. */
    private <E extends RuntimeException> E refused(UserId owner, String keyId, String prefix, E refusal,
                                                   String address, Credentials credentials) {
        if (failures != null) {
            failures.record(owner, keyId, prefix, refusal.getMessage(), address, credentials.requestId());
        }
        return refusal;
    }

    private Caller robotCaller(org.astronrpa.openapi.domain.robot.RobotSecret secret, String address,
                               Credentials credentials) {
        if (!secret.is(org.astronrpa.openapi.domain.robot.RobotSecret.Kind.CREDENTIAL)) {
            throw refused(null, null, null, new org.astronrpa.openapi.domain.robot.RobotCredentialRejected(
                    "robot credential", org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.MALFORMED),
                    address, credentials);
        }
        var credential = robotCredentials.findCredential(hasher.hash(secret.reveal()))
                .orElseThrow(() -> refused(null, null, secret.prefix(),
                        new org.astronrpa.openapi.domain.robot.RobotCredentialRejected("robot credential",
                                org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.UNKNOWN),
                        address, credentials));
        if (credential.isRevoked()) {
            throw refused(credential.owner(), null, secret.prefix(),
                    new org.astronrpa.openapi.domain.robot.RobotCredentialRejected("robot credential",
                            org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.REVOKED),
                    address, credentials);
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

    private ApiKey authenticateKey(String presented, String address, Credentials credentials) {
        RawApiKey raw = RawApiKey.presented(presented);
        if (!raw.hasValidShape()) {
            // nothing of text that is no key is kept: it may be anything (another secret pasted by mistake)
            throw refused(null, null, null, new ApiKeyRejected(ApiKeyRejected.Reason.MALFORMED), address, credentials);
        }
        ApiKey key = keys.findByHash(hasher.hash(raw)).orElseThrow(() -> refused(null, null, raw.prefix(),
                new ApiKeyRejected(ApiKeyRejected.Reason.UNKNOWN), address, credentials));
        Instant now = time.now();
        ApiKeyRejected.Reason refusal = key.refusal(now);
        if (refusal != null) {
            throw refused(key.ownerId(), key.id(), key.prefix(), new ApiKeyRejected(refusal), address, credentials);
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
