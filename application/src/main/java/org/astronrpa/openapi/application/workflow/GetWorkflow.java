package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Reads one of the caller's workflows; another user's is "not found". */
public final class GetWorkflow {
    private final WorkflowRepository workflows;

    public GetWorkflow(WorkflowRepository workflows) {
        this.workflows = workflows;
    }

    public Workflow get(UserId caller, ProjectId projectId) {
        return workflows.find(projectId)
                .filter(workflow -> workflow.isOwnedBy(caller))
                .orElseThrow(() -> new WorkflowNotFound(projectId));
    }
}
