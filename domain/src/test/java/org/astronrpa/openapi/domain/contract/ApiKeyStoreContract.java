package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.RawApiKey;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} must do; subclassed once per adapter. */
public abstract class ApiKeyStoreContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.250Z");
    private static final ApiKeyHasher HASHER = ApiKeyHasher.withPepper("contract-test-pepper");
    private final AtomicInteger seed = new AtomicInteger();

    private ApiKeyStore store;

    /** A store with no keys in it. */
    protected abstract ApiKeyStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    private ApiKey key(String id, UserId owner, Instant createdAt, Instant expiresAt) {
        int s = seed.incrementAndGet();
        RawApiKey raw = RawApiKey.generate(bytes -> java.util.Arrays.fill(bytes, (byte) s));
        return ApiKey.issue(id, owner, new ApiKeyName("key " + id), raw, HASHER, expiresAt, KeyGrant.FULL, createdAt);
    }

    private static final KeyGrant SCOPED = KeyGrant.checked(List.of("executions:run", "mcp"),
            List.of("P-1", "Projekt 🤖", "p-1"), 120L, 3L, List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"));

    @Test
    void aScopedKeyKeepsItsGrantAndAFullKeyStaysFull() {
        int s = seed.incrementAndGet();
        RawApiKey raw = RawApiKey.generate(bytes -> java.util.Arrays.fill(bytes, (byte) s));
        ApiKey scoped = ApiKey.issue("k1", ALICE, new ApiKeyName("agent"), raw, HASHER, null, SCOPED, T0);
        store.insert(scoped);
        store.insert(key("k2", ALICE, T0, null));
        ApiKey found = store.findByHash(scoped.hash()).orElseThrow();
        assertEquals(scoped, found);
        assertEquals(Set.of(Scope.EXECUTIONS_RUN, Scope.MCP), found.grant().scopes());
        assertEquals(List.of("P-1", "Projekt 🤖"), found.grant().workflowIds().stream().map(ProjectId::value).toList(),
                "ids are kept as written, one per case-folded id");
        assertEquals(120, found.grant().rateLimitPerMinute());
        assertEquals(3, found.grant().maxConcurrentExecutions());
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"),
                found.grant().allowedIps().stream().map(Object::toString).toList());
        assertEquals(1, found.revision());
        assertTrue(store.findById("k2").orElseThrow().grant().fullAccess());
    }

    @Test
    void aChangeNeedsThePreviousRevisionOfAnUnrevokedKeyOfItsOwner() {
        ApiKey key = key("k1", ALICE, T0, null);
        store.insert(key);
        ApiKey changed = key.changed("renamed", T0.plusSeconds(3600), SCOPED);
        assertTrue(store.update(changed));
        assertEquals(changed, store.findById("k1").orElseThrow());
        assertEquals(2, store.findById("k1").orElseThrow().revision());
        assertFalse(store.update(changed), "the same revision twice: the second lost a race");
        ApiKey backToFull = changed.changed("renamed", null, KeyGrant.FULL);
        assertFalse(store.update(new ApiKey(backToFull.id(), BOB, backToFull.name(), backToFull.prefix(),
                backToFull.hash(), backToFull.createdAt(), null, null, null, KeyGrant.FULL, 3)), "another owner's");
        assertTrue(store.update(backToFull));
        assertTrue(store.findByHash(key.hash()).orElseThrow().grant().fullAccess());
        assertTrue(store.revoke("k1", ALICE, T0.plusSeconds(5)));
        assertEquals(4, store.findById("k1").orElseThrow().revision(), "a revocation is a revision too");
        assertFalse(store.update(store.findById("k1").orElseThrow().changed("late", null, SCOPED)),
                "a revoked key is not changed");
    }

    @Test
    void aKeyIsFoundByItsHashWithEveryField() {
        ApiKey key = key("k1", ALICE, T0, T0.plusSeconds(3600));
        store.insert(key);
        assertEquals(key, store.findByHash(key.hash()).orElseThrow());
        assertTrue(store.findByHash("0".repeat(64)).isEmpty());
    }

    @Test
    void activeKeysAreTheUnrevokedUnexpiredOnesOfTheOwnerNewestFirst() {
        store.insert(key("k1", ALICE, T0, null));
        store.insert(key("k2", ALICE, T0.plusSeconds(1), T0.plusSeconds(10)));
        store.insert(key("k3", ALICE, T0.plusSeconds(2), null));
        store.insert(key("k4", ALICE, T0.plusSeconds(3), null));
        store.insert(key("b1", BOB, T0, null));
        assertTrue(store.revoke("k3", ALICE, T0.plusSeconds(4)));

        var page = store.pageActive(ALICE, T0.plusSeconds(10), PageRequest.FIRST);
        assertEquals(2, page.total());
        assertEquals(List.of("k4", "k1"), page.records().stream().map(ApiKey::id).toList());
        var earlier = store.pageActive(ALICE, T0.plusSeconds(9), new PageRequest(1, 2));
        assertEquals(3, earlier.total());
        assertEquals(List.of("k4", "k2"), earlier.records().stream().map(ApiKey::id).toList());
    }

    @Test
    void onlyTheOwnerRevokesAndOnlyOnce() {
        ApiKey key = key("k1", ALICE, T0, null);
        store.insert(key);
        assertFalse(store.revoke("k1", BOB, T0));
        assertTrue(store.revoke("k1", ALICE, T0.plusSeconds(1)));
        assertFalse(store.revoke("k1", ALICE, T0.plusSeconds(2)));
        assertEquals(T0.plusSeconds(1), store.findByHash(key.hash()).orElseThrow().revokedAt());
        assertEquals(T0.plusSeconds(1), store.findById("k1").orElseThrow().revokedAt());
    }

    @Test
    void aKeyIsFoundByItsIdWithEveryField() {
        ApiKey key = key("k1", ALICE, T0, T0.plusSeconds(3600));
        store.insert(key);
        assertEquals(key, store.findById("k1").orElseThrow());
        assertTrue(store.findById("k2").isEmpty());
    }

    @Test
    void useIsRecordedOnlyWhenTheLastRecordIsOlderThanTheBound() {
        ApiKey key = key("k1", ALICE, T0, null);
        store.insert(key);
        store.recordUse("k1", T0.plusSeconds(10), T0.minusSeconds(50));
        assertEquals(T0.plusSeconds(10), store.findByHash(key.hash()).orElseThrow().lastUsedAt());
        store.recordUse("k1", T0.plusSeconds(20), T0.minusSeconds(40));
        assertEquals(T0.plusSeconds(10), store.findByHash(key.hash()).orElseThrow().lastUsedAt());
        store.recordUse("k1", T0.plusSeconds(80), T0.plusSeconds(20));
        assertEquals(T0.plusSeconds(80), store.findByHash(key.hash()).orElseThrow().lastUsedAt());
    }
}
