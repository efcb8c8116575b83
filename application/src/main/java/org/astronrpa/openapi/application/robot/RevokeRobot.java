package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotNotFound;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The owner revokes a robot (a lost or stolen desktop): its credentials let nobody in any more, and its connection is
 * closed at once on whichever instance holds it (4003; the run it was running fails, its outcome unknown). The record
 * stays: the robot may enroll again with a new token.
 */
public final class RevokeRobot {
    private final RobotRepository records;
    private final RobotCredentialStore store;
    private final RobotEvents events;

    public RevokeRobot(RobotRepository records, RobotCredentialStore store, RobotEvents events) {
        this.records = records;
        this.store = store;
        this.events = events;
    }

    /** @return how many credentials were revoked (0 when it had none: its connection is closed all the same) */
    public int revoke(UserId owner, RobotId id) {
        return events.atomically(now -> {
            Robot robot = records.find(owner, id).orElseThrow(() -> new RobotNotFound(id));
            int revoked = store.revokeCredentials(owner, id, now);
            return new RobotEvents.Outcome<>(revoked, java.util.List.of(events.revoked(robot)));
        });
    }
}
