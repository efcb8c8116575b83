package org.astronrpa.openapi.application.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.CreateApiKeyCommand;
import org.astronrpa.openapi.application.apikey.IssuedApiKey;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class AuthenticateCallerTest {
    private static final UserId ALICE = new UserId("alice");
    private final TestClock clock = new TestClock();
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final ApiKeyHasher hasher = ApiKeyHasher.withPepper("test pepper, long enough");
    private final SecureRandom random = new SecureRandom();
    private final CreateApiKey create = new CreateApiKey(store, hasher, random::nextBytes, events -> { }, () -> UUID.randomUUID().toString(),
            clock, org.astronrpa.openapi.domain.shared.Transactions.NONE);

    private final org.astronrpa.openapi.application.memory.InMemoryRobotCredentialStore robotCredentials =
            new org.astronrpa.openapi.application.memory.InMemoryRobotCredentialStore();

    private AuthenticateCaller auth(boolean trust, String secret) {
        return new AuthenticateCaller(new AuthPolicy(trust, secret), store, hasher, clock, robotCredentials);
    }

    private IssuedApiKey issue(java.time.Instant expiresAt) {
        return create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), expiresAt,
                org.astronrpa.openapi.domain.apikey.KeyGrant.FULL));
    }

    private static Credentials bearer(String key) {
        return new Credentials(null, null, "Bearer " + key, null, null);
    }

    @Test
    void aTrustedUserHeaderIdentifiesTheGatewayUser() {
        Caller caller = auth(true, null).authenticate(new Credentials("alice", null, "Bearer console-jwt", null, null));
        assertEquals(new Caller(ALICE, Caller.Method.GATEWAY, null), caller);
    }

    @Test
    void withAGatewaySecretTheHeaderCountsOnlyTogetherWithIt() {
        assertEquals(ALICE, auth(true, "s3cret").authenticate(new Credentials("alice", "s3cret", null, null, null)).userId());
        assertThrows(Unauthenticated.class, () -> auth(true, "s3cret").authenticate(new Credentials("alice", "wrong", null, null, null)));
        assertThrows(Unauthenticated.class, () -> auth(true, "s3cret").authenticate(new Credentials("alice", null, null, null, null)));
    }

    @Test
    void anUntrustedHeaderIsIgnoredButAKeyStillWorks() {
        IssuedApiKey issued = issue(null);
        assertThrows(Unauthenticated.class, () -> auth(false, null).authenticate(new Credentials("alice", null, null, null, null)));
        Caller caller = auth(false, null).authenticate(new Credentials("mallory", null, null, issued.secret().reveal(), null));
        assertEquals(new Caller(ALICE, Caller.Method.API_KEY, issued.key().id(), null, null,
                org.astronrpa.openapi.domain.apikey.KeyGrant.FULL, null, issued.key().prefix()), caller);
    }

    @Test
    void aKeyIsAcceptedFromBearerHeaderOrQuery() {
        String secret = issue(null).secret().reveal();
        assertEquals(ALICE, auth(true, null).authenticate(bearer(secret)).userId());
        assertEquals(ALICE, auth(true, null).authenticate(new Credentials(null, null, null, secret, null)).userId());
        assertEquals(ALICE, auth(true, null).authenticate(new Credentials(null, null, null, null, secret)).userId());
    }

    @Test
    void noCredentialsOrAMalformedAuthorizationAreUnauthenticated() {
        assertThrows(Unauthenticated.class, () -> auth(true, null).authenticate(Credentials.none()));
        assertThrows(Unauthenticated.class, () -> auth(true, null).authenticate(new Credentials(null, null, "Basic YTpi", null, null)));
        assertThrows(Unauthenticated.class, () -> auth(true, null).authenticate(new Credentials(null, null, "Bearer   ", null, null)));
    }

    @Test
    void unknownRevokedAndExpiredKeysAreRejectedWithTheirReason() {
        IssuedApiKey revoked = issue(null);
        new RevokeApiKey(store, events -> { }, () -> "event", clock,
                org.astronrpa.openapi.domain.shared.Transactions.NONE).revoke(ALICE, revoked.key().id());
        IssuedApiKey expiring = issue(clock.now().plusSeconds(10));
        AuthenticateCaller auth = auth(true, null);
        assertEquals(ApiKeyRejected.Reason.MALFORMED, assertThrows(ApiKeyRejected.class, () -> auth.authenticate(bearer("nope"))).reason());
        assertEquals(ApiKeyRejected.Reason.UNKNOWN, assertThrows(ApiKeyRejected.class,
                () -> auth.authenticate(bearer("rpa_" + "A".repeat(43)))).reason());
        assertEquals(ApiKeyRejected.Reason.REVOKED, assertThrows(ApiKeyRejected.class,
                () -> auth.authenticate(bearer(revoked.secret().reveal()))).reason());
        auth.authenticate(bearer(expiring.secret().reveal()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(ApiKeyRejected.Reason.EXPIRED, assertThrows(ApiKeyRejected.class,
                () -> auth.authenticate(bearer(expiring.secret().reveal()))).reason());
    }

    @Test
    void useIsRecordedAtMostOncePerMinute() {
        IssuedApiKey issued = issue(null);
        AuthenticateCaller auth = auth(true, null);
        auth.authenticate(bearer(issued.secret().reveal()));
        var first = store.findByHash(issued.key().hash()).orElseThrow().lastUsedAt();
        assertEquals(clock.now(), first);
        clock.advance(Duration.ofSeconds(30));
        auth.authenticate(bearer(issued.secret().reveal()));
        assertEquals(first, store.findByHash(issued.key().hash()).orElseThrow().lastUsedAt());
        clock.advance(Duration.ofSeconds(31));
        auth.authenticate(bearer(issued.secret().reveal()));
        assertEquals(clock.now(), store.findByHash(issued.key().hash()).orElseThrow().lastUsedAt());
    }

    @Test
    void keyManagementNeedsTheGateway() {
        assertThrows(Forbidden.class, () -> new Caller(ALICE, Caller.Method.API_KEY, "k").requireGateway());
    }

    @Test
    void aRobotCredentialOpensOnlyARobotSocketAsItsRobotAndNotOnceRevoked() {
        var secret = org.astronrpa.openapi.domain.robot.RobotSecret.generate(random::nextBytes,
                org.astronrpa.openapi.domain.robot.RobotSecret.Kind.CREDENTIAL);
        var desk = new org.astronrpa.openapi.domain.robot.RobotId("desk-1");
        robotCredentials.addCredential(new org.astronrpa.openapi.domain.robot.RobotCredential("c-1", ALICE, desk,
                hasher.hash(secret.reveal()), secret.prefix(), clock.now(), null));
        AuthenticateCaller auth = auth(false, null);

        Caller robot = auth.authenticateRobot(bearer(secret.reveal()));
        assertEquals(Caller.robot(ALICE, desk), robot);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.astronrpa.openapi.domain.robot.RobotCredentialRejected.class, () -> auth.authenticate(bearer(secret.reveal())));
        assertEquals(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.NOT_FOR_THIS_ROUTE, refused.reason());
        assertEquals(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.MALFORMED,
                org.junit.jupiter.api.Assertions.assertThrows(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.class,
                        () -> auth.authenticateRobot(bearer("rpar_short"))).reason());
        var unknown = org.astronrpa.openapi.domain.robot.RobotSecret.generate(random::nextBytes,
                org.astronrpa.openapi.domain.robot.RobotSecret.Kind.CREDENTIAL);
        assertEquals(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.UNKNOWN,
                org.junit.jupiter.api.Assertions.assertThrows(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.class,
                        () -> auth.authenticateRobot(bearer(unknown.reveal()))).reason());

        robotCredentials.revokeCredentials(ALICE, desk, clock.now());
        assertEquals(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.Reason.REVOKED,
                org.junit.jupiter.api.Assertions.assertThrows(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.class,
                        () -> auth.authenticateRobot(bearer(secret.reveal()))).reason());
    }

    @Test
    void aKeyWithAllowedIpsIsRefusedFromElsewhereAndTheClientIsFoundBehindTrustedProxiesOnly() {
        IssuedApiKey issued = create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), null,
                org.astronrpa.openapi.domain.apikey.KeyGrant.checked(null, null, null, null,
                        java.util.List.of("203.0.113.0/24"))));
        String key = "Bearer " + issued.secret().reveal();
        AuthenticateCaller direct = auth(true, null);
        AuthenticateCaller proxied = new AuthenticateCaller(new AuthPolicy(true, null,
                org.astronrpa.openapi.domain.shared.TrustedProxies.of(java.util.List.of("10.0.0.0/8"))), store, hasher,
                clock, robotCredentials);
        assertEquals("203.0.113.5", direct.authenticate(new Credentials(null, null, key, null, null, "203.0.113.5",
                null)).address());
        assertThrows(org.astronrpa.openapi.domain.apikey.AddressRefused.class, () -> direct.authenticate(
                new Credentials(null, null, key, null, null, "10.1.1.1", "203.0.113.5")),
                "without trusted proxies the header is the client's word");
        assertEquals("203.0.113.5", proxied.authenticate(new Credentials(null, null, key, null, null, "10.1.1.1",
                "203.0.113.5")).address());
        assertThrows(org.astronrpa.openapi.domain.apikey.AddressRefused.class, () -> proxied.authenticate(
                new Credentials(null, null, key, null, null, "10.1.1.1", "198.51.100.1")));
        assertThrows(org.astronrpa.openapi.domain.apikey.AddressRefused.class, () -> direct.authenticate(
                bearer(issued.secret().reveal())), "an unknown address is in no list");
        assertEquals(org.astronrpa.openapi.domain.apikey.KeyGrant.FULL, direct.authenticate(
                new Credentials("alice", null, null, null, null, "10.9.9.9", null)).grant(),
                "the gateway's user has full power from anywhere");
    }
}
