package org.astronrpa.openapi.archfixture.broken.simulator;

/** A stand-in for the robot simulator, which the service must never use. */
public final class FakeRobot {
    public void connect() {
    }
}
