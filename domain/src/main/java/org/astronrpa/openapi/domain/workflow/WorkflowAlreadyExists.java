package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Conflict;

/** A concurrent request created the same project id first; the upsert retries as an update. */
public final class WorkflowAlreadyExists extends Conflict {
    public WorkflowAlreadyExists(ProjectId projectId) {
        super("workflow '" + projectId + "' already exists");
    }
}
