package org.astronrpa.openapi.archfixture.broken.application.change;

import org.astronrpa.openapi.archfixture.broken.domain.execution.ExecutionRepository;

/** Conforms: the one change path may write executions. */
public final class ExecutionChanges {
    private final ExecutionRepository executions;

    public ExecutionChanges(ExecutionRepository executions) {
        this.executions = executions;
    }

    public void accept(String id) {
        executions.insert(id);
    }

    public void change(String id) {
        executions.update(id);
    }
}
