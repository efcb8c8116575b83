package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A start request remembered by its {@code Idempotency-Key}: which execution it created, and a fingerprint of
 * its body so that the same key with another body can be told apart.
 */
public record IdempotencyRecord(UserId owner, String key, String fingerprint, ExecutionId executionId, Instant createdAt) {
    public static final int MAX_KEY_LENGTH = 255;

    public IdempotencyRecord {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an idempotency key has 1.." + MAX_KEY_LENGTH + " characters");
        }
    }
}
