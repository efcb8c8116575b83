package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/** Loads one of the caller's executions by the id the caller sent; anything else is "not found". */
final class CallerExecutions {
    private CallerExecutions() {
    }

    /** As {@link #find(ExecutionRepository, UserId, String)}; a run of a workflow outside the key's allow-list too. */
    static Execution find(ExecutionRepository executions, Caller caller, String id) {
        Execution found = find(executions, caller.userId(), id);
        if (!caller.grant().sees(found.projectId())) {
            throw new ExecutionNotFound(id);
        }
        return found;
    }

    static Execution find(ExecutionRepository executions, UserId caller, String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new ExecutionNotFound(id);
        }
        return executions.find(new ExecutionId(id)).filter(e -> e.isOwnedBy(caller))
                .orElseThrow(() -> new ExecutionNotFound(id));
    }
}
