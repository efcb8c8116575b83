package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.contract.Await;
import org.astronrpa.openapi.domain.contract.RobotPresenceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisRobotPresenceTest extends RobotPresenceContract {
    private final Fabrics fabrics = new Fabrics();

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected RobotPresence instance(String id) {
        RedisFabric fabric = fabrics.get(id);
        fabric.membership().heartbeat();   // a lookup counts only instances whose beats it has seen
        return fabric.presence();
    }

    /** What a shared presence adds: the other instances see each announcement (asynchronously, hence the waits). */
    @Test
    void otherInstancesSeeWhoHoldsARobotAndWhichRunItHasUntilItEnds() {
        RobotPresence a = instance("a");
        RobotPresence b = instance("b");
        a.connected("c-1", ALICE, T0, "/10.0.0.7:5000");
        a.running("c-1", E1);
        Await.until(() -> b.instanceRunning(E1).isPresent(), "b saw the run");
        assertEquals(Optional.of("a"), b.instanceRunning(E1));
        assertEquals(Optional.of("a"), a.instanceRunning(E1), "unlike a single instance, this one included");
        assertEquals(Set.of("a"), b.otherInstancesWithRobotsOf(ALICE));
        assertEquals(List.of(new RobotPresence.PresentRobot("c-1", "a", T0, "/10.0.0.7:5000", E1)), b.elsewhere(ALICE));

        a.idle("c-1");
        Await.until(() -> b.instanceRunning(E1).isEmpty(), "b saw the robot go idle");
        assertEquals(List.of(new RobotPresence.PresentRobot("c-1", "a", T0, "/10.0.0.7:5000", null)), b.elsewhere(ALICE));
        a.disconnected("c-1");
        Await.until(() -> b.elsewhere(ALICE).isEmpty(), "b saw the robot go");
        assertEquals(Set.of(), b.otherInstancesWithRobotsOf(ALICE));
    }

    @Test
    void otherInstancesSeeWhichManagedRobotAConnectionIsWhateverItRuns() {
        RobotPresence a = instance("a");
        RobotPresence b = instance("b");
        var desk = new org.astronrpa.openapi.domain.robot.RobotId("Desk-1");
        a.connected("c-1", ALICE, T0, "/10.0.0.7:5000", desk);
        a.connected("c-2", ALICE, T0, "/10.0.0.8:5000");
        a.running("c-1", E1);
        Await.until(() -> b.instanceRunning(E1).isPresent(), "b saw the run");
        List<RobotPresence.PresentRobot> seen = new java.util.ArrayList<>(b.elsewhere(ALICE));
        seen.sort(java.util.Comparator.comparing(RobotPresence.PresentRobot::connectionId));
        assertEquals(List.of(new RobotPresence.PresentRobot("c-1", "a", T0, "/10.0.0.7:5000", E1, desk),
                new RobotPresence.PresentRobot("c-2", "a", T0, "/10.0.0.8:5000", null, null)), seen);
    }

    @Test
    void anEntryWrittenBeforeManagedRobotsReadsAsAnUnnamedRobot() {
        assertEquals(new ConnectionEntry("alice", "e-1", 5, "/10.0.0.7:5000", null),
                ConnectionEntry.parse("alice\ne-1\n5\n/10.0.0.7:5000"));
        ConnectionEntry managed = new ConnectionEntry("alice", null, 5, "/10.0.0.7:5000", "desk-1");
        assertEquals(managed, ConnectionEntry.parse(managed.encode()));
    }
}
