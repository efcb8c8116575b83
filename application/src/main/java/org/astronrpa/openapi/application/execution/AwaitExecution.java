package org.astronrpa.openapi.application.execution;

import java.time.Duration;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.domain.execution.Execution;

/**
 * Waits (long-poll) until an execution the caller has just started ends, or the wait runs out: the
 * {@code Prefer: wait} / {@code ?wait=} half of a start. It does not read the execution again first; an end
 * that happened meanwhile is not missed (the waiter remembers the latest ends).
 */
public final class AwaitExecution {
    private final ExecutionWaiter waiter;

    public AwaitExecution(ExecutionWaiter waiter) {
        this.waiter = waiter;
    }

    /**
     * The execution once it ended, or as stored when {@code wait} has passed; before that with the execution not
     * ended only when the service stops (every wait is answered then).
     */
    public Execution await(Execution started, Duration wait) {
        return waiter.awaitEnd(started, wait);
    }
}
