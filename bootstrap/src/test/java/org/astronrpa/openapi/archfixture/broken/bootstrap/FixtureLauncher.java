package org.astronrpa.openapi.archfixture.broken.bootstrap;

import org.astronrpa.openapi.archfixture.broken.simulator.FakeRobot;

/** Breaks rule 6: the service starts the robot simulator. */
public final class FixtureLauncher {
    public void start() {
        new FakeRobot().connect();
    }
}
