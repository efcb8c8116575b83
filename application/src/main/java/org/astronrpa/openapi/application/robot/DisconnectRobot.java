package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.TimeSource;
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
    private final TimeSource time;

    public DisconnectRobot(RobotRegistry robots, RobotRepository records, TimeSource time) {
        this.robots = robots;
        this.records = records;
        this.time = time;
    }

    public void disconnect(String connectionId) {
        Robot managed = robots.find(connectionId).map(RobotRegistry.Robot::managed).orElse(null);
        robots.disconnected(connectionId).ifPresent(running ->
                LOG.info("robot {} disconnected while running execution {}; waiting for its reply or timeout",
                        connectionId, running));
        if (managed != null) {
            java.time.Instant at = time.now();
            Thread.ofVirtual().name("robot-last-seen").start(() -> lastSeen(managed, at));
        }
    }

    private void lastSeen(Robot robot, java.time.Instant at) {
        for (int attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
            try {
                records.find(robot.owner(), robot.id()).ifPresent(current -> records.update(current.seen(at)));
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
