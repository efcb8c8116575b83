package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotNotFound;
import org.astronrpa.openapi.domain.robot.RobotOnline;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The owner forgets an offline managed robot: its record goes (if it connects again it is a new robot, first seen
 * then). A connected one is refused; executions aimed at it stay queued until their dispatch deadline.
 */
public final class DeleteRobot {
    private final RobotRepository records;
    private final RobotRegistry connections;

    public DeleteRobot(RobotRepository records, RobotRegistry connections) {
        this.records = records;
        this.connections = connections;
    }

    public void delete(UserId owner, RobotId id) {
        if (records.find(owner, id).isEmpty()) {
            throw new RobotNotFound(id);
        }
        if (connections.everywhere(owner).stream().anyMatch(view -> id.equals(view.robotId()))) {
            throw new RobotOnline(id);
        }
        if (!records.delete(owner, id)) {
            throw new RobotNotFound(id);
        }
    }
}
