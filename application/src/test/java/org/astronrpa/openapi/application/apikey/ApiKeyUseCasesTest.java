package org.astronrpa.openapi.application.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.ApiKeyNotFound;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class ApiKeyUseCasesTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private final TestClock clock = new TestClock();
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final AtomicInteger ids = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final List<org.astronrpa.openapi.domain.shared.DomainEvent> recorded = new ArrayList<>();
    private final CreateApiKey create = new CreateApiKey(store, ApiKeyHasher.withPepper("pepper pepper pepper"),
            random::nextBytes, recorded::addAll, () -> "key-" + ids.incrementAndGet(), clock,
            org.astronrpa.openapi.domain.shared.Transactions.NONE);
    private final RevokeApiKey revoke = new RevokeApiKey(store, recorded::addAll, () -> "event-" + ids.incrementAndGet(),
            clock, org.astronrpa.openapi.domain.shared.Transactions.NONE);

    private List<String> revoked() {
        return recorded.stream().filter(e -> e instanceof ApiKeyEvent.Revoked).map(e -> ((ApiKeyEvent.Revoked) e).keyId())
                .toList();
    }

    @Test
    void theSecretIsStoredOnlyAsItsHash() {
        IssuedApiKey issued = create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName(" ci "), null, KeyGrant.FULL));
        assertEquals("ci", issued.key().name());
        assertTrue(issued.secret().reveal().startsWith(issued.key().prefix()));
        assertTrue(!issued.key().hash().contains(issued.secret().reveal()));
    }

    @Test
    void anExpiryInThePastIsRefusedNamingTheField() {
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), clock.now(), KeyGrant.FULL)));
        assertEquals("expires_at", e.errors().get(0).field());
    }

    @Test
    void creatingAndRevokingAreRecordedAsEventsOfTheKeyAndARevokedKeyLeavesTheList() {
        IssuedApiKey issued = create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), null, KeyGrant.FULL));
        revoke.revoke(ALICE, issued.key().id());
        assertEquals(List.of(issued.key().id()), revoked());
        ApiKeyEvent.Created created = (ApiKeyEvent.Created) recorded.getFirst();
        assertEquals(List.of(issued.key().id(), issued.key().id()), recorded.stream().map(e -> e.aggregateId()).toList());
        assertEquals(List.of(1L, 2L), recorded.stream().map(e -> e.sequence()).toList());
        assertEquals(ALICE, created.ownerId());
        assertTrue(!created.eventId().equals(recorded.getLast().eventId()));
        assertEquals(0, new ListApiKeys(store, clock).list(ALICE, PageRequest.FIRST).total());
    }

    @Test
    void anotherUsersKeyCannotBeRevoked() {
        IssuedApiKey issued = create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), null, KeyGrant.FULL));
        assertThrows(ApiKeyNotFound.class, () -> revoke.revoke(BOB, issued.key().id()));
        assertThrows(ApiKeyNotFound.class, () -> revoke.revoke(ALICE, "missing"));
        assertEquals(1, new ListApiKeys(store, clock).list(ALICE, PageRequest.FIRST).total());
        assertTrue(revoked().isEmpty());
    }

    @Test
    void aChangeIsTheKeysNextRevisionWithItsEventAndOnlyTheOwnerMakesIt() {
        IssuedApiKey issued = create.create(new CreateApiKeyCommand(ALICE, new ApiKeyName("ci"), null, KeyGrant.FULL));
        ChangeApiKey change = new ChangeApiKey(store, recorded::addAll, () -> "event-" + ids.incrementAndGet(), clock,
                org.astronrpa.openapi.domain.shared.Transactions.NONE);
        KeyGrant narrow = KeyGrant.checked(List.of("executions:read"), null, 10L, null, List.of("10.0.0.0/8"));
        var changed = change.change(ALICE, issued.key().id(), new ChangeApiKey.Change(null, null, narrow,
                java.util.Set.of("scopes", "rate_limit_per_minute")));
        assertEquals(2, changed.revision());
        assertEquals(java.util.Set.of(org.astronrpa.openapi.domain.apikey.Scope.EXECUTIONS_READ),
                changed.grant().scopes());
        assertEquals(10, changed.grant().rateLimitPerMinute());
        assertEquals(null, changed.grant().allowedIps(), "allowed_ips was not named: it stays as it was");
        assertEquals("ci", changed.name());
        ApiKeyEvent.Changed event = (ApiKeyEvent.Changed) recorded.getLast();
        assertEquals(2, event.sequence());
        assertEquals(changed, store.findById(issued.key().id()).orElseThrow());

        assertThrows(ApiKeyNotFound.class, () -> change.change(BOB, issued.key().id(),
                new ChangeApiKey.Change(new ApiKeyName("mine"), null, KeyGrant.FULL, java.util.Set.of("name"))));
        assertThrows(org.astronrpa.openapi.domain.shared.InvalidInput.class, () -> change.change(ALICE,
                issued.key().id(), new ChangeApiKey.Change(null, clock.now(), KeyGrant.FULL,
                        java.util.Set.of("expires_at"))));
        revoke.revoke(ALICE, issued.key().id());
        assertEquals(3, recorded.getLast().sequence(), "the revocation follows the change");
        assertThrows(ApiKeyNotFound.class, () -> change.change(ALICE, issued.key().id(),
                new ChangeApiKey.Change(new ApiKeyName("late"), null, KeyGrant.FULL, java.util.Set.of("name"))));
    }
}
