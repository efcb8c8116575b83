package org.astronrpa.openapi.domain.integration;

import org.astronrpa.openapi.domain.shared.NotPermitted;

/**
 * The integration contract's cancel of a run its robot cannot confirm stopping ({@code CANCEL_UNSUPPORTED}): the
 * execution is left as it is. Our own cancel still cancels it (and tells the robot to stop, unconfirmed).
 */
public final class CancelUnsupported extends NotPermitted {
    public CancelUnsupported(String executionId) {
        super("execution '" + executionId + "' runs on a robot that does not confirm stops: the integration contract "
                + "cannot cancel it (cancel it with POST /executions/{id}/cancel, unconfirmed)");
    }
}
