package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;

/** Idempotency records in memory, for tests and for embedding without a database. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Key(String owner, String key) {
    }

    private final Map<Key, IdempotencyRecord> records = new HashMap<>();

    @Override
    public synchronized Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record, Instant notBefore) {
        Key key = new Key(record.owner().value(), record.key());
        IdempotencyRecord existing = records.get(key);
        if (existing != null && !existing.createdAt().isBefore(notBefore)) {
            return Optional.of(existing);
        }
        records.put(key, record);
        return Optional.empty();
    }

    @Override
    public synchronized Optional<IdempotencyRecord> find(org.astronrpa.openapi.domain.shared.UserId owner, String key) {
        return Optional.ofNullable(records.get(new Key(owner.value(), key)));
    }

    @Override
    public synchronized void release(IdempotencyRecord record) {
        records.computeIfPresent(new Key(record.owner().value(), record.key()),
                (key, stored) -> stored.executionId().equals(record.executionId()) ? null : stored);
    }

    @Override
    public synchronized int purgeOlderThan(Instant before) {
        int size = records.size();
        records.values().removeIf(record -> record.createdAt().isBefore(before));
        return size - records.size();
    }
}
