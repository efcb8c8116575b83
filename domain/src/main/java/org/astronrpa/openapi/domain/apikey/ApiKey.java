package org.astronrpa.openapi.domain.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * An issued API key, known only by its hash; it acts for its owner, within its {@link KeyGrant grant}, until revoked or
 * expired. {@code revision} counts its versions: 1 when issued, one more for each change and for its revocation.
 */
public record ApiKey(
        String id,
        UserId ownerId,
        String name,
        String prefix,
        String hash,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt,
        KeyGrant grant,
        long revision) {

    /** How often at most {@code last_used_at} is written for one key. */
    public static final Duration USE_RECORDING_INTERVAL = Duration.ofMinutes(1);

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(grant, "grant");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1");
        }
    }

    /** A key as issued before scopes existed: full power, first revision. */
    public ApiKey(String id, UserId ownerId, String name, String prefix, String hash, Instant createdAt,
                  Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
        this(id, ownerId, name, prefix, hash, createdAt, lastUsedAt, expiresAt, revokedAt, KeyGrant.FULL, 1);
    }

    public static ApiKey issue(String id, UserId owner, ApiKeyName name, RawApiKey raw, ApiKeyHasher hasher,
                               Instant expiresAt, KeyGrant grant, Instant now) {
        return new ApiKey(id, owner, name.value(), raw.prefix(), hasher.hash(raw), now, null, expiresAt, null, grant, 1);
    }

    /** This key as used at {@code at}. */
    public ApiKey usedAt(Instant at) {
        return new ApiKey(id, ownerId, name, prefix, hash, createdAt, at, expiresAt, revokedAt, grant, revision);
    }

    /** This key revoked at {@code at}: its last revision. */
    public ApiKey revoked(Instant at) {
        return new ApiKey(id, ownerId, name, prefix, hash, createdAt, lastUsedAt, expiresAt, at, grant, revision + 1);
    }

    /** The next revision of this key, named, expiring and granted as its owner now asks. */
    public ApiKey changed(String newName, Instant newExpiresAt, KeyGrant newGrant) {
        return new ApiKey(id, ownerId, newName, prefix, hash, createdAt, lastUsedAt, newExpiresAt, revokedAt, newGrant,
                revision + 1);
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
