package org.astronrpa.openapi.application.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.contract.ApiKeyStoreContract;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachingApiKeyStoreTest extends ApiKeyStoreContract {
    private static final UserId ALICE = new UserId("alice");

    @Override
    protected ApiKeyStore emptyStore() {
        return new CachingApiKeyStore(new InMemoryApiKeyStore(), new TestClock(), Duration.ofSeconds(30), 100);
    }

    /** Counts lookups that reach the wrapped store. */
    static final class CountingStore implements ApiKeyStore {
        final InMemoryApiKeyStore inner = new InMemoryApiKeyStore();
        final AtomicInteger lookups = new AtomicInteger();

        public void insert(ApiKey key) {
            inner.insert(key);
        }

        public Optional<ApiKey> findByHash(String hash) {
            lookups.incrementAndGet();
            return inner.findByHash(hash);
        }

        public Optional<ApiKey> findById(String id) {
            lookups.incrementAndGet();
            return inner.findById(id);
        }

        public org.astronrpa.openapi.domain.shared.Page<ApiKey> pageActive(UserId owner, Instant now,
                org.astronrpa.openapi.domain.shared.PageRequest page) {
            return inner.pageActive(owner, now, page);
        }

        public boolean revoke(String id, UserId owner, Instant at) {
            return inner.revoke(id, owner, at);
        }

        public void recordUse(String id, Instant at, Instant notBefore) {
            inner.recordUse(id, at, notBefore);
        }

        public boolean update(ApiKey changed) {
            return inner.update(changed);
        }
    }

    @Nested
    class Caching {
        private final TestClock clock = new TestClock();
        private final CountingStore backing = new CountingStore();
        private final CachingApiKeyStore cache = new CachingApiKeyStore(backing, clock, Duration.ofSeconds(30), 2);

        private ApiKey key(String id, String hash) {
            ApiKey key = new ApiKey(id, ALICE, "k", "rpa_12345678", hash, clock.now(), null, null, null);
            cache.insert(key);
            return key;
        }

        @Test
        void aFoundKeyIsServedFromMemoryUntilItsTimeToLiveEnds() {
            key("k1", "h1");
            cache.findByHash("h1");
            cache.findByHash("h1");
            assertEquals(1, backing.lookups.get());
            clock.advance(Duration.ofSeconds(30));
            cache.findByHash("h1");
            assertEquals(2, backing.lookups.get());
        }

        @Test
        void unknownHashesAreNotCached() {
            cache.findByHash("nope");
            key("k1", "nope");
            assertTrue(cache.findByHash("nope").isPresent());
        }

        @Test
        void aRevocationThroughTheCacheIsSeenAtOnce() {
            key("k1", "h1");
            cache.findByHash("h1");
            cache.revoke("k1", ALICE, clock.now());
            assertNotNull(cache.findByHash("h1").orElseThrow().revokedAt());
        }

        @Test
        void anEvictedKeyIsLoadedAgain() {
            key("k1", "h1");
            cache.findByHash("h1");
            backing.inner.revoke("k1", ALICE, clock.now());
            cache.evict("k1");
            assertNotNull(cache.findByHash("h1").orElseThrow().revokedAt());
        }

        @Test
        void aRecordedUseIsVisibleInTheCachedKey() {
            key("k1", "h1");
            cache.findByHash("h1");
            cache.recordUse("k1", clock.now(), clock.now().minusSeconds(60));
            assertEquals(clock.now(), cache.findByHash("h1").orElseThrow().lastUsedAt());
            assertEquals(1, backing.lookups.get());
        }

        @Test
        void theLeastRecentlyUsedEntryGoesFirstWhenFull() {
            key("k1", "h1");
            key("k2", "h2");
            key("k3", "h3");
            cache.findByHash("h1");
            cache.findByHash("h2");
            cache.findByHash("h1");
            cache.findByHash("h3");
            backing.lookups.set(0);
            cache.findByHash("h1");
            cache.findByHash("h2");
            assertEquals(1, backing.lookups.get(), "h2 was evicted, h1 kept");
        }
    }
}
