package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot connection closed. An execution it was running stays RUNNING: the robot may still reply after it
 * reconnects (the reply carries the run's event id); only the execution's timeout ends it otherwise. A managed
 * robot's record notes when it was last seen (off the caller's thread: a mass disconnect must not queue up on the
 * database).
 */
public final class DisconnectRobot {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectRobot.class);
    private static final int RECORD_ATTEMPTS = 3;
    private final RobotRegistry robots;
    private final RobotRepository records;
    private final RobotEvents events;
    private final RecordWrites writes;

    public DisconnectRobot(RobotRegistry robots, RobotRepository records, RobotEvents events, RecordWrites writes) {
        this.robots = robots;
        this.records = records;
        this.events = events;
        this.writes = writes;
    }

    public void disconnect(String connectionId) {
        Robot managed = robots.find(connectionId).map(RobotRegistry.Robot::managed).orElse(null);
        robots.disconnected(connectionId).ifPresent(running ->
                LOG.info("robot {} disconnected while running execution {}; waiting for its reply or timeout",
                        connectionId, running));
        if (managed != null) {
            Thread.ofVirtual().name("robot-last-seen").start(() -> writes.run(() -> {
                lastSeen(managed, connectionId);
                return null;
            }));
        }
    }

    /** Notes when it was last seen, with its {@code Offline} event (a robot forgotten meanwhile has neither). */
    private void lastSeen(Robot robot, String connectionId) {
        for (int attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
            try {
                events.atomically(now -> records.find(robot.owner(), robot.id())
                        .map(current -> {
                            Robot seen = current.seen(now);
                            records.update(seen);
                            return new RobotEvents.Outcome<Void>(null,
                                    java.util.List.of(events.offline(seen, connectionId)));
                        })
                        .orElse(new RobotEvents.Outcome<>(null, java.util.List.of())));
                return;
            } catch (ConcurrentUpdate raced) {
                // changed meanwhile (its owner, its reconnect): read it again
            } catch (RuntimeException e) {
                LOG.warn("could not note when robot {} was last seen: {}", robot.id(), e.toString());
                return;
            }
        }
    }
}
