package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.UserId;

/** Cancels one of the caller's executions; a RUNNING one is also told to stop on its robot. */
public final class CancelExecution {
    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final Dispatcher dispatcher;

    public CancelExecution(ExecutionRepository executions, ExecutionChanges changes, Dispatcher dispatcher) {
        this.executions = executions;
        this.changes = changes;
        this.dispatcher = dispatcher;
    }

    /** Cancels one of the caller's executions; a run of a workflow outside its key's allow-list is not found. */
    public Execution cancel(Caller caller, String id) {
        return cancel(CallerExecutions.find(executions, caller, id), (current, now) -> current.cancel(now));
    }

    /**
     * Changes {@code found} as {@code decision} decides a cancel of it as it is now; one taken from a robot is told to
     * stop there. The decision returns the execution itself to leave it as it is.
     */
    Execution cancel(Execution found, ExecutionChanges.Decision decision) {
        String id = found.id().value();
        return switch (changes.change(found, decision)) {
            case ExecutionChanges.Outcome.Changed(Execution before, Execution cancelled) -> {
                if (before.status() == ExecutionStatus.RUNNING) {
                    dispatcher.stopOnRobot(cancelled);
                }
                yield cancelled;
            }
            case ExecutionChanges.Outcome.Unchanged(Execution current) -> current;
            case ExecutionChanges.Outcome.Missing missing -> throw new ExecutionNotFound(id);
        };
    }

    /** The user's own cancellation, with full power. */
    Execution cancel(UserId caller, String id) {
        return cancel(Caller.asUser(caller), id);
    }
}
