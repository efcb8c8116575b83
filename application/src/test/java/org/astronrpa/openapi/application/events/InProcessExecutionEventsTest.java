package org.astronrpa.openapi.application.events;

import org.astronrpa.openapi.domain.contract.ExecutionEventsContract;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;

class InProcessExecutionEventsTest extends ExecutionEventsContract {
    private final InProcessExecutionEvents events = new InProcessExecutionEvents();

    /** The listeners of one process: every id is this one. */
    @Override
    protected ExecutionEvents instance(String id) {
        return events;
    }
}
