package org.astronrpa.openapi.application.apikey;

import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKeyNotFound;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/** Revokes one of the caller's keys; from then on it authenticates nobody. */
public final class RevokeApiKey {
    /** Told of each revocation, so that caches of key lookups drop the key at once. */
    @FunctionalInterface
    public interface Listener {
        void revoked(String keyId);
    }

    private final ApiKeyStore keys;
    private final TimeSource time;
    private final List<Listener> listeners;

    public RevokeApiKey(ApiKeyStore keys, TimeSource time, List<Listener> listeners) {
        this.keys = keys;
        this.time = time;
        this.listeners = List.copyOf(listeners);
    }

    public void revoke(UserId caller, String keyId) {
        if (keyId == null || keyId.isBlank() || !keys.revoke(keyId.strip(), caller, time.now())) {
            throw new ApiKeyNotFound(keyId);
        }
        listeners.forEach(listener -> listener.revoked(keyId.strip()));
    }
}
