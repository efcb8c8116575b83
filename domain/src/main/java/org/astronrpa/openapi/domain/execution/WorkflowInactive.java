package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.Conflict;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/** An execution was asked of a workflow whose status is 0 (inactive). */
public final class WorkflowInactive extends Conflict {
    public WorkflowInactive(ProjectId projectId) {
        super("workflow '" + projectId + "' is inactive (status 0); activate it to run it");
    }
}
