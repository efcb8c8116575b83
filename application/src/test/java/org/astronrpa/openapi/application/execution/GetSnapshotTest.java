package org.astronrpa.openapi.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.integration.ContractStatus;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

/** The contract's read of an execution: who sees it, which version it reports, and a secret-taking workflow's result. */
class GetSnapshotTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InMemoryWorkflowRepository workflows = new InMemoryWorkflowRepository();
    private final GetSnapshot snapshots = new GetSnapshot(executions, workflows,
            schema -> schema.json().contains("writeOnly"), () -> T0.plusSeconds(10), null);

    private Workflow workflow(String id, WorkflowStatus status, String parameters) {
        Workflow w = Workflow.create(new ProjectId(id), ALICE, new WorkflowChanges("wf " + id, null, null, null, status,
                parameters == null ? null : new ParametersSchema(parameters)), t -> false, T0);
        workflows.insert(w);
        return w;
    }

    private Execution stored(String id, String project, Long revision) {
        Execution e = Execution.accept(new ExecutionId(id), new ProjectId(project), ALICE, "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
        Execution done = (revision == null ? e : e.forRevision(revision)).dispatch("r", "run-" + id, T0.plusSeconds(1))
                .finish(new RobotReply.ObjectReply("0000", "", "{\"n\":1}"), T0.plusSeconds(2));
        executions.insert(done);
        return done;
    }

    @Test
    void theCallersExecutionOfAnActiveWorkflowIsReadWithTheRevisionItWasStartedFor() {
        Workflow w = workflow("p-1", WorkflowStatus.ACTIVE, null);
        workflows.update(w.apply(new WorkflowChanges("renamed", null, null, null, null, null), t -> false, T0));
        stored("e-1", "p-1", 1L);
        stored("e-old", "p-1", null);

        ExecutionSnapshot s = snapshots.get(Caller.asUser(ALICE), "e-1");

        assertEquals(ContractStatus.SUCCEEDED, s.status());
        assertEquals(1, s.version(), "kept after the workflow changed");
        assertEquals("{\"n\":1}", s.resultJson());
        assertEquals(2, snapshots.get(Caller.asUser(ALICE), "e-old").version(),
                "stored before revisions were kept: the workflow's revision now");
    }

    @Test
    void anotherUsersExecutionOrOneOfAnInactiveOrDeletedWorkflowIsNotFound() {
        workflow("p-1", WorkflowStatus.ACTIVE, null);
        workflow("p-off", WorkflowStatus.INACTIVE, null);
        stored("e-1", "p-1", 1L);
        stored("e-off", "p-off", 1L);
        stored("e-gone", "p-gone", 1L);

        assertThrows(ExecutionNotFound.class, () -> snapshots.get(Caller.asUser(BOB), "e-1"));
        assertThrows(ExecutionNotFound.class, () -> snapshots.get(Caller.asUser(ALICE), "e-off"));
        assertThrows(ExecutionNotFound.class, () -> snapshots.get(Caller.asUser(ALICE), "e-gone"));
        assertThrows(ExecutionNotFound.class, () -> snapshots.get(Caller.asUser(ALICE), "nope"));
    }

    @Test
    void theResultOfAWorkflowTakingSecretsIsWithheld() {
        workflow("p-s", WorkflowStatus.ACTIVE, "{\"type\":\"object\",\"properties\":{\"pw\":{\"type\":\"string\","
                + "\"writeOnly\":true}}}");
        stored("e-s", "p-s", 1L);

        ExecutionSnapshot s = snapshots.get(Caller.asUser(ALICE), "e-s");

        assertNull(s.resultJson());
        assertEquals(ExecutionSnapshot.ResultVisibility.SUPPRESSED_FOR_SECRET_INPUTS, s.resultVisibility());
    }
}
