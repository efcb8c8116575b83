package org.astronrpa.openapi.application.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronrpa.openapi.domain.execution.ExecutionRepository.QueuedTarget;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.junit.jupiter.api.Test;

/** The lower bounds of each waiting target's oldest execution, and the walk over them, oldest first. */
class WaitingTargetsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final RobotTarget A = RobotTarget.robot(new RobotId("a"));
    private static final RobotTarget B = RobotTarget.robot(new RobotId("b"));
    private static final RobotTarget WINDOWS = RobotTarget.labels(RobotLabels.of("t", Map.of("os", "windows")));

    private final WaitingTargets targets = new WaitingTargets();

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private List<RobotTarget> walk(Set<RobotTarget> mayTake) {
        List<RobotTarget> walked = new ArrayList<>();
        WaitingTargets.Waiting at = null;
        while ((at = targets.next(at, mayTake::contains)) != null) {
            walked.add(at.target());
        }
        return walked;
    }

    @Test
    void theWalkGoesOldestBoundFirstAndSkipsWhatNoRobotMayTake() {
        targets.waiting(B, at(5));
        targets.waiting(A, at(3));
        targets.waiting(WINDOWS, at(4));
        targets.waiting(A, at(9));   // later than A's bound: A keeps its place

        assertEquals(List.of(A, WINDOWS, B), walk(Set.of(A, B, WINDOWS)));
        assertEquals(List.of(A, B), walk(Set.of(A, B)));
        assertNull(targets.next(null, target -> false));
    }

    @Test
    void anExecutionPutBackLowersItsTargetsBound() {
        targets.waiting(A, at(3));
        targets.waiting(B, at(5));
        targets.waiting(B, at(1));   // a run that never left, queued again with its first start
        assertEquals(List.of(B, A), walk(Set.of(A, B)));
    }

    @Test
    void whatADecisionReadRaisesTheBoundOrForgetsTheTarget() {
        targets.waiting(A, at(1));
        targets.waiting(B, at(2));
        targets.found(A, at(7), targets.stamp());
        assertEquals(List.of(B, A), walk(Set.of(A, B)));
        targets.empty(B, targets.stamp());
        assertEquals(List.of(A), walk(Set.of(A, B)));
        assertEquals(1, targets.size());
    }

    @Test
    void aNoteMadeWhileADecisionReadKeepsTheLowerBoundAndTheTarget() {
        targets.waiting(A, at(1));
        long stamp = targets.stamp();
        targets.waiting(A, at(2));   // queued while the decision read A's head (it saw none, or a later one)
        targets.found(A, at(7), stamp);
        assertEquals(at(1), targets.next(null, t -> true).bound());
        targets.empty(A, stamp);
        assertEquals(List.of(A), walk(Set.of(A)), "the execution noted since the read still waits");
        targets.empty(A, targets.stamp());
        assertEquals(List.of(), walk(Set.of(A)));
    }

    @Test
    void aDecisionFindingATargetNotKnownAddsIt() {
        targets.found(WINDOWS, at(4), targets.stamp());
        assertEquals(List.of(WINDOWS), walk(Set.of(WINDOWS)));
    }

    @Test
    void aRebuildReplacesTheTargetsWithTheQueueAndKeepsWhatWasNotedWhileItRead() {
        targets.waiting(A, at(1));   // gone from the queue since: the rebuild drops it
        targets.rebuild(() -> {
            targets.waiting(WINDOWS, at(9));   // queued while the rebuild read
            return List.of(new QueuedTarget(B, at(5)));
        });
        assertEquals(List.of(B, WINDOWS), walk(Set.of(A, B, WINDOWS)));
        // the rebuild is over: notes go on as before
        targets.waiting(A, at(6));
        assertEquals(List.of(B, A, WINDOWS), walk(Set.of(A, B, WINDOWS)));
    }

    @Test
    void aFailedRebuildChangesNothing() {
        targets.waiting(A, at(1));
        assertThrows(IllegalStateException.class, () -> targets.rebuild(() -> {
            throw new IllegalStateException("the database is down");
        }));
        targets.waiting(B, at(2));
        assertEquals(List.of(A, B), walk(Set.of(A, B)));
        targets.rebuild(() -> List.of(new QueuedTarget(B, at(2))));
        assertEquals(List.of(B), walk(Set.of(A, B)), "no note from the failed rebuild is carried into the next");
    }

    @Test
    void rebuildsCountedSinceTheLastWalk() {
        targets.rebuild(List::of);
        targets.rebuild(List::of);
        assertEquals(2, targets.unusedRebuilds());
        targets.next(null, t -> true);
        assertEquals(0, targets.unusedRebuilds());
    }
}
