package org.astronrpa.openapi.domain.integration;

import java.time.Instant;
import org.astronrpa.openapi.domain.execution.Execution;

/**
 * What the integration contract's cancel does to an execution as it is now: only what can be confirmed. A queued one
 * is cancelled (no robot has it); a running one only where its robot confirms stops; an ended one stays as it is
 * (the cancel answers its snapshot: cancelling twice is harmless).
 */
public final class ContractCancel {
    private ContractCancel() {
    }

    /**
     * @return the cancelled next version, or {@code current} itself when it has ended
     * @throws CancelUnsupported when it runs on a robot that does not confirm stops
     */
    public static Execution decide(Execution current, Instant now) {
        return switch (current.status()) {
            case PENDING -> current.cancel(now);
            case RUNNING -> {
                if (!current.stop().robotConfirmsStops()) {
                    throw new CancelUnsupported(current.id().value());
                }
                yield current.cancel(now);
            }
            case COMPLETED, FAILED, CANCELLED -> current;
        };
    }
}
