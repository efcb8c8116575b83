package org.astronrpa.openapi.application.apikey;

import java.time.Instant;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.apikey.RawApiKey;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;

/** Issues a new API key to the caller. */
public final class CreateApiKey {
    private final ApiKeyStore keys;
    private final ApiKeyHasher hasher;
    private final RandomSource random;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;
    private final Transactions transactions;

    public CreateApiKey(ApiKeyStore keys, ApiKeyHasher hasher, RandomSource random, DomainEvents events, IdGenerator ids,
                        TimeSource time, Transactions transactions) {
        this.keys = keys;
        this.hasher = hasher;
        this.random = random;
        this.events = events;
        this.ids = ids;
        this.time = time;
        this.transactions = transactions;
    }

    public IssuedApiKey create(CreateApiKeyCommand command) {
        Instant now = time.now();
        if (command.expiresAt() != null && !command.expiresAt().isAfter(now)) {
            throw InvalidInput.of("expires_at", "must be in the future");
        }
        RawApiKey secret = RawApiKey.generate(random);
        ApiKey key = ApiKey.issue(ids.newId(), command.caller(), command.name(), secret, hasher, command.expiresAt(),
                command.grant(), now);
        // the key and its event together: the audit trail and the caches never hear of a key that is not there
        transactions.atomically(() -> {
            keys.insert(key);
            events.record(new ApiKeyEvent.Created(ids.newId(), key.id(), key.ownerId(), now));
            return key;
        });
        return new IssuedApiKey(key, secret);
    }
}
