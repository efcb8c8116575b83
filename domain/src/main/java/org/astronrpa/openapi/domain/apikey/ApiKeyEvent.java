package org.astronrpa.openapi.domain.apikey;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/** What happened to an API key: it is created once and revoked at most once, so those are its sequence 1 and 2. */
public sealed interface ApiKeyEvent extends DomainEvent {

    String keyId();

    UserId ownerId();

    @Override
    default String aggregateType() {
        return "api_key";
    }

    @Override
    default String aggregateId() {
        return keyId();
    }

    record Created(String eventId, String keyId, UserId ownerId, Instant occurredAt) implements ApiKeyEvent {
        public Created {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public long sequence() {
            return 1;
        }
    }

    /** From now on the key authenticates nobody: caches drop it, sockets it opened close. */
    record Revoked(String eventId, String keyId, UserId ownerId, Instant occurredAt) implements ApiKeyEvent {
        public Revoked {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public long sequence() {
            return 2;
        }
    }
}
