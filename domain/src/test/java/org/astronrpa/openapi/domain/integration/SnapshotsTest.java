package org.astronrpa.openapi.domain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot.ResultVisibility;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/** Our states and error codes as the contract's snapshot says them, from evidence (docs/API.md's table). */
class SnapshotsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static Execution pending() {
        return Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{\"a\":1}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
    }

    private static Execution running() {
        return pending().dispatch("robot-1", "run-1", T0.plusSeconds(1));
    }

    /** Sent to a managed robot that confirms stops. */
    private static Execution confirming() {
        return pending().dispatch("robot-1", "run-1", T0.plusSeconds(1), true);
    }

    private static ExecutionSnapshot of(Execution execution, Instant now) {
        return Snapshots.of(execution, 3, false, now);
    }

    @Test
    void aQueuedRunIsAcceptedAndCanBeCancelledWhateverItsRobots() {
        ExecutionSnapshot s = of(pending(), T0);

        assertEquals(ContractStatus.ACCEPTED, s.status());
        assertFalse(s.terminal());
        assertEquals("e-1", s.executionId());
        assertEquals("p-1", s.projectId());
        assertEquals(3, s.version());
        assertEquals(T0, s.acceptedAt());
        assertNull(s.startedAt());
        assertNull(s.finishedAt());
        assertNull(s.clientId());
        assertNull(s.runId());
        assertNull(s.error());
        assertTrue(s.supportsCancel(), "no robot has it: a cancel is certain");
        assertFalse(s.cancelRequested());
    }

    @Test
    void aRunSentToARobotIsRunningAndCancellableOnlyWhereItsRobotConfirmsStops() {
        ExecutionSnapshot legacy = of(running(), T0.plusSeconds(2));
        ExecutionSnapshot managed = of(confirming(), T0.plusSeconds(2));

        assertEquals(ContractStatus.RUNNING, legacy.status());
        assertEquals(T0.plusSeconds(1), legacy.startedAt());
        assertEquals("robot-1", legacy.clientId());
        assertEquals("run-1", legacy.runId());
        assertFalse(legacy.supportsCancel());
        assertTrue(managed.supportsCancel());
    }

    @Test
    void aCompletedRunSucceededWithItsResultUnlessItsInputsAreSecret() {
        Execution done = running().finish(new RobotReply.ObjectReply("0000", "", "{\"count\":2}"), T0.plusSeconds(5));

        ExecutionSnapshot shown = of(done, T0.plusSeconds(6));
        ExecutionSnapshot hidden = Snapshots.of(done, 1, true, T0.plusSeconds(6));

        assertEquals(ContractStatus.SUCCEEDED, shown.status());
        assertTrue(shown.terminal());
        assertEquals(T0.plusSeconds(5), shown.finishedAt());
        assertEquals("{\"count\":2}", shown.resultJson());
        assertEquals(ResultVisibility.JSON, shown.resultVisibility());
        assertNull(shown.error());
        assertFalse(shown.supportsCancel());
        assertNull(hidden.resultJson());
        assertEquals(ResultVisibility.SUPPRESSED_FOR_SECRET_INPUTS, hidden.resultVisibility());
    }

    @Test
    void failuresBeforeOrDuringTheRunCarryTheContractsCodes() {
        Execution offline = pending().fail(ErrorCode.ROBOT_OFFLINE, "no robot", T0.plusSeconds(30));
        Execution busy = running().finish(new RobotReply.TextReply(RobotReply.BUSY_MESSAGE), T0.plusSeconds(2));
        Execution error = running().finish(new RobotReply.ObjectReply("5001", "boom", null), T0.plusSeconds(2));

        assertEquals(new ContractError("CLIENT_OFFLINE", "no robot of the user was connected within the dispatch "
                + "timeout"), of(offline, T0.plusSeconds(31)).error());
        assertEquals(ContractStatus.FAILED, of(offline, T0.plusSeconds(31)).status());
        assertEquals("CLIENT_BUSY", of(busy, T0.plusSeconds(3)).error().code());
        ExecutionSnapshot failed = of(error, T0.plusSeconds(3));
        assertEquals(ContractStatus.FAILED, failed.status());
        assertEquals("EXECUTION_FAILED", failed.error().code());
        assertFalse(failed.error().message().contains("boom"), "the robot's own words are not echoed");
        assertEquals(T0.plusSeconds(2), failed.finishedAt());
    }

    @Test
    void aQueuedRunCancelledIsCancelledAtOnce() {
        ExecutionSnapshot s = of(pending().cancel(T0.plusSeconds(2)), T0.plusSeconds(2));

        assertEquals(ContractStatus.CANCELLED, s.status());
        assertTrue(s.terminal());
        assertTrue(s.cancelRequested());
        assertNull(s.error());
        assertEquals(T0.plusSeconds(2), s.finishedAt());
    }

    @Test
    void aRunningRunCancelledIsRunningUntilItsRobotConfirmsTheStopThenCancelled() {
        Execution cancelled = confirming().cancel(T0.plusSeconds(4));

        ExecutionSnapshot awaited = of(cancelled, T0.plusSeconds(5));
        ExecutionSnapshot confirmed = of(cancelled.confirmStop(T0.plusSeconds(6)).orElseThrow(), T0.plusSeconds(7));
        ExecutionSnapshot lapsed = of(cancelled, T0.plusSeconds(4).plus(Snapshots.STOP_WINDOW));

        assertEquals(ContractStatus.RUNNING, awaited.status());
        assertTrue(awaited.cancelRequested());
        assertEquals(ContractStatus.CANCELLED, confirmed.status());
        assertEquals(T0.plusSeconds(6), confirmed.finishedAt(), "ended when the robot confirmed it");
        assertEquals(ContractStatus.UNKNOWN, lapsed.status());
        assertEquals("STOP_UNCONFIRMED", lapsed.error().code());
        assertFalse(lapsed.terminal());
    }

    @Test
    void aRunningRunCancelledOnARobotThatDoesNotConfirmStopsIsUnknown() {
        ExecutionSnapshot s = of(running().cancel(T0.plusSeconds(4)), T0.plusSeconds(4));

        assertEquals(ContractStatus.UNKNOWN, s.status());
        assertEquals("STOP_UNCONFIRMED", s.error().code());
        assertTrue(s.cancelRequested());
        assertNull(s.finishedAt());
        assertFalse(s.supportsCancel());
    }

    @Test
    void aTimedOutRunIsTimeoutOnlyWithTheRobotsConfirmation() {
        Execution timedOut = confirming().fail(ErrorCode.TIMEOUT, "no reply in 60 s", T0.plusSeconds(61));
        Execution legacy = running().fail(ErrorCode.TIMEOUT, "no reply in 60 s", T0.plusSeconds(61));

        ExecutionSnapshot confirmed = of(timedOut.confirmStop(T0.plusSeconds(62)).orElseThrow(), T0.plusSeconds(63));
        ExecutionSnapshot unconfirmed = of(legacy, T0.plusSeconds(62));

        assertEquals(ContractStatus.TIMEOUT, confirmed.status());
        assertEquals("EXECUTION_TIMEOUT", confirmed.error().code());
        assertFalse(confirmed.cancelRequested());
        assertEquals(ContractStatus.UNKNOWN, unconfirmed.status());
        assertEquals("STOP_UNCONFIRMED", unconfirmed.error().code());
    }

    @Test
    void theSnapshotKeepsItsInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new ExecutionSnapshot("e", "p", 1, ContractStatus.RUNNING,
                T0, T0, T0, null, null, false, null, null, false, ResultVisibility.JSON), "finished but not terminal");
        assertThrows(IllegalArgumentException.class, () -> new ExecutionSnapshot("e", "p", 0, ContractStatus.ACCEPTED,
                T0, null, null, null, null, false, null, null, false, ResultVisibility.JSON), "version 0");
        assertThrows(IllegalArgumentException.class, () -> new ContractError("lower", "m"));
        assertEquals("suppressed-for-secret-inputs", ResultVisibility.SUPPRESSED_FOR_SECRET_INPUTS.wire());
        assertEquals("unknown", ContractStatus.UNKNOWN.wire());
    }

    @Test
    void aRefusalHasTheContractsCodeWhereItHasOneAndEchoesNothing() {
        assertEquals("EXECUTION_NOT_FOUND", ContractError.of(
                new org.astronrpa.openapi.domain.execution.ExecutionNotFound("e-secret")).orElseThrow().code());
        assertFalse(ContractError.of(new org.astronrpa.openapi.domain.execution.ExecutionNotFound("e-secret"))
                .orElseThrow().message().contains("e-secret"));
        assertEquals("WORKFLOW_NOT_FOUND", ContractError.of(new org.astronrpa.openapi.domain.workflow.WorkflowNotFound(
                new ProjectId("p-1"))).orElseThrow().code());
        assertEquals("CANCEL_UNSUPPORTED", ContractError.of(new CancelUnsupported("e-1")).orElseThrow().code());
        assertTrue(ContractError.of(org.astronrpa.openapi.domain.shared.InvalidInput.of("x", "bad")).isEmpty(),
                "each transport words its own");
    }
}
