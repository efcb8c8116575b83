package org.astronrpa.openapi.application.dispatch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after instances that stopped beating (killed, frozen, cut off). Their robots reconnect elsewhere and
 * their replies still complete their executions (by event id); what needs doing is the runs such an instance
 * had claimed in the database but not yet sent: they return to their owners' queues. Runs it had sent stay
 * RUNNING until the robot's reply or their timeout. One surviving instance acts at a time (the leader).
 */
public final class RecoverLostInstances {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverLostInstances.class);
    static final String TASK = "recover-lost-instances";

    private final ExecutionRepository executions;
    private final Dispatcher dispatcher;
    private final ExecutionEvents events;
    private final ClusterMembership membership;
    private final TimeSource time;
    private final Duration dispatchTimeout;
    private final Duration lease;

    public RecoverLostInstances(ExecutionRepository executions, Dispatcher dispatcher, ExecutionEvents events,
                                ClusterMembership membership, TimeSource time, Duration dispatchTimeout, Duration lease) {
        this.executions = executions;
        this.dispatcher = dispatcher;
        this.events = events;
        this.membership = membership;
        this.time = time;
        this.dispatchTimeout = dispatchTimeout;
        this.lease = lease;
    }

    /** One pass; returns how many executions went back to their queues. */
    public int recover() {
        if (!membership.lead(TASK, lease)) {
            return 0;
        }
        int requeued = 0;
        Set<UserId> owners = new LinkedHashSet<>();
        for (ClusterMembership.LostInstance lost : membership.lost()) {
            for (ClusterMembership.LostConnection connection : lost.connections()) {
                UserId owner = new UserId(connection.owner());
                for (Execution execution : claimedBy(owner, connection.connectionId())) {
                    if (execution.id().equals(connection.running())) {
                        continue;   // it was sent: the robot's reply or the timeout ends it
                    }
                    Execution back = execution.returnToQueue(time.now(), dispatchTimeout);
                    if (executions.update(back)) {
                        events.statusChanged(back);
                        owners.add(owner);
                        requeued++;
                        LOG.warn("execution {} was claimed by lost instance {} but never sent; back in the queue",
                                execution.id(), lost.instance());
                    }
                }
            }
            membership.forget(lost);
            LOG.warn("instance {} stopped beating; cleaned up after its {} robot connection(s)", lost.instance(),
                    lost.connections().size());
        }
        for (UserId owner : owners) {
            dispatcher.dispatch(owner);
            dispatcher.askOthersToDispatch(owner);
        }
        return requeued;
    }

    /** The owner's RUNNING executions that were handed to this connection. */
    private java.util.List<Execution> claimedBy(UserId owner, String connectionId) {
        return executions.running(owner, 10_000).stream().filter(e -> connectionId.equals(e.robotId())).toList();
    }
}
