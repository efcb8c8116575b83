package org.astronrpa.openapi.application.apikey;

import java.time.Instant;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyNotFound;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Revokes one of the caller's keys; from then on it authenticates nobody. Caches of key lookups and sockets the
 * key opened learn of it from the recorded {@link ApiKeyEvent.Revoked}.
 */
public final class RevokeApiKey {
    private final ApiKeyStore keys;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;
    private final Transactions transactions;

    public RevokeApiKey(ApiKeyStore keys, DomainEvents events, IdGenerator ids, TimeSource time, Transactions transactions) {
        this.keys = keys;
        this.events = events;
        this.ids = ids;
        this.time = time;
        this.transactions = transactions;
    }

    public void revoke(UserId caller, String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw new ApiKeyNotFound(keyId);
        }
        String id = keyId.strip();
        transactions.atomically(() -> {
            Instant now = time.now();
            if (!keys.revoke(id, caller, now)) {
                throw new ApiKeyNotFound(keyId);
            }
            long revision = keys.findById(id).map(ApiKey::revision).orElse(2L);
            events.record(new ApiKeyEvent.Revoked(ids.newId(), id, caller, revision, now));
            return id;
        });
    }
}
