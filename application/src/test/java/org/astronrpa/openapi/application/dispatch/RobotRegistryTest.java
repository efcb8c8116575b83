package org.astronrpa.openapi.application.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotChanges;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/** Managed robots in the registry: one connection per robot, runs that follow the robot, draining. */
class RobotRegistryTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final RobotChannel SILENT = new RobotChannel() {
        @Override
        public boolean sendRun(RunOrder order) {
            return true;
        }

        @Override
        public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
        }
    };

    private final RobotRegistry registry = new RobotRegistry();

    private static Robot record(UserId owner, String id) {
        return Robot.newlySeen(owner, new RobotIdentity(new RobotId(id), null, null, null, null, List.of(),
                RobotLabels.of("labels", Map.of("os", "windows"))), NOW);
    }

    private static RobotRegistry.Robot connection(String connectionId, UserId owner, Robot managed) {
        return new RobotRegistry.Robot(connectionId, owner, NOW, "127.0.0.1", SILENT, managed);
    }

    @Test
    void aSecondConnectionOfTheSameRobotReplacesTheFirstAndTakesOverItsRun() {
        Robot desk = record(ALICE, "desk-1");
        registry.connect(connection("c-1", ALICE, desk), List.of());
        ExecutionId run = new ExecutionId("x-1");
        assertTrue(registry.claimIdle(ALICE, run).isPresent());

        RobotRegistry.Registration second = registry.connect(connection("c-2", ALICE, desk), List.of(run));
        assertEquals("c-1", second.replaced().orElseThrow().connectionId());
        assertEquals(Optional.of(run), second.holds());
        assertEquals("c-2", registry.runnerOf(run).orElseThrow().connectionId());
        assertEquals(1, registry.of(ALICE).size());
        assertTrue(registry.find("c-1").isEmpty());

        // the older connection's close, arriving afterwards, changes nothing
        assertEquals(Optional.empty(), registry.disconnected("c-1"));
        assertEquals("c-2", registry.runnerOf(run).orElseThrow().connectionId());
        assertEquals(Optional.of(ALICE), registry.release(run));
        assertTrue(registry.hasIdle(ALICE));
    }

    @Test
    void theSameRobotIdOfAnotherOwnerIsAnotherRobot() {
        registry.connect(connection("c-1", ALICE, record(ALICE, "desk-1")), List.of());
        RobotRegistry.Registration bobs = registry.connect(connection("c-2", BOB, record(BOB, "desk-1")), List.of());
        assertTrue(bobs.replaced().isEmpty());
        assertEquals(1, registry.of(ALICE).size());
        assertEquals(1, registry.of(BOB).size());
    }

    @Test
    void aManagedRobotWhoseConnectionDroppedMidRunTakesThatRunBackAndNoOtherRobotAdoptsIt() {
        Robot desk = record(ALICE, "desk-1");
        registry.connect(connection("c-1", ALICE, desk), List.of());
        ExecutionId run = new ExecutionId("x-1");
        registry.claimIdle(ALICE, run);
        assertEquals(Optional.of(run), registry.disconnected("c-1"));

        // an unnamed desktop connecting meanwhile does not take the managed robot's run for its own
        assertEquals(Optional.empty(), registry.connect(connection("c-2", ALICE, null), List.of(run)).holds());
        // another managed robot neither
        assertEquals(Optional.empty(), registry.connect(connection("c-3", ALICE, record(ALICE, "desk-2")),
                List.of(run)).holds());
        assertEquals(Optional.of(run), registry.connect(connection("c-4", ALICE, desk), List.of(run)).holds());
        assertEquals("c-4", registry.runnerOf(run).orElseThrow().connectionId());
    }

    @Test
    void aRunThatEndedWhileItsRobotWasAwayIsNotTakenBack() {
        Robot desk = record(ALICE, "desk-1");
        registry.connect(connection("c-1", ALICE, desk), List.of());
        ExecutionId run = new ExecutionId("x-1");
        registry.claimIdle(ALICE, run);
        registry.disconnected("c-1");
        // it timed out meanwhile: it is no longer among the unanswered runs
        assertEquals(Optional.empty(), registry.connect(connection("c-2", ALICE, desk), List.of()).holds());
        assertTrue(registry.hasIdle(ALICE));
    }

    @Test
    void aDrainingRobotTakesNoWorkUntilItsOwnerLetsItAgain() {
        Robot desk = record(ALICE, "desk-1");
        registry.connect(connection("c-1", ALICE, desk), List.of());
        Robot draining = desk.apply(new RobotChanges(null, null, true));
        assertTrue(registry.changed(draining));
        assertFalse(registry.hasIdle(ALICE));
        assertTrue(registry.claimIdle(ALICE, new ExecutionId("x-1")).isEmpty());

        assertTrue(registry.changed(draining.apply(new RobotChanges(null, null, false))));
        assertTrue(registry.claimIdle(ALICE, new ExecutionId("x-1")).isPresent());
        assertFalse(registry.changed(record(BOB, "desk-1")), "bob has no connection of that robot here");
    }

    private static Robot labelled(String id, Map<String, String> labels) {
        return Robot.newlySeen(ALICE, new RobotIdentity(new RobotId(id), null, null, null, null, List.of(),
                RobotLabels.of("labels", labels)), NOW);
    }

    private static org.astronrpa.openapi.domain.robot.RobotTarget selector(Map<String, String> labels) {
        return org.astronrpa.openapi.domain.robot.RobotTarget.labels(RobotLabels.of("target.labels", labels));
    }

    private String claim(org.astronrpa.openapi.domain.robot.RobotTarget target, String execution) {
        return registry.claimIdle(ALICE, new ExecutionId(execution), target)
                .map(RobotRegistry.Robot::connectionId).orElse(null);
    }

    @Test
    void aLabelSelectorTakesTheLongestIdleRobotHoldingEveryPair() {
        registry.connect(connection("c-1", ALICE, labelled("desk-1", Map.of("os", "windows", "site", "lyon"))), List.of());
        registry.connect(connection("c-2", ALICE, labelled("desk-2", Map.of("os", "windows", "site", "paris"))), List.of());
        registry.connect(connection("c-3", ALICE, labelled("desk-3", Map.of("os", "windows", "site", "lyon"))), List.of());
        registry.connect(connection("c-4", ALICE, null), List.of());   // unnamed: any-robot work only
        var lyonWindows = selector(Map.of("os", "windows", "site", "lyon"));

        assertEquals("c-1", claim(lyonWindows, "x-1"));
        assertEquals("c-3", claim(lyonWindows, "x-2"));
        assertEquals(null, claim(lyonWindows, "x-3"));
        assertFalse(registry.hasIdleFor(ALICE, lyonWindows));
        assertTrue(registry.hasIdleFor(ALICE, selector(Map.of("os", "windows"))));
        registry.release(new ExecutionId("x-2"));
        registry.release(new ExecutionId("x-1"));
        assertEquals("c-3", claim(lyonWindows, "x-4"), "freed first, idle longest");
        assertEquals("c-2", claim(org.astronrpa.openapi.domain.robot.RobotTarget.ANY, "x-5"));
        assertEquals("c-4", claim(org.astronrpa.openapi.domain.robot.RobotTarget.ANY, "x-6"));
        assertEquals("c-1", claim(org.astronrpa.openapi.domain.robot.RobotTarget.ANY, "x-7"));
        assertFalse(registry.hasIdle(ALICE));
    }

    @Test
    void aRobotIsFoundByItsLabelsAsTheyAreNowAndNotWhileDrainingOrGone() {
        Robot desk = labelled("desk-1", Map.of("os", "windows"));
        registry.connect(connection("c-1", ALICE, desk), List.of());
        Robot relabelled = desk.apply(new RobotChanges(null, RobotLabels.of("labels", Map.of("os", "linux")), null));
        registry.changed(relabelled);
        assertFalse(registry.hasIdleFor(ALICE, selector(Map.of("os", "windows"))));
        assertTrue(registry.hasIdleFor(ALICE, selector(Map.of("os", "linux"))));

        Robot draining = relabelled.apply(new RobotChanges(null, null, true));
        registry.changed(draining);
        assertFalse(registry.hasIdle(ALICE));
        assertFalse(registry.hasIdleFor(ALICE, selector(Map.of("os", "linux"))));
        assertFalse(registry.hasIdleFor(ALICE, org.astronrpa.openapi.domain.robot.RobotTarget.robot(new RobotId("desk-1"))));
        registry.changed(draining.apply(new RobotChanges(null, null, false)));
        assertTrue(registry.hasIdleFor(ALICE, org.astronrpa.openapi.domain.robot.RobotTarget.robot(new RobotId("desk-1"))));

        // replaced by a newer connection: only that one is handed work
        registry.connect(connection("c-2", ALICE, relabelled), List.of());
        assertEquals("c-2", claim(selector(Map.of("os", "linux")), "x-1"));
        assertFalse(registry.hasIdle(ALICE));
        registry.release(new ExecutionId("x-1"));
        registry.disconnected("c-2");
        assertFalse(registry.hasIdle(ALICE));
        assertFalse(registry.hasIdleFor(ALICE, selector(Map.of("os", "linux"))));
        assertFalse(registry.hasRobot(ALICE));
    }
}
