package org.astronrpa.openapi.application.dispatch;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.execution.DeadlineOutcome;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends executions whose deadline passed: PENDING ones whose owner had no robot connected for the whole
 * dispatch timeout fail with ROBOT_OFFLINE (queued behind a busy robot, they keep waiting), RUNNING
 * ones without a reply in time fail with TIMEOUT and their robot is told to stop. Called periodically.
 */
public final class DeadlineSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweeper.class);
    private static final int BATCH = 200;

    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final Dispatcher dispatcher;
    private final TimeSource time;
    private final java.time.Duration dispatchTimeout;

    private final ClusterMembership membership;

    /** The sweeper of a single instance. */
    public DeadlineSweeper(ExecutionRepository executions, ExecutionChanges changes, Dispatcher dispatcher,
                           TimeSource time, java.time.Duration dispatchTimeout) {
        this(executions, changes, dispatcher, time, dispatchTimeout, ClusterMembership.single("single"));
    }

    /** A sweeper among several instances: only the current leader ends overdue executions. */
    public DeadlineSweeper(ExecutionRepository executions, ExecutionChanges changes, Dispatcher dispatcher,
                           TimeSource time, java.time.Duration dispatchTimeout, ClusterMembership membership) {
        this.executions = executions;
        this.changes = changes;
        this.dispatcher = dispatcher;
        this.time = time;
        this.dispatchTimeout = dispatchTimeout;
        this.membership = membership;
    }

    static final String TASK = "deadline-sweeper";
    private static final java.time.Duration LEASE = java.time.Duration.ofSeconds(5);

    private Execution decide(Execution execution, Instant now) {
        return switch (execution.deadlinePassed(now, () -> dispatcher.ownerHasRobotFor(execution.ownerId(), execution.target()), dispatchTimeout)) {
            case DeadlineOutcome.NotDue(Execution current) -> current;
            case DeadlineOutcome.Postponed(Execution next) -> next;
            case DeadlineOutcome.RobotOffline(Execution failed) -> failed;
            case DeadlineOutcome.TimedOut(Execution failed) -> failed;
        };
    }

    /** One pass; returns how many executions it ended. */
    public int sweep() {
        dispatcher.releaseSilentStoppedRobots();   // this instance's own connections: every instance does it
        if (!membership.lead(TASK, LEASE)) {
            return 0;
        }
        Instant now = time.now();
        List<Execution> overdue = executions.overdue(now, BATCH);
        int ended = 0;
        for (Execution execution : overdue) {
            ExecutionChanges.Outcome outcome = changes.change(execution, this::decide);
            if (outcome instanceof ExecutionChanges.Outcome.Changed(Execution before, Execution after)
                    && after.status().isTerminal()) {
                ended++;
                LOG.info("execution {} failed: {}", after.id(), after.errorCode());
                if (before.status() == ExecutionStatus.RUNNING) {
                    dispatcher.stopOnRobot(after);
                }
            }
            // otherwise it changed meanwhile (a reply, a cancel) or was postponed: the next pass sees its new state
        }
        return ended;
    }
}
