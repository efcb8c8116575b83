package org.astronrpa.openapi.application.robot;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;
import org.astronrpa.openapi.domain.robot.RobotEnrollment;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotSecret;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The owner lets a robot enroll: a one-time token, shown once, that a robot trades for its own credential before it
 * expires. The owner may fix the robot's id, name and first labels.
 */
public final class EnrollRobot {
    private final RobotCredentialStore store;
    private final ApiKeyHasher hasher;
    private final RandomSource random;
    private final TimeSource time;

    public EnrollRobot(RobotCredentialStore store, ApiKeyHasher hasher, RandomSource random, TimeSource time) {
        this.store = store;
        this.hasher = hasher;
        this.random = random;
        this.time = time;
    }

    /** The token (its only showing) and what it lets in. */
    public record Issued(RobotSecret token, RobotEnrollment enrollment) {
    }

    /**
     * @param robotId  the robot's id, or null to let the robot say it
     * @param lifetime how long the token may be used
     */
    public Issued enroll(UserId owner, RobotId robotId, String name, RobotLabels labels, Duration lifetime) {
        RobotSecret token = RobotSecret.generate(random, RobotSecret.Kind.ENROLLMENT);
        Instant now = time.now();
        RobotEnrollment enrollment = new RobotEnrollment(hasher.hash(token.reveal()), owner, robotId, name,
                labels == null ? RobotLabels.NONE : labels, now, now.plus(lifetime));
        store.addEnrollment(enrollment);
        return new Issued(token, enrollment);
    }
}
