package org.astronrpa.openapi.domain.apikey;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * What happened to an API key: created (its revision 1), changed by its owner (each change its next revision), revoked
 * at most once (the revision after its last change). The sequence is the key's revision.
 */
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

    /**
     * Its owner changed the key's name, expiry or grant (the new {@code revision}): caches drop it, watcher sockets it
     * opened close (they are opened again under the new grant).
     */
    record Changed(String eventId, String keyId, UserId ownerId, long revision, Instant occurredAt)
            implements ApiKeyEvent {
        public Changed {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public long sequence() {
            return revision;
        }
    }

    /**
     * From now on the key authenticates nobody: caches drop it, sockets it opened close. {@code revision} is the key's
     * last (2 for a key never changed).
     */
    record Revoked(String eventId, String keyId, UserId ownerId, long revision, Instant occurredAt)
            implements ApiKeyEvent {
        public Revoked {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** A revocation of a key never changed. */
        public Revoked(String eventId, String keyId, UserId ownerId, Instant occurredAt) {
            this(eventId, keyId, ownerId, 2, occurredAt);
        }

        @Override
        public long sequence() {
            return revision;
        }
    }
}
