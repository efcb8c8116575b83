package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.application.auth.Caller;
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

    /** As {@link #get(UserId, ProjectId)}; a workflow outside the caller's key's allow-list is not found either. */
    public Workflow get(Caller caller, ProjectId projectId) {
        if (!caller.grant().sees(projectId)) {
            throw new WorkflowNotFound(projectId);
        }
        return get(caller.userId(), projectId);
    }

    Workflow get(UserId caller, ProjectId projectId) {
        return workflows.find(projectId)
                .filter(workflow -> workflow.isOwnedBy(caller))
                .orElseThrow(() -> new WorkflowNotFound(projectId));
    }
}
