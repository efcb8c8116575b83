package org.astronrpa.openapi.application.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotChanges;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/** Executions aimed at a robot or at labels reach only the robots they name, oldest first per robot. */
class TargetedDispatchTest {
    private static final UserId ALICE = new UserId("alice");
    private final TestClock clock = new TestClock();
    private final AtomicInteger ids = new AtomicInteger();
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InProcessExecutionEvents bus = new InProcessExecutionEvents();
    private final ExecutionChanges changes = new ExecutionChanges(executions, Transactions.NONE,
            new PublishingDomainEvents(bus), () -> "e-" + ids.incrementAndGet(), clock);
    private final RobotRegistry registry = new RobotRegistry();
    private final Dispatcher dispatcher = new Dispatcher(executions, changes, registry, () -> "ev-" + ids.incrementAndGet(),
            clock);
    private final Map<String, List<String>> sent = new java.util.concurrent.ConcurrentHashMap<>();

    private Robot connect(String connectionId, String robotId, Map<String, String> labels) {
        Robot record = robotId == null ? null : Robot.newlySeen(ALICE, new RobotIdentity(new RobotId(robotId), null, null,
                null, null, List.of(), RobotLabels.of("labels", labels)), clock.now());
        List<String> mine = sent.computeIfAbsent(connectionId, c -> new CopyOnWriteArrayList<>());
        registry.connect(new RobotRegistry.Robot(connectionId, ALICE, clock.now(), "127.0.0.1", new RobotChannel() {
            @Override
            public boolean sendRun(RunOrder order) {
                mine.add(order.executionId().value());
                return true;
            }

            @Override
            public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
            }
        }, record), List.of());
        dispatcher.dispatch(ALICE);
        return record;
    }

    private String queue(RobotTarget target) {
        clock.advance(Duration.ofSeconds(1));
        ExecutionId id = new ExecutionId("x-" + ids.incrementAndGet());
        executions.insert(Execution.accept(id, new ProjectId("p-1"), ALICE, "{}", null, new ExecutionTimeout(60),
                Duration.ofMinutes(5), clock.now(), target));
        return id.value();
    }

    /** Queued as a start does it: through the change path, whose event the dispatcher hears. */
    private String start(RobotTarget target) {
        clock.advance(Duration.ofSeconds(1));
        ExecutionId id = new ExecutionId("x-" + ids.incrementAndGet());
        changes.accept(Execution.accept(id, new ProjectId("p-1"), ALICE, "{}", null, new ExecutionTimeout(60),
                Duration.ofMinutes(5), clock.now(), target));
        return id.value();
    }

    /** The robot on {@code connectionId} answered its run: the execution completes and the robot is free. */
    private void answer(String connectionId) {
        List<String> runs = sent.get(connectionId);
        ExecutionId last = new ExecutionId(runs.get(runs.size() - 1));
        changes.change(last, (current, now) -> current.cancel(now));
        dispatcher.release(last);
    }

    private static RobotTarget labels(String key, String value) {
        return RobotTarget.labels(RobotLabels.of("target.labels", Map.of(key, value)));
    }

    @Test
    void eachRobotTakesTheOldestExecutionItMayTakeAndOneForAnOfflineRobotHoldsNobodyUp() {
        String forOffline = queue(RobotTarget.robot(new RobotId("desk-9")));
        String forLinux = queue(labels("os", "linux"));
        String forAny = queue(RobotTarget.ANY);
        String forDesk1 = queue(RobotTarget.robot(new RobotId("desk-1")));

        connect("c-unnamed", null, Map.of());
        assertEquals(List.of(forAny), sent.get("c-unnamed"), "an unnamed robot takes only work for any robot");
        connect("c-windows", "desk-1", Map.of("os", "windows"));
        assertEquals(List.of(forDesk1), sent.get("c-windows"));
        connect("c-linux", "desk-2", Map.of("os", "linux"));
        assertEquals(List.of(forLinux), sent.get("c-linux"));
        assertEquals(ExecutionStatus.PENDING, executions.find(new ExecutionId(forOffline)).orElseThrow().status());
    }

    @Test
    void aRobotFreedTakesTheOldestOfWhatItMayRunBeforeNewerWorkForAnyRobot() {
        connect("c-1", "desk-1", Map.of("os", "windows"));
        String first = queue(RobotTarget.ANY);
        dispatcher.dispatch(ALICE);
        assertEquals(List.of(first), sent.get("c-1"));
        String forDesk2 = queue(RobotTarget.robot(new RobotId("desk-2")));
        String forWindows = queue(labels("os", "windows"));
        String forAny = queue(RobotTarget.ANY);
        changes.change(new ExecutionId(first), (current, now) -> current.cancel(now));
        dispatcher.release(new ExecutionId(first));
        assertEquals(List.of(first, forWindows), sent.get("c-1"));
        assertEquals(ExecutionStatus.PENDING, executions.find(new ExecutionId(forDesk2)).orElseThrow().status());
        assertEquals(ExecutionStatus.PENDING, executions.find(new ExecutionId(forAny)).orElseThrow().status());
    }

    @Test
    void aDrainingRobotTakesNothingAndOnceLetAgainTakesWhatWaitedForIt() {
        Robot desk = connect("c-1", "desk-1", Map.of());
        registry.changed(desk.apply(new RobotChanges(null, null, true)));
        String waiting = queue(RobotTarget.robot(new RobotId("desk-1")));
        dispatcher.dispatch(ALICE);
        assertTrue(sent.get("c-1").isEmpty());
        registry.changed(desk.apply(new RobotChanges(null, null, true)).apply(new RobotChanges(null, null, false)));
        dispatcher.dispatch(ALICE);
        assertEquals(List.of(waiting), sent.get("c-1"));
    }

    @Test
    void aRobotMatchingSeveralTargetsTakesTheirExecutionsOldestFirstWhileTheHeadWaitsForAnotherRobot() {
        dispatcher.followQueues(bus);
        queue(RobotTarget.robot(new RobotId("desk-9")));   // the head, for a robot that is not connected
        connect("c-1", "desk-1", Map.of("os", "windows", "site", "lyon"));
        connect("c-2", "desk-2", Map.of("os", "linux"));
        start(RobotTarget.ANY);
        start(RobotTarget.ANY);
        dispatcher.dispatch(ALICE);   // both robots busy now
        assertEquals(1, sent.get("c-1").size());
        assertEquals(1, sent.get("c-2").size());
        String lyon1 = start(labels("site", "lyon"));
        String windows2 = start(labels("os", "windows"));
        String linux3 = start(labels("os", "linux"));
        String windows4 = start(labels("os", "windows"));
        String lyon5 = start(labels("site", "lyon"));
        for (int run = 0; run < 4; run++) {
            answer("c-1");
        }
        assertEquals(List.of(lyon1, windows2, windows4, lyon5), sent.get("c-1").subList(1, 5));
        answer("c-2");
        assertEquals(List.of(linux3), sent.get("c-2").subList(1, 2));
    }

    @Test
    void workQueuedAfterTheWaitingTargetsWereReadIsFoundByItsEvent() {
        dispatcher.followQueues(bus);
        String forOffline = queue(RobotTarget.robot(new RobotId("desk-9")));
        connect("c-1", "desk-1", Map.of("os", "windows"));   // the decision reads the waiting targets: desk-9 alone
        assertTrue(sent.get("c-1").isEmpty());
        String forWindows = start(labels("os", "windows"));
        dispatcher.dispatch(ALICE);
        assertEquals(List.of(forWindows), sent.get("c-1"));
        assertEquals(ExecutionStatus.PENDING, executions.find(new ExecutionId(forOffline)).orElseThrow().status());
    }

    @Test
    void workWhoseEventNeverArrivedIsFoundAtTheNextRebuildOfTheWaitingTargets() {
        queue(RobotTarget.robot(new RobotId("desk-9")));
        connect("c-1", "desk-1", Map.of("os", "windows"));
        String unheard = queue(labels("os", "windows"));   // stored, its event lost on the way
        dispatcher.dispatch(ALICE);
        assertTrue(sent.get("c-1").isEmpty(), "the decision walks the targets it knows");
        assertEquals(1, dispatcher.rebuildWaitingTargets());
        assertEquals(List.of(unheard), sent.get("c-1"), "the rebuild found it, and the idle robot took it");
    }

    @Test
    void theWaitingTargetsOfAnOwnerWithoutRobotsHereAreDropped() {
        queue(RobotTarget.robot(new RobotId("desk-9")));
        connect("c-1", "desk-1", Map.of());
        registry.disconnected("c-1");
        assertEquals(0, dispatcher.rebuildWaitingTargets());
        connect("c-1", "desk-1", Map.of());
        assertEquals(1, dispatcher.rebuildWaitingTargets());
    }
}
