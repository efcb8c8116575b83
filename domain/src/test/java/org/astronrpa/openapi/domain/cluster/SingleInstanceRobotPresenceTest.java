package org.astronrpa.openapi.domain.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.astronrpa.openapi.domain.contract.RobotPresenceContract;
import org.junit.jupiter.api.Test;

class SingleInstanceRobotPresenceTest extends RobotPresenceContract {
    @Override
    protected RobotPresence instance(String id) {
        return RobotPresence.SINGLE_INSTANCE;
    }

    /**
     * Unlike a shared presence, a single instance does not report even its own run: it has nobody to tell, and the
     * callers (ConnectRobot, Dispatcher) ask only to find runs held elsewhere; their own are in the robot registry.
     */
    @Test
    void aSingleInstanceReportsNoRunAtAllNotEvenItsOwn() {
        RobotPresence self = instance("a");
        self.connected("c-1", ALICE, T0, "/10.0.0.7:5000");
        self.running("c-1", E1);
        assertEquals(Optional.empty(), self.instanceRunning(E1));
    }
}
