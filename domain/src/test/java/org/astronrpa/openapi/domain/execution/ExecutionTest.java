package org.astronrpa.openapi.domain.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

class ExecutionTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static Execution pending() {
        return Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{\"a\":1}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
    }

    @Test
    void aStopIsConfirmedOnlyForARunStoppedHereOnARobotThatConfirmsStops() {
        Execution managed = pending().dispatch("robot-1", "ev-1", T0.plusSeconds(5), true);
        Execution legacy = pending().dispatch("robot-1", "ev-1", T0.plusSeconds(5));

        Execution cancelled = managed.cancel(T0.plusSeconds(9));
        Execution confirmed = cancelled.confirmStop(T0.plusSeconds(10)).orElseThrow();
        assertEquals(new StopEvidence(true, T0.plusSeconds(10)), confirmed.stop());
        assertEquals(ExecutionStatus.CANCELLED, confirmed.status(), "the status does not change");
        assertEquals(cancelled.version() + 1, confirmed.version());
        assertEquals(java.util.Optional.empty(), confirmed.confirmStop(T0.plusSeconds(11)), "once");
        assertEquals(T0.plusSeconds(12), managed.fail(ErrorCode.TIMEOUT, "late", T0.plusSeconds(11))
                .confirmStop(T0.plusSeconds(12)).orElseThrow().stop().confirmedAt());

        assertEquals(java.util.Optional.empty(), managed.confirmStop(T0.plusSeconds(6)), "still running");
        assertEquals(java.util.Optional.empty(), legacy.cancel(T0.plusSeconds(9)).confirmStop(T0.plusSeconds(10)),
                "its robot does not confirm stops");
        assertEquals(java.util.Optional.empty(), pending().cancel(T0).confirmStop(T0), "never sent");
        assertEquals(java.util.Optional.empty(), managed.finish(new RobotReply.ObjectReply("0000", "", "1"),
                T0.plusSeconds(7)).confirmStop(T0.plusSeconds(8)), "ended by its own reply");
        assertEquals(java.util.Optional.empty(), managed.fail(ErrorCode.ROBOT_ERROR, "x", T0.plusSeconds(7))
                .confirmStop(T0.plusSeconds(8)), "failed on the robot, not stopped here");
        assertEquals(StopEvidence.CONFIRMING, managed.stop());
        assertEquals(StopEvidence.NONE, legacy.stop());
    }

    @Test
    void stopEvidenceKeepsItsInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new StopEvidence(false, T0));
        Execution queued = pending();
        assertThrows(IllegalArgumentException.class, () -> new Execution(queued.id(), queued.projectId(),
                queued.ownerId(), queued.status(), queued.paramsJson(), null, null, null, queued.execPosition(), null,
                null, T0, null, null, queued.timeout(), queued.dispatchDeadline(), 1, queued.target(), null, null,
                null, StopEvidence.CONFIRMING), "never sent");
        Execution running = pending().dispatch("robot-1", "ev-1", T0.plusSeconds(5), true);
        assertThrows(IllegalArgumentException.class, () -> new Execution(running.id(), running.projectId(),
                running.ownerId(), running.status(), running.paramsJson(), null, null, null, running.execPosition(),
                running.robotId(), running.eventId(), T0, running.dispatchedAt(), null, running.timeout(),
                running.dispatchDeadline(), 2, running.target(), null, null, null, new StopEvidence(true, T0)),
                "confirmed while running");
    }

    @Test
    void aNewExecutionWaitsForARobotUntilItsDispatchDeadline() {
        Execution e = pending();
        assertEquals(ExecutionStatus.PENDING, e.status());
        assertEquals("EXECUTOR", e.execPosition());
        assertEquals(T0.plusSeconds(30), e.deadline());
        assertEquals(1, e.version());
    }

    @Test
    void aDispatchedExecutionRunsUntilItsTimeoutCountedFromDispatch() {
        Execution e = pending().dispatch("robot-1", "ev-1", T0.plusSeconds(5));
        assertEquals(ExecutionStatus.RUNNING, e.status());
        assertEquals(T0.plusSeconds(65), e.deadline());
        assertEquals("ev-1", e.eventId());
        assertEquals(2, e.version());
    }

    @Test
    void aRunItsLostInstanceNeverSentReturnsToTheQueueAsIfNeverDispatched() {
        Execution running = pending().dispatch("robot-1", "ev-1", T0.plusSeconds(5));
        Requeue decided = running.requeueIfNeverSent("ev-1", new NeverSent.ClaimedByLostInstance(T0.plusSeconds(6), false),
                T0.plusSeconds(20), Duration.ofSeconds(30));
        Execution requeued = assertInstanceOf(Requeue.Requeued.class, decided).next();
        assertEquals(ExecutionStatus.PENDING, requeued.status());
        assertEquals(null, requeued.robotId());
        assertEquals(null, requeued.eventId(), "a reply to the lost claim's event can no longer find it");
        assertEquals(null, requeued.dispatchedAt());
        assertEquals(T0, requeued.startTime(), "it keeps its place in the FIFO queue");
        assertEquals(T0.plusSeconds(50), requeued.deadline());
        assertEquals(3, requeued.version());
    }

    @Test
    void aRunThatMayHaveLeftItsLostInstanceStaysRunning() {
        Execution running = pending().dispatch("robot-1", "ev-1", T0.plusSeconds(5));
        Duration wait = Duration.ofSeconds(30);
        assertInstanceOf(Requeue.MaybeSent.class, running.requeueIfNeverSent("ev-1",
                new NeverSent.ClaimedByLostInstance(T0.plusSeconds(6), true), T0, wait), "marked as sent");
        assertInstanceOf(Requeue.MaybeSent.class, running.requeueIfNeverSent("ev-1",
                new NeverSent.ClaimedByLostInstance(T0.plusSeconds(5), false), T0, wait), "claimed at its last beat");
        assertInstanceOf(Requeue.MaybeSent.class, running.requeueIfNeverSent("ev-1",
                new NeverSent.ClaimedByLostInstance(null, false), T0, wait), "no beat known");
        assertInstanceOf(Requeue.Requeued.class, running.requeueIfNeverSent("ev-1", new NeverSent.SendRefused(), T0, wait));
        assertInstanceOf(Requeue.NotThatRun.class, running.requeueIfNeverSent("ev-2", new NeverSent.SendRefused(), T0, wait));
        assertInstanceOf(Requeue.NotThatRun.class, pending().requeueIfNeverSent("ev-1", new NeverSent.SendRefused(), T0, wait));
        Execution done = running.finish(new RobotReply.ObjectReply("0000", "", "1"), T0.plusSeconds(6));
        assertInstanceOf(Requeue.NotThatRun.class, done.requeueIfNeverSent("ev-1", new NeverSent.SendRefused(), T0, wait));
    }

    @Test
    void aPassedDeadlineTimesOutARunAndFailsOrPostponesAQueuedExecutionByWhetherItsOwnerHasARobot() {
        Duration wait = Duration.ofSeconds(30);
        Execution queued = pending();
        assertInstanceOf(DeadlineOutcome.NotDue.class, queued.deadlinePassed(T0.plusSeconds(29), () -> false, wait));
        Execution postponed = assertInstanceOf(DeadlineOutcome.Postponed.class,
                queued.deadlinePassed(T0.plusSeconds(30), () -> true, wait)).next();
        assertEquals(T0.plusSeconds(60), postponed.deadline());
        Execution offline = assertInstanceOf(DeadlineOutcome.RobotOffline.class,
                queued.deadlinePassed(T0.plusSeconds(30), () -> false, wait)).failed();
        assertEquals(ErrorCode.ROBOT_OFFLINE, offline.errorCode());
        Execution running = queued.dispatch("r", "ev", T0.plusSeconds(1));
        assertInstanceOf(DeadlineOutcome.NotDue.class, running.deadlinePassed(T0.plusSeconds(60), () -> true, wait));
        Execution timedOut = assertInstanceOf(DeadlineOutcome.TimedOut.class,
                running.deadlinePassed(T0.plusSeconds(61), () -> true, wait)).failed();
        assertEquals(ErrorCode.TIMEOUT, timedOut.errorCode());
        assertInstanceOf(DeadlineOutcome.NotDue.class, timedOut.deadlinePassed(T0.plusSeconds(999), () -> false, wait));
    }

    @Test
    void anExecutionThatMayNotWaitForARobotFailsAtOnceWhenNoneTookIt() {
        Execution mayNotWait = Execution.accept(new ExecutionId("e-2"), new ProjectId("p-1"), new UserId("alice"), "{}",
                null, new ExecutionTimeout(60), Duration.ZERO, T0);
        Execution failed = assertInstanceOf(ImmediateDispatch.NoRobot.class, mayNotWait.noRobotTookIt(T0)).failed();
        assertEquals(ErrorCode.ROBOT_OFFLINE, failed.errorCode());
        assertInstanceOf(ImmediateDispatch.Taken.class, mayNotWait.dispatch("r", "ev", T0).noRobotTookIt(T0));
        assertInstanceOf(ImmediateDispatch.Waits.class, pending().noRobotTookIt(T0));
    }

    @Test
    void aRunningExecutionWithoutARobotOrAQueuedOneWithARobotCannotExist() {
        Execution p = pending();
        assertThrows(IllegalArgumentException.class, () -> new Execution(p.id(), p.projectId(), p.ownerId(),
                ExecutionStatus.RUNNING, p.paramsJson(), null, null, null, p.execPosition(), null, "ev", p.startTime(), T0,
                null, p.timeout(), p.dispatchDeadline(), 2));
        assertThrows(IllegalArgumentException.class, () -> new Execution(p.id(), p.projectId(), p.ownerId(),
                ExecutionStatus.PENDING, p.paramsJson(), null, null, null, p.execPosition(), "robot", null, p.startTime(),
                null, null, p.timeout(), p.dispatchDeadline(), 2));
        assertThrows(IllegalArgumentException.class, () -> new Execution(p.id(), p.projectId(), p.ownerId(),
                ExecutionStatus.FAILED, p.paramsJson(), null, "why", null, p.execPosition(), null, null, p.startTime(),
                null, T0, p.timeout(), p.dispatchDeadline(), 2));
    }

    @Test
    void aSuccessReplyCompletesWithTheDataAsResult() {
        Execution e = pending().dispatch("r", "ev", T0).finish(new RobotReply.ObjectReply("0000", "", "{\"x\":2}"), T0.plusSeconds(1));
        assertEquals(ExecutionStatus.COMPLETED, e.status());
        assertEquals("{\"x\":2}", e.resultJson());
        assertNull(e.errorCode());
        assertNull(e.deadline());
        assertEquals(T0.plusSeconds(1), e.endTime());
    }

    @Test
    void anErrorCodeReplyFailsWithTheRobotsMessage() {
        Execution e = pending().dispatch("r", "ev", T0).finish(new RobotReply.ObjectReply("5001", "no such project", null), T0);
        assertEquals(ExecutionStatus.FAILED, e.status());
        assertEquals(ErrorCode.ROBOT_ERROR, e.errorCode());
        assertEquals("no such project", e.error());
    }

    @Test
    void theRobotsBusyAnswerFailsAsRobotBusy() {
        Execution e = pending().dispatch("r", "ev", T0).finish(new RobotReply.ObjectReply("5001", "有任务在运行中", null), T0);
        assertEquals(ErrorCode.ROBOT_BUSY, e.errorCode());
        assertEquals(ErrorCode.ROBOT_BUSY, pending().dispatch("r", "ev", T0).finish(new RobotReply.TextReply("有任务在运行中"), T0)
                .errorCode());
    }

    @Test
    void aPlainStringOrAnythingElseFailsAsARobotError() {
        assertEquals("boom", pending().dispatch("r", "ev", T0).finish(new RobotReply.TextReply("boom"), T0).error());
        Execution other = pending().dispatch("r", "ev", T0).finish(new RobotReply.OtherReply("[1,2]"), T0);
        assertEquals(ErrorCode.ROBOT_ERROR, other.errorCode());
        assertEquals("the robot answered an unexpected value: [1,2]", other.error());
    }

    @Test
    void terminalExecutionsNeverChangeAgain() {
        Execution done = pending().cancel(T0);
        assertEquals(ErrorCode.CANCELLED, done.errorCode());
        assertThrows(ExecutionAlreadyFinished.class, () -> done.cancel(T0));
        assertThrows(ExecutionAlreadyFinished.class, () -> done.fail(ErrorCode.TIMEOUT, "late", T0));
        assertThrows(ExecutionAlreadyFinished.class, () -> done.dispatch("r", "ev", T0));
        assertThrows(ExecutionAlreadyFinished.class, () -> done.finish(new RobotReply.TextReply("x"), T0));
    }

    @Test
    void aPendingExecutionCannotBeCompletedWithoutADispatch() {
        assertThrows(IllegalStateException.class, () -> pending().finish(new RobotReply.ObjectReply("0000", "", "1"), T0));
        Execution running = pending().dispatch("r", "ev", T0);
        assertThrows(IllegalStateException.class, () -> running.dispatch("r2", "ev2", T0));
    }

    @Test
    void theTransitionTableIsTheContracts() {
        assertEquals(true, ExecutionStatus.PENDING.canMoveTo(ExecutionStatus.FAILED));
        assertEquals(false, ExecutionStatus.PENDING.canMoveTo(ExecutionStatus.COMPLETED));
        assertEquals(true, ExecutionStatus.RUNNING.canMoveTo(ExecutionStatus.PENDING), "a run its lost instance never sent");
        for (ExecutionStatus terminal : new ExecutionStatus[] {ExecutionStatus.COMPLETED, ExecutionStatus.FAILED, ExecutionStatus.CANCELLED}) {
            for (ExecutionStatus any : ExecutionStatus.values()) {
                assertEquals(false, terminal.canMoveTo(any));
            }
        }
    }

    @Test
    void timeoutsOutsideOneSecondToOneDayAreRefusedNamingTheField() {
        assertEquals("timeout_seconds", assertThrows(InvalidInput.class, () -> new ExecutionTimeout(0)).errors().get(0).field());
        assertThrows(InvalidInput.class, () -> new ExecutionTimeout(86_401));
        assertEquals(86_400, new ExecutionTimeout(86_400).seconds());
    }

    @Test
    void longLogLinesAreCutAndLevelsNormalised() {
        LogLine line = new LogLine(new ExecutionId("e"), 1, T0, " warn ", "x".repeat(10_000));
        assertEquals("WARN", line.level());
        assertEquals(LogLine.MAX_MESSAGE, line.message().length());
        String emoji = new LogLine(new ExecutionId("e"), 1, T0, "INFO", "x" + "🤖".repeat(5000)).message();
        assertEquals(true, emoji.length() <= LogLine.MAX_MESSAGE && emoji.endsWith("…"));
        assertEquals(false, Character.isHighSurrogate(emoji.charAt(emoji.length() - 2)));
    }
}
