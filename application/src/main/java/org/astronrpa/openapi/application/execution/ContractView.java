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
 * Executions as upstream astron-rpa's integration contract sees them: which are visible to a caller (narrower than our
 * own read: the caller's, its workflow still the caller's and active), and their snapshot.
 */
final class ContractView {
    private final ExecutionRepository executions;
    private final WorkflowRepository workflows;
    private final SecretInputs secrets;
    private final TimeSource time;
    private final org.astronrpa.openapi.domain.integration.ContractJson json;

    ContractView(ExecutionRepository executions, WorkflowRepository workflows, SecretInputs secrets, TimeSource time) {
        this(executions, workflows, secrets, time, null);
    }

    /** @param json checks results against the contract's JSON limits and declared output schemas (null: not checked) */
    ContractView(ExecutionRepository executions, WorkflowRepository workflows, SecretInputs secrets, TimeSource time,
                 org.astronrpa.openapi.domain.integration.ContractJson json) {
        this.json = json;
        this.executions = executions;
        this.workflows = workflows;
        this.secrets = secrets;
        this.time = time;
    }

    /** An execution the contract shows, with its workflow. */
    record Visible(Execution execution, Workflow workflow) {
    }

    /**
     * @throws ExecutionNotFound when it is not the caller's, is outside the key's workflows, or its workflow is gone,
     *                           someone else's or inactive
     */
    Visible visible(Caller caller, String id) {
        Execution execution = CallerExecutions.find(executions, caller, id);
        Workflow workflow = workflows.find(execution.projectId())
                .filter(w -> w.isOwnedBy(caller.userId()) && w.isActive())
                .orElseThrow(() -> new ExecutionNotFound(id));
        return new Visible(execution, workflow);
    }

    ExecutionSnapshot snapshot(Execution execution, Workflow workflow) {
        // stored before the revision was kept: the workflow's revision now is the best that is known
        long version = execution.workflowRevision() != null ? execution.workflowRevision() : workflow.revision();
        return Snapshots.of(execution, version, secrets.takenBy(workflow), time.now(), resultFits(execution, workflow));
    }

    /** A result the contract can show: within its JSON limits, and of a json-data workflow, its output schema. */
    private boolean resultFits(Execution execution, Workflow workflow) {
        if (json == null || execution.resultJson() == null) {
            return true;
        }
        var declared = workflow.integration() == null ? null : json.read(workflow.integration());
        String outputSchema = declared != null && declared.capabilityClass()
                == org.astronrpa.openapi.domain.integration.CapabilityClass.JSON_DATA ? declared.outputSchemaJson() : null;
        return json.resultFits(execution.resultJson(), outputSchema,
                org.astronrpa.openapi.domain.integration.JsonLimits.CONTRACT);
    }
}
