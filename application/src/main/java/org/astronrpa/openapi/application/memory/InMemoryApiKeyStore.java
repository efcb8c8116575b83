package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** API keys in a map, for tests and for embedding without a database. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private final Map<String, ApiKey> byId = new LinkedHashMap<>();

    @Override
    public synchronized void insert(ApiKey key) {
        if (byId.containsKey(key.id()) || findByHash(key.hash()).isPresent()) {
            throw new IllegalStateException("duplicate API key " + key.id());
        }
        byId.put(key.id(), key);
    }

    @Override
    public synchronized Optional<ApiKey> findByHash(String hash) {
        return byId.values().stream().filter(k -> k.hash().equals(hash)).findFirst();
    }

    @Override
    public synchronized Optional<ApiKey> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Page<ApiKey> pageActive(UserId owner, Instant now, PageRequest page) {
        List<ApiKey> active = byId.values().stream()
                .filter(k -> k.ownerId().equals(owner) && k.refusal(now) == null)
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id).reversed())
                .toList();
        return new Page<>(active.size(), page, active.stream().skip(page.offset()).limit(page.pageSize()).toList());
    }

    @Override
    public synchronized boolean revoke(String id, UserId owner, Instant at) {
        ApiKey key = byId.get(id);
        if (key == null || !key.ownerId().equals(owner) || key.revokedAt() != null) {
            return false;
        }
        byId.put(id, key.revoked(at));
        return true;
    }

    @Override
    public synchronized boolean update(ApiKey changed) {
        ApiKey key = byId.get(changed.id());
        if (key == null || !key.ownerId().equals(changed.ownerId()) || key.revokedAt() != null
                || key.revision() != changed.revision() - 1) {
            return false;
        }
        byId.put(key.id(), key.changed(changed.name(), changed.expiresAt(), changed.grant()));
        return true;
    }

    @Override
    public synchronized void recordUse(String id, Instant at, Instant notBefore) {
        ApiKey key = byId.get(id);
        if (key != null && (key.lastUsedAt() == null || key.lastUsedAt().isBefore(notBefore))) {
            byId.put(id, key.usedAt(at));
        }
    }
}
