package org.astronrpa.openapi.domain.robot;

import org.astronrpa.openapi.domain.shared.Unauthorized;

/** A presented enrollment token or robot credential that lets nobody in; the reason goes to the log only. */
public final class RobotCredentialRejected extends Unauthorized {
    /** Why. */
    public enum Reason { MALFORMED, UNKNOWN, USED_OR_EXPIRED, REVOKED, NOT_FOR_THIS_ROUTE }

    private final Reason reason;

    public RobotCredentialRejected(String what, Reason reason) {
        super(reason == Reason.NOT_FOR_THIS_ROUTE ? "a robot credential only connects its robot to /ws"
                : "the " + what + " is not valid");
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
