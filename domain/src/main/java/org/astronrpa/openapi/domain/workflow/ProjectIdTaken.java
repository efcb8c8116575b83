package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Conflict;

/** An upsert named a project id that another user's workflow already has. */
public final class ProjectIdTaken extends Conflict {
    private final ProjectId projectId;

    public ProjectIdTaken(ProjectId projectId) {
        super("project_id '" + projectId + "' is already used by another user's workflow");
        this.projectId = projectId;
    }

    public ProjectId projectId() {
        return projectId;
    }
}
