package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotNotFound;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/** One of the caller's managed robots, with its connection if it has one; another user's robot is not found. */
public final class GetRobot {
    private final RobotRepository records;
    private final RobotRegistry connections;
    private final org.astronrpa.openapi.domain.execution.ExecutionRepository executions;

    public GetRobot(RobotRepository records, RobotRegistry connections,
                    org.astronrpa.openapi.domain.execution.ExecutionRepository executions) {
        this.records = records;
        this.connections = connections;
        this.executions = executions;
    }

    public RobotState get(UserId owner, RobotId id) {
        return records.find(owner, id)
                .map(robot -> RobotState.of(robot, connections.everywhere(owner, id).orElse(null),
                        executions.pendingByTarget(owner)))
                .orElseThrow(() -> new RobotNotFound(id));
    }
}
