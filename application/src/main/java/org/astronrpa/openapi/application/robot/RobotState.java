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
 * @param queueDepth how many of its owner's queued executions it may run (those for any robot, and for an unnamed
 *                   robot only those)
 */
public record RobotState(Robot record, RobotRegistry.RobotView connection, long queueDepth) {

    public RobotState {
        if (record == null) {
            Objects.requireNonNull(connection, "an unnamed robot is a connection");
        }
    }

    /** The state of a robot as its owner's queue stands: {@code pending} counts the queued executions by target. */
    static RobotState of(Robot record, RobotRegistry.RobotView connection,
                         java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, Long> pending) {
        long depth = 0;
        for (var waiting : pending.entrySet()) {
            if (waiting.getKey().matches(record)) {
                depth += waiting.getValue();
            }
        }
        return new RobotState(record, connection, depth);
    }

    public RobotStatus status() {
        return RobotStatus.of(connection != null, connection != null && connection.busyWith() != null,
                record != null && record.draining());
    }
}
