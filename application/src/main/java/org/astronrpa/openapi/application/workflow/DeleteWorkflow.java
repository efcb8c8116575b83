package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Deletes one of the caller's workflows; its executions stay readable. */
public final class DeleteWorkflow {
    private final WorkflowRepository workflows;

    public DeleteWorkflow(WorkflowRepository workflows) {
        this.workflows = workflows;
    }

    public void delete(UserId caller, ProjectId projectId) {
        if (!workflows.delete(projectId, caller)) {
            throw new WorkflowNotFound(projectId);
        }
    }
}
