package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.NotFound;

/** No workflow with this project id belongs to the caller (it may exist for another user: we never say). */
public final class WorkflowNotFound extends NotFound {
    private final ProjectId projectId;

    public WorkflowNotFound(ProjectId projectId) {
        super("workflow '" + projectId + "' was not found");
        this.projectId = projectId;
    }

    public ProjectId projectId() {
        return projectId;
    }
}
