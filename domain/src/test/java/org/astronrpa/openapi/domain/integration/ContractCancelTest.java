package org.astronrpa.openapi.domain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/** The contract's cancel: only what can be confirmed. */
class ContractCancelTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static Execution pending() {
        return Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
    }

    @Test
    void aQueuedRunIsCancelledWhateverTheRobots() {
        assertEquals(ExecutionStatus.CANCELLED, ContractCancel.decide(pending(), T0).status());
    }

    @Test
    void aRunningRunIsCancelledOnlyOnARobotThatConfirmsStops() {
        Execution running = pending().dispatch("r", "run-1", T0);

        Execution managed = pending().dispatch("r", "run-1", T0, true);

        assertThrows(CancelUnsupported.class, () -> ContractCancel.decide(running, T0));
        assertEquals(ExecutionStatus.CANCELLED, ContractCancel.decide(managed, T0).status());
    }

    @Test
    void anEndedRunStaysAsItIs() {
        Execution done = pending().dispatch("r", "run-1", T0).finish(new RobotReply.ObjectReply("0000", "", "1"), T0);
        Execution cancelled = pending().cancel(T0);

        assertSame(done, ContractCancel.decide(done, T0));
        assertSame(cancelled, ContractCancel.decide(cancelled, T0));
    }
}
