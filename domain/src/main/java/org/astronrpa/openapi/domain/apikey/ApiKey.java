package org.astronrpa.openapi.domain.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/** An issued API key, known only by its hash; it acts for its owner until revoked or expired. */
public record ApiKey(
        String id,
        UserId ownerId,
        String name,
        String prefix,
        String hash,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {

    /** How often at most {@code last_used_at} is written for one key. */
    public static final Duration USE_RECORDING_INTERVAL = Duration.ofMinutes(1);

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static ApiKey issue(String id, UserId owner, ApiKeyName name, RawApiKey raw, ApiKeyHasher hasher,
                               Instant expiresAt, Instant now) {
        return new ApiKey(id, owner, name.value(), raw.prefix(), hasher.hash(raw), now, null, expiresAt, null);
    }

    /** Why this key may not be used now, or {@code null} when it may. */
    public ApiKeyRejected.Reason refusal(Instant now) {
        if (revokedAt != null) {
            return ApiKeyRejected.Reason.REVOKED;
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return ApiKeyRejected.Reason.EXPIRED;
        }
        return null;
    }

    /** Whether a use at {@code now} should be written down (at most once per interval). */
    public boolean shouldRecordUse(Instant now) {
        return lastUsedAt == null || !now.isBefore(lastUsedAt.plus(USE_RECORDING_INTERVAL));
    }

    /** What lists show instead of the secret. */
    public String masked() {
        return prefix + "******************";
    }
}
