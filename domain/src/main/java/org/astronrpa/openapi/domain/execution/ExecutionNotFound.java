package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.DomainException;

/** No execution with this id belongs to the caller. */
public final class ExecutionNotFound extends DomainException {
    public ExecutionNotFound(String id) {
        super("execution '" + id + "' was not found");
    }
}
