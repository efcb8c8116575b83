package org.astronrpa.openapi.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A user's secret for the callbacks their executions ask for (one per user): it signs those deliveries as a
 * subscription's secret signs its own. Rotated like one: the previous secret keeps signing until {@code previousUntil}.
 */
public record CallbackSecret(UserId owner, SigningSecret secret, SigningSecret previousSecret, Instant previousUntil,
                             Instant createdAt, Instant updatedAt) {
    public CallbackSecret {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((previousSecret == null) != (previousUntil == null)) {
            throw new IllegalArgumentException("a previous secret comes with the end of its overlap");
        }
    }

    public static CallbackSecret create(UserId owner, SigningSecret secret, Instant now) {
        return new CallbackSecret(owner, secret, null, null, now, now);
    }

    /** The secrets that sign at {@code now}: the current one, then the previous one while it overlaps. */
    public List<SigningSecret> secretsAt(Instant now) {
        return previousSecret != null && now.isBefore(previousUntil) ? List.of(secret, previousSecret)
                : List.of(secret);
    }

    /** A new secret; the current one keeps signing beside it for {@code overlap} (none when zero). */
    public CallbackSecret rotate(SigningSecret next, Duration overlap, Instant now) {
        boolean overlaps = !overlap.isZero() && !overlap.isNegative();
        return new CallbackSecret(owner, next, overlaps ? secret : null, overlaps ? now.plus(overlap) : null,
                createdAt, now);
    }
}
