package org.astronrpa.openapi.domain.robot;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * What a robot credential lets in: the owner's robot {@code robotId}, over {@code /ws} only. Stored as a keyed hash;
 * revoked with its robot (revocation is final).
 */
public record RobotCredential(String id, UserId owner, RobotId robotId, String hash, String prefix, Instant createdAt,
                              Instant revokedAt) {
    public RobotCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
