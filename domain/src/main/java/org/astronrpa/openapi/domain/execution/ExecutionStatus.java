package org.astronrpa.openapi.domain.execution;

import java.util.Set;

/**
 * The life of an execution (API.md §3): PENDING → RUNNING → COMPLETED | FAILED | CANCELLED, and
 * PENDING → CANCELLED | FAILED; RUNNING → PENDING only for a run whose instance was lost before sending it
 * ({@link Execution#requeueIfNeverSent}). The transition table lives here; terminal states have no way out.
 */
public enum ExecutionStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether the model allows moving from this state to {@code next}. */
    public boolean canMoveTo(ExecutionStatus next) {
        return switch (this) {
            case PENDING -> Set.of(RUNNING, FAILED, CANCELLED).contains(next);
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED, PENDING).contains(next);
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
