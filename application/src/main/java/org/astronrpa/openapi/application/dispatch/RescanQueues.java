package org.astronrpa.openapi.application.dispatch;

import java.util.List;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The safety net under cross-instance dispatch requests, which are best effort: periodically, every user with
 * queued executions and an idle robot on this instance has its queue looked at here. Each pass reads the next
 * page of owners with queued work, so however many there are, every one comes round.
 */
public final class RescanQueues {
    private final int ownersPerPass;
    private UserId after;

    private final ExecutionRepository executions;
    private final RobotRegistry robots;
    private final Dispatcher dispatcher;

    public RescanQueues(ExecutionRepository executions, RobotRegistry robots, Dispatcher dispatcher) {
        this(executions, robots, dispatcher, 1_000);
    }

    /** @param ownersPerPass how many owners one pass reads */
    public RescanQueues(ExecutionRepository executions, RobotRegistry robots, Dispatcher dispatcher, int ownersPerPass) {
        this.ownersPerPass = ownersPerPass;
        this.executions = executions;
        this.robots = robots;
        this.dispatcher = dispatcher;
    }

    /** One pass; returns how many executions it dispatched. */
    public synchronized int rescan() {
        List<UserId> owners = executions.ownersWithPending(after, ownersPerPass);
        after = owners.size() < ownersPerPass ? null : owners.get(owners.size() - 1);   // the end: start again
        int dispatched = 0;
        for (UserId owner : owners) {
            if (robots.hasIdle(owner)) {
                dispatched += dispatcher.dispatch(owner).size();
            }
        }
        return dispatched;
    }
}
