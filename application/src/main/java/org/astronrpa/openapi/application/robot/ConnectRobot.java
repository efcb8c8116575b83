package org.astronrpa.openapi.application.robot;

import java.util.List;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot connected. The desktop robot says nothing about itself, so a connection that replaces one dropped
 * mid-run cannot be told apart from a new desktop: if its owner has RUNNING executions that no connection of any
 * instance holds, the new connection is presumed to be the desktop still running the oldest of them and takes no new
 * work until that one's reply or end. Otherwise it becomes available and its owner's queue is looked at.
 */
public final class ConnectRobot {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRobot.class);
    private static final int LOOKUP_LIMIT = 100;

    private final RobotRegistry robots;
    private final Dispatcher dispatcher;
    private final ExecutionRepository executions;
    private final RobotPresence presence;

    public ConnectRobot(RobotRegistry robots, Dispatcher dispatcher, ExecutionRepository executions) {
        this(robots, dispatcher, executions, RobotPresence.SINGLE_INSTANCE);
    }

    public ConnectRobot(RobotRegistry robots, Dispatcher dispatcher, ExecutionRepository executions,
                        RobotPresence presence) {
        this.robots = robots;
        this.dispatcher = dispatcher;
        this.executions = executions;
        this.presence = presence;
    }

    public void connect(RobotRegistry.Robot robot) {
        List<ExecutionId> unanswered = List.of();
        try {
            unanswered = executions.running(robot.owner(), LOOKUP_LIMIT).stream()
                    .map(Execution::id)
                    .filter(execution -> presence.instanceRunning(execution).isEmpty())   // another instance's robot has it
                    .toList();
        } catch (RuntimeException e) {
            // the database is overloaded or away (a reconnect storm, an outage): the robot is taken as idle
            LOG.warn("could not look up unanswered runs for robot {}: {}", robot.connectionId(), e.toString());
        }
        robots.connected(robot, unanswered).ifPresentOrElse(
                execution -> LOG.info("robot {} connected while execution {} awaits a reply from an earlier connection; "
                        + "it takes no new work until that one ends", robot.connectionId(), execution),
                () -> dispatchQuietly(robot));
    }

    private void dispatchQuietly(RobotRegistry.Robot robot) {
        try {
            dispatcher.dispatch(robot.owner());
        } catch (RuntimeException e) {
            // the robot stays connected and idle; its queue moves on the next time something happens to it
            LOG.warn("could not look at the queue of robot {}'s user: {}", robot.connectionId(), e.toString());
        }
    }
}
