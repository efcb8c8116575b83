package org.astronrpa.openapi.domain.apikey;

import java.time.Instant;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where issued keys are kept, by hash only. */
public interface ApiKeyStore {

    void insert(ApiKey key);

    Optional<ApiKey> findByHash(String hash);

    /** The key with this id, revoked and expired ones included. */
    Optional<ApiKey> findById(String id);

    /** The owner's keys that are neither revoked nor expired at {@code now}, newest first. */
    Page<ApiKey> pageActive(UserId owner, Instant now, PageRequest page);

    /** Marks the owner's key revoked; false when there is no such unrevoked key of that owner. */
    boolean revoke(String id, UserId owner, Instant at);

    /**
     * Stores {@code changed} (name, expiry, grant, revision) over the owner's unrevoked key of that id whose revision
     * is the one before; false when there is none (revoked, gone, or changed meanwhile).
     */
    boolean update(ApiKey changed);

    /** Sets {@code last_used_at} to {@code at} unless it is already at or after {@code notBefore}. */
    void recordUse(String id, Instant at, Instant notBefore);
}
