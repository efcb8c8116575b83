package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.Optional;

/** Remembers start requests by (owner, idempotency key), durably, so that a retried request finds its execution. */
public interface IdempotencyStore {

    /**
     * Stores {@code record} unless the owner already has a record for that key created at or after
     * {@code notBefore}; an older record is replaced. Atomic: of two concurrent calls with one key, one stores
     * and the other gets the stored record back.
     *
     * @return the record that was already there (and is still valid), or empty when {@code record} was stored
     */
    Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record, Instant notBefore);

    /**
     * Forgets {@code record} if the owner's record for its key is still that one (same execution id), so that a
     * request whose execution could not be stored does not hold its key; another record is left alone.
     */
    void release(IdempotencyRecord record);

    /** The owner's record for {@code key}, however old. */
    Optional<IdempotencyRecord> find(org.astronrpa.openapi.domain.shared.UserId owner, String key);

    /** Forgets records created before {@code before}; returns how many. */
    int purgeOlderThan(Instant before);
}
