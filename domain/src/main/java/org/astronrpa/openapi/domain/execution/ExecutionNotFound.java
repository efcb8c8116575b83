package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.NotFound;

/** No execution with this id belongs to the caller. */
public final class ExecutionNotFound extends NotFound {
    public ExecutionNotFound(String id) {
        super("execution '" + id + "' was not found");
    }
}
