package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RobotPresence} must do, whether it tells other instances or has nobody to tell: an instance is
 * never "another instance" to itself, announcements about connections it does not hold change nothing, a robot that
 * disconnected leaves no trace, and nothing throws. What other instances see of an announcement is specific to the
 * implementations that have other instances (see the subclasses). Subclassed once per implementation.
 */
public abstract class RobotPresenceContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    protected static final ExecutionId E1 = new ExecutionId("e-1");

    /**
     * The presence as instance {@code id} of this test's cluster sees it; another id is another instance sharing it.
     * An implementation that serves a single instance returns that instance for every id.
     */
    protected abstract RobotPresence instance(String id);

    @Test
    void anInstanceNeverCountsItselfAmongTheOthers() {
        RobotPresence a = instance("a");
        a.connected("c-1", ALICE, T0, "/10.0.0.7:5000");
        a.running("c-1", E1);
        assertEquals(Set.of(), a.otherInstancesWithRobotsOf(ALICE));
        assertEquals(List.of(), a.elsewhere(ALICE));
    }

    @Test
    void announcementsAboutConnectionsThisInstanceDoesNotHoldChangeNothing() {
        RobotPresence a = instance("a");
        a.running("ghost", E1);
        a.idle("ghost");
        a.disconnected("ghost");
        a.idle("ghost");
        RobotPresence b = instance("b");
        assertEquals(Optional.empty(), a.instanceRunning(E1));
        assertEquals(Optional.empty(), b.instanceRunning(E1));
        assertEquals(Set.of(), b.otherInstancesWithRobotsOf(ALICE));
        assertEquals(List.of(), b.elsewhere(ALICE));
    }

    @Test
    void aRobotThatDisconnectedLeavesNoTrace() {
        RobotPresence a = instance("a");
        a.connected("c-1", ALICE, T0, "/10.0.0.7:5000");
        a.running("c-1", E1);
        a.disconnected("c-1");
        assertEquals(Optional.empty(), a.instanceRunning(E1));   // answered after a's earlier announcements
        RobotPresence b = instance("b");
        assertEquals(Optional.empty(), b.instanceRunning(E1));
        assertEquals(Set.of(), b.otherInstancesWithRobotsOf(ALICE));
        assertEquals(List.of(), b.elsewhere(ALICE));
    }

    @Test
    void lookupsOfUnknownUsersAndExecutionsFindNobody() {
        RobotPresence a = instance("a");
        assertEquals(Set.of(), a.otherInstancesWithRobotsOf(new UserId("nobody")));
        assertEquals(List.of(), a.elsewhere(new UserId("nobody")));
        assertEquals(Optional.empty(), a.instanceRunning(new ExecutionId("never-ran")));
    }
}
