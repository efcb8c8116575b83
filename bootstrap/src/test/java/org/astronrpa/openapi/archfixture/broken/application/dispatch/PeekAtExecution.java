package org.astronrpa.openapi.archfixture.broken.application.dispatch;

import org.astronrpa.openapi.archfixture.broken.domain.execution.ExecutionRepository;

/** Conforms: reading executions is open to every use case. */
public final class PeekAtExecution {
    private final ExecutionRepository executions;

    public PeekAtExecution(ExecutionRepository executions) {
        this.executions = executions;
    }

    public boolean peek(String id) {
        return executions.exists(id);
    }
}
