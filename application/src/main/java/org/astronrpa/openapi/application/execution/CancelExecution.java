package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/** Cancels one of the caller's executions; a RUNNING one is also told to stop on its robot. */
public final class CancelExecution {
    private static final int ATTEMPTS = 5;

    private final ExecutionRepository executions;
    private final Dispatcher dispatcher;
    private final ExecutionEvents events;
    private final TimeSource time;

    public CancelExecution(ExecutionRepository executions, Dispatcher dispatcher, ExecutionEvents events,
                           TimeSource time) {
        this.executions = executions;
        this.dispatcher = dispatcher;
        this.events = events;
        this.time = time;
    }

    public Execution cancel(UserId caller, String id) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Execution current = CallerExecutions.find(executions, caller, id);
            Execution cancelled = current.cancel(time.now());
            if (executions.update(cancelled)) {
                events.statusChanged(cancelled);
                if (current.status() == ExecutionStatus.RUNNING) {
                    dispatcher.stopOnRobot(cancelled);
                }
                return cancelled;
            }
        }
        throw new org.astronrpa.openapi.domain.shared.ConcurrentUpdate("execution '" + id + "'");
    }
}
