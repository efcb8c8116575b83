package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.integration.Snapshots;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.SecretInputs;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * Reads one of the caller's executions as upstream astron-rpa's integration contract shows it ({@link Snapshots}).
 * The contract's visibility is narrower than our own read's: the execution must be the caller's and its workflow must
 * still exist, be the caller's and be active — deleted or deactivated, its executions are "not found" there (they stay
 * readable through {@code GET /executions/{id}}).
 */
public final class GetSnapshot {
    private final ExecutionRepository executions;
    private final WorkflowRepository workflows;
    private final SecretInputs secrets;
    private final TimeSource time;

    public GetSnapshot(ExecutionRepository executions, WorkflowRepository workflows, SecretInputs secrets,
                       TimeSource time) {
        this.executions = executions;
        this.workflows = workflows;
        this.secrets = secrets;
        this.time = time;
    }

    /**
     * @throws ExecutionNotFound when it is not the caller's, is outside the key's workflows, or its workflow is gone,
     *                           someone else's or inactive
     */
    public ExecutionSnapshot get(Caller caller, String id) {
        Execution execution = CallerExecutions.find(executions, caller, id);
        Workflow workflow = workflows.find(execution.projectId())
                .filter(w -> w.isOwnedBy(caller.userId()) && w.isActive())
                .orElseThrow(() -> new ExecutionNotFound(id));
        // stored before the revision was kept: the workflow's revision now is the best that is known
        long version = execution.workflowRevision() != null ? execution.workflowRevision() : workflow.revision();
        // no robot confirms stops yet (the stop confirmation is to come with issue 17's managed robots)
        return Snapshots.of(execution, version, Snapshots.StopEvidence.NONE, secrets.takenBy(workflow), time.now());
    }
}
