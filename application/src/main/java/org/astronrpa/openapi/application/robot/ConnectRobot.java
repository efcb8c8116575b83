package org.astronrpa.openapi.application.robot;

import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot connected. A managed robot said who it is (API.md §5.1): its record is created or refreshed first, a
 * connection of it that is still open is replaced (closed, its run taken over), and a run its dropped connection left
 * unanswered is its own again. The unmodified astron-rpa robot says nothing about itself, so a connection that
 * replaces one dropped mid-run cannot be told apart from a new desktop: if its owner has RUNNING executions that no
 * connection of any instance holds, the new connection is presumed to be the desktop still running the oldest of them
 * and takes no new work until that one's reply or end. Otherwise it becomes available and its owner's queue is looked
 * at.
 */
public final class ConnectRobot {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRobot.class);
    private static final int LOOKUP_LIMIT = 100;
    private static final int RECORD_ATTEMPTS = 5;

    private final RobotRegistry robots;
    private final Dispatcher dispatcher;
    private final ExecutionRepository executions;
    private final RobotPresence presence;
    private final RobotRepository records;
    private final RobotEvents events;
    private final RecordWrites writes;

    public ConnectRobot(RobotRegistry robots, Dispatcher dispatcher, ExecutionRepository executions,
                        RobotPresence presence, RobotRepository records, RobotEvents events, RecordWrites writes) {
        this.robots = robots;
        this.dispatcher = dispatcher;
        this.executions = executions;
        this.presence = presence;
        this.records = records;
        this.events = events;
        this.writes = writes;
    }

    /**
     * @param connection the connection as the adapter sees it (unnamed)
     * @param identity   who the robot says it is, or empty for an unnamed robot
     * @throws RuntimeException when a managed robot's record cannot be stored (the adapter closes the connection, and
     *                          the robot comes back later)
     */
    public void connect(RobotRegistry.Robot connection, Optional<RobotIdentity> identity) {
        RobotRegistry.Robot robot = identity.map(who -> connection.as(writes.run(() -> recorded(connection, who))))
                .orElse(connection);
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
        RobotRegistry.Registration registration = robots.connect(robot, unanswered);
        registration.replaced().ifPresent(older -> {
            LOG.info("robot {} connected again as {}: its older connection {} is closed", robot.managed().id(),
                    robot.connectionId(), older.connectionId());
            older.channel().dismiss(RobotChannel.Dismissal.REPLACED);
        });
        registration.holds().ifPresentOrElse(
                execution -> LOG.info("robot {} connected while execution {} awaits a reply from an earlier connection; "
                        + "it takes no new work until that one ends", robot.connectionId(), execution),
                () -> dispatchQuietly(robot));
    }

    /**
     * The managed robot's record, created when first seen, refreshed otherwise (a concurrent change is read again),
     * with its {@link RobotEvent.Online} in the same transaction.
     */
    private Robot recorded(RobotRegistry.Robot connection, RobotIdentity identity) {
        for (int attempt = 1; ; attempt++) {
            try {
                return events.atomically(now -> {
                    Optional<Robot> known = records.find(connection.owner(), identity.id());
                    Robot robot;
                    if (known.isEmpty()) {
                        robot = Robot.newlySeen(connection.owner(), identity, now);
                        records.insert(robot);
                        LOG.info("robot {} of user {} seen for the first time", identity.id(), connection.owner());
                    } else {
                        robot = known.get().seenAgain(identity, now);
                        records.update(robot);
                    }
                    return new RobotEvents.Outcome<>(robot, List.of(events.online(robot, connection)));
                });
            } catch (ConcurrentUpdate raced) {
                if (attempt >= RECORD_ATTEMPTS) {
                    throw raced;
                }
            }
        }
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
