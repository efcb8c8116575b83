package org.astronrpa.openapi.archfixture.broken.application.dispatch;

import org.astronrpa.openapi.archfixture.broken.domain.execution.ExecutionRepository;

/** Breaks the change-path rule: it writes executions itself, past the version retry and the event. */
public final class SkipTheQueue {
    private final ExecutionRepository executions;

    public SkipTheQueue(ExecutionRepository executions) {
        this.executions = executions;
    }

    public void skip(String id) {
        executions.update(id);
    }

    void enqueue(String id) {
        executions.insert(id);
    }
}
