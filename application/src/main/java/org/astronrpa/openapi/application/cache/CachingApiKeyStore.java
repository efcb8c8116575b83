package org.astronrpa.openapi.application.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Keeps recent key lookups in memory, so that an API-key-authenticated request costs no extra database
 * round trip. Revocations through this store, and {@link #evict(String)} (called for revocations elsewhere),
 * take effect at once; entries live at most {@code ttl}; only found keys are cached; at most {@code maxEntries}
 * (least recently used go first). Expiry is judged on every use, so caching never extends a key's life.
 */
public final class CachingApiKeyStore implements ApiKeyStore {
    private record Cached(ApiKey key, Instant loadedAt) {
    }

    private final ApiKeyStore store;
    private final TimeSource time;
    private final Duration ttl;
    private final Map<String, Cached> byHash;

    public CachingApiKeyStore(ApiKeyStore store, TimeSource time, Duration ttl, int maxEntries) {
        this.store = store;
        this.time = time;
        this.ttl = ttl;
        this.byHash = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public void insert(ApiKey key) {
        store.insert(key);
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        Instant now = time.now();
        synchronized (byHash) {
            Cached entry = byHash.get(hash);
            if (entry != null && now.isBefore(entry.loadedAt().plus(ttl))) {
                return Optional.of(entry.key());
            }
        }
        Optional<ApiKey> found = store.findByHash(hash);
        synchronized (byHash) {
            found.ifPresentOrElse(key -> byHash.put(hash, new Cached(key, now)), () -> byHash.remove(hash));
        }
        return found;
    }

    /** Never cached: it is asked to learn whether a key is still valid. */
    @Override
    public Optional<ApiKey> findById(String id) {
        return store.findById(id);
    }

    @Override
    public Page<ApiKey> pageActive(UserId owner, Instant now, PageRequest page) {
        return store.pageActive(owner, now, page);
    }

    @Override
    public boolean revoke(String id, UserId owner, Instant at) {
        boolean revoked = store.revoke(id, owner, at);
        evict(id);
        return revoked;
    }

    @Override
    public boolean update(ApiKey changed) {
        boolean updated = store.update(changed);
        evict(changed.id());
        return updated;
    }

    @Override
    public void recordUse(String id, Instant at, Instant notBefore) {
        store.recordUse(id, at, notBefore);
        synchronized (byHash) {
            byHash.replaceAll((hash, entry) -> entry.key().id().equals(id) && recordable(entry.key(), notBefore)
                    ? new Cached(entry.key().usedAt(at), entry.loadedAt()) : entry);
        }
    }

    /** Forgets the key with this id (revoked or changed on another instance, say). */
    public void evict(String id) {
        synchronized (byHash) {
            byHash.values().removeIf(entry -> entry.key().id().equals(id));
        }
    }

    /** The same condition as the store's: only a last use before {@code notBefore} is replaced. */
    private static boolean recordable(ApiKey key, Instant notBefore) {
        return key.lastUsedAt() == null || key.lastUsedAt().isBefore(notBefore);
    }
}
