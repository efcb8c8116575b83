package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot connection closed. An execution it was running stays RUNNING: the robot may still reply after it
 * reconnects (the reply carries the run's event id); only the execution's timeout ends it otherwise.
 */
public final class DisconnectRobot {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectRobot.class);
    private final RobotRegistry robots;

    public DisconnectRobot(RobotRegistry robots) {
        this.robots = robots;
    }

    public void disconnect(String connectionId) {
        robots.disconnected(connectionId).ifPresent(running ->
                LOG.info("robot {} disconnected while running execution {}; waiting for its reply or timeout",
                        connectionId, running));
    }
}
