package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.workflow.ProjectId;

/** Narrows an execution list by workflow and by status; {@code null} = any. */
public record ExecutionFilter(ProjectId projectId, ExecutionStatus status) {
    public static final ExecutionFilter ANY = new ExecutionFilter(null, null);
}
