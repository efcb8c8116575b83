package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;

/** A robot connected: it becomes available, and its owner's queue is looked at. */
public final class ConnectRobot {
    private final RobotRegistry robots;
    private final Dispatcher dispatcher;

    public ConnectRobot(RobotRegistry robots, Dispatcher dispatcher) {
        this.robots = robots;
        this.dispatcher = dispatcher;
    }

    public void connect(RobotRegistry.Robot robot) {
        robots.connected(robot);
        dispatcher.dispatch(robot.owner());
    }
}
