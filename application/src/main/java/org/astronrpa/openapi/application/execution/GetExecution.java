package org.astronrpa.openapi.application.execution;

import java.time.Duration;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/** Reads one of the caller's executions, optionally waiting (long-poll) until it ends. */
public final class GetExecution {
    private final ExecutionRepository executions;
    private final ExecutionWaiter waiter;

    public GetExecution(ExecutionRepository executions, ExecutionWaiter waiter) {
        this.executions = executions;
        this.waiter = waiter;
    }

    public Execution get(Caller caller, String id, Duration wait) {
        return waiter.awaitEnd(CallerExecutions.find(executions, caller, id), wait);
    }

    /** The user's own read, with full power. */
    Execution get(UserId caller, String id, Duration wait) {
        return get(Caller.asUser(caller), id, wait);
    }
}
