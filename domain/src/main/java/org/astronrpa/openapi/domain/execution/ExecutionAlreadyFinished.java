package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.Conflict;

/** A change was asked of an execution that is already COMPLETED, FAILED or CANCELLED. */
public final class ExecutionAlreadyFinished extends Conflict {
    private final ExecutionStatus status;

    public ExecutionAlreadyFinished(ExecutionId id, ExecutionStatus status) {
        super("execution '" + id + "' is already " + status);
        this.status = status;
    }

    public ExecutionStatus status() {
        return status;
    }
}
