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
    private final RobotEvents events;

    public DeleteRobot(RobotRepository records, RobotRegistry connections, RobotEvents events) {
        this.records = records;
        this.connections = connections;
        this.events = events;
    }

    public void delete(UserId owner, RobotId id) {
        // a connected robot has a record; one without is not found below
        if (connections.everywhere(owner, id).isPresent()) {
            throw new RobotOnline(id);
        }
        events.atomically(now -> {
            var last = records.find(owner, id).orElseThrow(() -> new RobotNotFound(id));
            if (!records.delete(owner, id)) {
                throw new RobotNotFound(id);
            }
            return new RobotEvents.Outcome<Void>(null, java.util.List.of(events.deleted(last)));
        });
    }
}
