package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** A page of the caller's executions, newest first. */
public final class ListExecutions {
    private final ExecutionRepository executions;

    public ListExecutions(ExecutionRepository executions) {
        this.executions = executions;
    }

    public Page<Execution> list(UserId caller, ExecutionFilter filter, PageRequest page) {
        return executions.page(caller, filter, page);
    }
}
