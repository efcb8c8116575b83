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

/** Issues a new API key to the caller. */
public final class CreateApiKey {
    private final ApiKeyStore keys;
    private final ApiKeyHasher hasher;
    private final RandomSource random;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;

    public CreateApiKey(ApiKeyStore keys, ApiKeyHasher hasher, RandomSource random, DomainEvents events, IdGenerator ids,
                        TimeSource time) {
        this.keys = keys;
        this.hasher = hasher;
        this.random = random;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    public IssuedApiKey create(CreateApiKeyCommand command) {
        Instant now = time.now();
        if (command.expiresAt() != null && !command.expiresAt().isAfter(now)) {
            throw InvalidInput.of("expires_at", "must be in the future");
        }
        RawApiKey secret = RawApiKey.generate(random);
        ApiKey key = ApiKey.issue(ids.newId(), command.caller(), command.name(), secret, hasher, command.expiresAt(), now);
        keys.insert(key);
        events.record(new ApiKeyEvent.Created(ids.newId(), key.id(), key.ownerId(), now));
        return new IssuedApiKey(key, secret);
    }
}
