package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.InvalidInput;

/** Whether a workflow may be executed and shown as an MCP tool; {@code code} is the wire value. */
public enum WorkflowStatus {
    INACTIVE(0),
    ACTIVE(1);

    private final int code;

    WorkflowStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static WorkflowStatus ofCode(long code) {
        for (WorkflowStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw InvalidInput.of("status", "must be 1 (active) or 0 (inactive)");
    }
}
