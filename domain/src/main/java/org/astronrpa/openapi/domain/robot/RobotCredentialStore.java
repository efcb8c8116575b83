package org.astronrpa.openapi.domain.robot;

import java.time.Instant;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where enrollment tokens and robot credentials live, by the keyed hashes of their secrets. */
public interface RobotCredentialStore {

    void addEnrollment(RobotEnrollment enrollment);

    /** The enrollment whose token hashes to {@code tokenHash}, used or not (to check a request before using it). */
    Optional<RobotEnrollment> findEnrollment(String tokenHash);

    /**
     * Uses the enrollment whose token hashes to {@code tokenHash}, once: the first call before it expires gets it, and
     * marks it used in the same step; any later call, or one after it expired, gets nothing.
     */
    Optional<RobotEnrollment> redeem(String tokenHash, Instant now);

    void addCredential(RobotCredential credential);

    /** The credential whose secret hashes to {@code hash}, revoked or not. */
    Optional<RobotCredential> findCredential(String hash);

    /** Revokes every credential of the owner's robot not revoked yet; returns how many. */
    int revokeCredentials(UserId owner, RobotId robotId, Instant now);
}
