package org.astronrpa.openapi.domain.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Execution requeued = running.returnToQueue(T0.plusSeconds(20), Duration.ofSeconds(30));
        assertEquals(ExecutionStatus.PENDING, requeued.status());
        assertEquals(null, requeued.robotId());
        assertEquals(null, requeued.eventId(), "a reply to the lost claim's event can no longer find it");
        assertEquals(null, requeued.dispatchedAt());
        assertEquals(T0, requeued.startTime(), "it keeps its place in the FIFO queue");
        assertEquals(T0.plusSeconds(50), requeued.deadline());
        assertEquals(3, requeued.version());
        assertThrows(IllegalStateException.class, () -> pending().returnToQueue(T0, Duration.ofSeconds(30)));
        Execution done = running.finish(new RobotReply.ObjectReply("0000", "", "1"), T0.plusSeconds(6));
        assertThrows(ExecutionAlreadyFinished.class, () -> done.returnToQueue(T0, Duration.ofSeconds(30)));
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
