package org.astronrpa.openapi.application.dispatch;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
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
    private final Dispatcher dispatcher;
    private final ExecutionEvents events;
    private final TimeSource time;
    private final java.time.Duration dispatchTimeout;

    private final ClusterMembership membership;

    /** The sweeper of a single instance. */
    public DeadlineSweeper(ExecutionRepository executions, Dispatcher dispatcher,
                           ExecutionEvents events, TimeSource time, java.time.Duration dispatchTimeout) {
        this(executions, dispatcher, events, time, dispatchTimeout, ClusterMembership.single("single"));
    }

    /** A sweeper among several instances: only the current leader ends overdue executions. */
    public DeadlineSweeper(ExecutionRepository executions, Dispatcher dispatcher, ExecutionEvents events,
                           TimeSource time, java.time.Duration dispatchTimeout, ClusterMembership membership) {
        this.executions = executions;
        this.dispatcher = dispatcher;
        this.events = events;
        this.time = time;
        this.dispatchTimeout = dispatchTimeout;
        this.membership = membership;
    }

    static final String TASK = "deadline-sweeper";
    private static final java.time.Duration LEASE = java.time.Duration.ofSeconds(5);

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
            if (execution.status() == ExecutionStatus.PENDING && dispatcher.ownerHasRobot(execution.ownerId())) {
                // queued behind work on the owner's robots: it waits as long as some robot of the owner is there
                executions.update(execution.postponeDispatchDeadline(now.plus(dispatchTimeout)));
                continue;
            }
            Execution failed = execution.status() == ExecutionStatus.PENDING
                    ? execution.fail(ErrorCode.ROBOT_OFFLINE, "no robot of this user became available within the dispatch timeout", now)
                    : execution.fail(ErrorCode.TIMEOUT, "no reply from the robot within " + execution.timeout().seconds()
                            + " s of dispatch; the outcome on the robot is unknown", now);
            if (!executions.update(failed)) {
                continue; // it changed meanwhile (a reply, a cancel): the next pass sees its new state
            }
            ended++;
            events.statusChanged(failed);
            LOG.info("execution {} failed: {}", failed.id(), failed.errorCode());
            if (execution.status() == ExecutionStatus.RUNNING) {
                dispatcher.stopOnRobot(failed);
            }
        }
        return ended;
    }
}
