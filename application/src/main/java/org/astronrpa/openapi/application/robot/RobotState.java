package org.astronrpa.openapi.application.robot;

import java.util.Objects;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotStatus;

/**
 * A robot as {@code GET /robots} shows it: a managed robot's record with its connection if it has one (on any
 * instance), or an unnamed robot's connection alone.
 *
 * @param record     the managed robot's record, or null for an unnamed connection
 * @param connection its connection, or null when it is not connected
 */
public record RobotState(Robot record, RobotRegistry.RobotView connection) {

    public RobotState {
        if (record == null) {
            Objects.requireNonNull(connection, "an unnamed robot is a connection");
        }
    }

    public RobotStatus status() {
        return RobotStatus.of(connection != null, connection != null && connection.busyWith() != null,
                record != null && record.draining());
    }
}
