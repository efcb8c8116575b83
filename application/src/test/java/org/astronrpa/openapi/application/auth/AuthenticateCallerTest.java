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

    @Test
    void eachRefusalOfPresentedCredentialsIsRecordedWithWhatIsKnownOfTheKeyAndNoCredentialIsNot() {
        var log = new org.astronrpa.openapi.application.memory.InMemoryAuditLog();
        AuthenticateCaller auth = new AuthenticateCaller(new AuthPolicy(false, null), store, hasher, clock,
                robotCredentials, new org.astronrpa.openapi.application.audit.FailedAuthentications(log,
                        () -> UUID.randomUUID().toString(), clock));
        IssuedApiKey revoked = issue(null);
        new RevokeApiKey(store, events -> { }, () -> "event", clock,
                org.astronrpa.openapi.domain.shared.Transactions.NONE).revoke(ALICE, revoked.key().id());
        IssuedApiKey fenced = create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), null,
                org.astronrpa.openapi.domain.apikey.KeyGrant.checked(null, null, null, null,
                        List.of("203.0.113.0/24"))));
        String unknown = "rpa_" + "B".repeat(43);

        assertThrows(Unauthenticated.class, () -> auth.authenticate(Credentials.none()));
        assertEquals(List.of(), log.all(), "no credential at all is no attempt");
        assertThrows(ApiKeyRejected.class, () -> auth.authenticate(new Credentials(null, null,
                "Bearer " + revoked.secret().reveal(), null, null, "198.51.100.7", null, "req-1")));
        assertThrows(ApiKeyRejected.class, () -> auth.authenticate(bearer(unknown)));
        assertThrows(ApiKeyRejected.class, () -> auth.authenticate(bearer("not-a-key-SECRET-TEXT")));
        assertThrows(org.astronrpa.openapi.domain.apikey.AddressRefused.class, () -> auth.authenticate(
                new Credentials(null, null, "Bearer " + fenced.secret().reveal(), null, null, "10.1.1.1", null)));
        assertThrows(Unauthenticated.class, () -> auth.authenticate(new Credentials("alice", null, null, null, null,
                "10.1.1.2", null)));
        assertThrows(org.astronrpa.openapi.domain.robot.RobotCredentialRejected.class,
                () -> auth.authenticateRobot(bearer("rpar_" + "C".repeat(43))));

        var entries = log.all();
        assertEquals(6, entries.size(), entries::toString);
        var byRevoked = entries.get(0);
        assertEquals(ALICE, byRevoked.owner(), "in the key owner's log");
        assertEquals(org.astronrpa.openapi.domain.audit.Actor.anonymous(revoked.key().id(), revoked.key().prefix()),
                byRevoked.actor());
        assertEquals("198.51.100.7", byRevoked.sourceIp());
        assertEquals("req-1", byRevoked.requestId());
        assertEquals("the API key is not valid (revoked)", byRevoked.reason());
        assertEquals(null, entries.get(1).owner(), "a key nobody owns is in nobody's log");
        assertEquals(unknown.substring(0, revoked.key().prefix().length()), entries.get(1).actor().keyPrefix());
        assertEquals(null, entries.get(2).actor().keyPrefix(), "nothing of text that is no key is kept");
        assertEquals(ALICE, entries.get(3).owner());
        assertEquals(fenced.key().id(), entries.get(3).actor().keyId());
        assertEquals(null, entries.get(4).owner());
        for (var entry : entries) {
            assertEquals("authentication.failed", entry.action());
            org.junit.jupiter.api.Assertions.assertFalse(entry.toString().contains("SECRET-TEXT")
                    || entry.toString().contains(revoked.secret().reveal().substring(revoked.key().prefix().length()))
                    || entry.toString().contains("CCCCCCCCCC"), entry::toString);
        }
    }
}
