package org.astronrpa.openapi.domain.robot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A one-time permission to enroll a robot of {@code owner}: whoever presents its token before {@code expiresAt} gets a
 * robot credential, once. The owner may fix the robot's id, name and first labels; otherwise the robot says them.
 *
 * @param tokenHash the keyed hash of the token (the token itself is shown once, to the owner)
 * @param robotId   the id the robot gets, or null: the robot says it when it enrolls
 */
public record RobotEnrollment(String tokenHash, UserId owner, RobotId robotId, String name, RobotLabels labels,
                              Instant createdAt, Instant expiresAt) {
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    public static final Duration MIN_LIFETIME = Duration.ofMinutes(1);

    public RobotEnrollment {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The lifetime a caller asked for ({@code null}: the default), checked against the bounds. */
    public static Duration lifetime(Long seconds) {
        if (seconds == null) {
            return DEFAULT_LIFETIME;
        }
        if (seconds < MIN_LIFETIME.toSeconds() || seconds > MAX_LIFETIME.toSeconds()) {
            throw InvalidInput.of("expires_in_seconds", "must be between " + MIN_LIFETIME.toSeconds() + " and "
                    + MAX_LIFETIME.toSeconds());
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * The id the enrolling robot gets: the one fixed here, else the one it sent.
     *
     * @throws InvalidInput naming {@code robot_id} when it sent none although none is fixed, or another than the one fixed
     */
    public RobotId robotIdFor(RobotId sent) {
        if (robotId == null) {
            if (sent == null) {
                throw InvalidInput.of("robot_id", "is required: this enrollment does not name the robot");
            }
            return sent;
        }
        if (sent != null && !sent.equals(robotId)) {
            throw InvalidInput.of("robot_id", "this enrollment is for robot '" + robotId + "'");
        }
        return robotId;
    }
}
