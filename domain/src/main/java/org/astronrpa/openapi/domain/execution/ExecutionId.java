package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.Text;

/** The service-assigned id of an execution (a UUID in practice). */
public record ExecutionId(String value) {
    public ExecutionId {
        value = Text.trimmed("execution_id", value, 1, 64);
    }

    @Override
    public String toString() {
        return value;
    }
}
