package org.astronrpa.openapi.application.apikey;

import java.time.Instant;
import java.util.Set;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.ApiKeyNotFound;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Changes one of the caller's usable keys: its name, expiry, scopes or limits, as a PATCH names them. The key's secret
 * stays; every instance applies the change within about a second (the recorded {@link ApiKeyEvent.Changed} evicts the
 * key from their caches, as a revocation does).
 */
public final class ChangeApiKey {
    /**
     * What to change: {@code fields} names the wire fields the request sent ({@code name}, {@code expires_at} and the
     * grant's); the others' values are ignored. A sent {@code null} clears a limit or the expiry.
     */
    public record Change(ApiKeyName name, Instant expiresAt, KeyGrant grant, Set<String> fields) {
        public Change {
            fields = Set.copyOf(fields);
        }
    }

    private final ApiKeyStore keys;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;
    private final Transactions transactions;

    public ChangeApiKey(ApiKeyStore keys, DomainEvents events, IdGenerator ids, TimeSource time,
                        Transactions transactions) {
        this.keys = keys;
        this.events = events;
        this.ids = ids;
        this.time = time;
        this.transactions = transactions;
    }

    public ApiKey change(UserId caller, String keyId, Change change) {
        String id = keyId == null ? "" : keyId.strip();
        Instant now = time.now();
        if (change.fields().contains("expires_at") && change.expiresAt() != null && !change.expiresAt().isAfter(now)) {
            throw InvalidInput.of("expires_at", "must be in the future");
        }
        // two changes of one key that raced: the loser is decided again on the newer revision
        return LostRaces.retry(() -> transactions.atomically(() -> {
            ApiKey current = keys.findById(id)
                    .filter(key -> key.ownerId().equals(caller) && key.refusal(now) == null)
                    .orElseThrow(() -> new ApiKeyNotFound(keyId));
            ApiKey changed = current.changed(
                    change.fields().contains("name") ? change.name().value() : current.name(),
                    change.fields().contains("expires_at") ? change.expiresAt() : current.expiresAt(),
                    current.grant().with(change.grant(), change.fields()));
            if (!keys.update(changed)) {
                throw new ConcurrentUpdate("API key '" + id + "'");
            }
            events.record(new ApiKeyEvent.Changed(ids.newId(), id, caller, changed.revision(), now));
            return changed;
        }));
    }
}
