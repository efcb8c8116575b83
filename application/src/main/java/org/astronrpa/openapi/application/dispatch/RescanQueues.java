package org.astronrpa.openapi.application.dispatch;

import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The safety net under cross-instance dispatch requests, which are best effort: periodically, every user with
 * queued executions and an idle robot on this instance has its queue looked at here.
 */
public final class RescanQueues {
    private static final int OWNERS_PER_PASS = 1_000;

    private final ExecutionRepository executions;
    private final RobotRegistry robots;
    private final Dispatcher dispatcher;

    public RescanQueues(ExecutionRepository executions, RobotRegistry robots, Dispatcher dispatcher) {
        this.executions = executions;
        this.robots = robots;
        this.dispatcher = dispatcher;
    }

    /** One pass; returns how many executions it dispatched. */
    public int rescan() {
        int dispatched = 0;
        for (UserId owner : executions.ownersWithPending(OWNERS_PER_PASS)) {
            if (robots.hasIdle(owner)) {
                dispatched += dispatcher.dispatch(owner).size();
            }
        }
        return dispatched;
    }
}
