package org.astronrpa.openapi.application.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.execution.StartExecutionCommand;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.workflow.UpsertWorkflowCommand;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

class EmbeddedRpaTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Caller AS_ALICE = Caller.asUser(ALICE);
    private final AtomicInteger ids = new AtomicInteger();
    private Instant now = Instant.parse("2026-12-04T10:00:00Z");

    private EmbeddedRpa.Builder choices() {
        return EmbeddedRpa.builder().clock(() -> now).ids(() -> "id-" + ids.incrementAndGet());
    }

    @Test
    void buildingWithoutAClockIdsOrAParameterChoiceSaysWhichChoiceIsMissing() {
        assertEquals("choose a clock: .clock(() -> Instant.now())",
                assertThrows(IllegalStateException.class, () -> EmbeddedRpa.builder().build()).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> EmbeddedRpa.builder().clock(() -> now).build())
                .getMessage().startsWith("choose an id source"));
        assertTrue(assertThrows(IllegalStateException.class, () -> choices().build())
                .getMessage().startsWith("choose parameter checking"));
    }

    @Test
    void logLinesOfARunAreKeptAndACancelTellsTheRobotNothingMoreIsExpected() {
        EmbeddedRpa rpa = choices().withoutParameterChecks().build();
        rpa.upsertWorkflow().upsert(AS_ALICE, UpsertWorkflowCommand.builder(ALICE, "p-1").name("n").build());
        List<RunOrder> orders = new CopyOnWriteArrayList<>();
        EmbeddedRpa.Robot robot = rpa.connectRobot(ALICE, "c-1", orders::add);
        Execution started = rpa.startExecution().start(AS_ALICE, StartExecutionCommand.of(ALICE, "p-1", "{\"anything\": 1}", null, null));
        assertEquals(1, orders.size(), "no checks: any params go to the robot");

        assertEquals(AppendRobotLog.Outcome.STORED, robot.log(started.id().value(), "info", "step 1"));
        assertEquals("step 1", rpa.readLogs().read(AS_ALICE, started.id().value(), 0, 10).get(0).message());
        assertEquals(ExecutionStatus.CANCELLED, rpa.cancelExecution().cancel(AS_ALICE, started.id().value()).status());
    }

    @Test
    void anExecutionNoRobotTakesFailsRobotOfflineAtTheSweepAfterTheDispatchTimeout() {
        EmbeddedRpa rpa = choices().withoutParameterChecks().dispatchTimeout(Duration.ofSeconds(5)).build();
        rpa.upsertWorkflow().upsert(AS_ALICE, UpsertWorkflowCommand.builder(ALICE, "p-1").name("n").build());
        Execution started = rpa.startExecution().start(AS_ALICE, StartExecutionCommand.of(ALICE, "p-1", "{}", null, null));
        now = now.plusSeconds(6);
        rpa.sweepDeadlines();
        Execution failed = rpa.getExecution().get(AS_ALICE, started.id().value(), Duration.ZERO);
        assertEquals(ExecutionStatus.FAILED, failed.status());
        assertEquals(ErrorCode.ROBOT_OFFLINE, failed.errorCode());
    }

    @Test
    void theCommandBuilderNamesItsFieldsAndReportsEveryBadOne() {
        UpsertWorkflowCommand command = UpsertWorkflowCommand.builder(ALICE, " p-1 ").name("Invoices").englishName("inv")
                .description("d").version("2.0").status(WorkflowStatus.INACTIVE).parameters("{}").build();
        assertEquals("p-1", command.projectId().value());
        assertEquals("Invoices", command.fields().name());
        assertEquals(WorkflowStatus.INACTIVE, command.fields().status());
        assertEquals("{}", command.parametersJson());
        InvalidInput bad = assertThrows(InvalidInput.class,
                () -> UpsertWorkflowCommand.builder(ALICE, "").name("x".repeat(101)).build());
        assertEquals(2, bad.errors().size(), bad.getMessage());
    }
}
