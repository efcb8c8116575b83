package org.astronrpa.openapi.application.apikey;

import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyNotFound;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
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

    public RevokeApiKey(ApiKeyStore keys, DomainEvents events, IdGenerator ids, TimeSource time) {
        this.keys = keys;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    public void revoke(UserId caller, String keyId) {
        if (keyId == null || keyId.isBlank() || !keys.revoke(keyId.strip(), caller, time.now())) {
            throw new ApiKeyNotFound(keyId);
        }
        events.record(new ApiKeyEvent.Revoked(ids.newId(), keyId.strip(), caller, time.now()));
    }
}
