package org.astronrpa.openapi.application.dispatch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.NeverSent;
import org.astronrpa.openapi.domain.execution.Requeue;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after instances that stopped beating (killed, frozen, cut off). Their robots reconnect elsewhere and
 * their replies still complete their executions (by event id); what needs doing is the runs such an instance
 * had claimed in the database but certainly not sent: they return to their owners' queues. Runs it sent, or may
 * have sent, stay RUNNING until the robot's reply or their timeout — a run is never sent twice. One surviving
 * instance acts at a time (the leader).
 */
public final class RecoverLostInstances {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverLostInstances.class);
    static final String TASK = "recover-lost-instances";

    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final Dispatcher dispatcher;
    private final ClusterMembership membership;
    private final TimeSource time;
    private final Duration dispatchTimeout;
    private final Duration lease;

    public RecoverLostInstances(ExecutionRepository executions, ExecutionChanges changes, Dispatcher dispatcher,
                                ClusterMembership membership, TimeSource time, Duration dispatchTimeout, Duration lease) {
        this.executions = executions;
        this.changes = changes;
        this.dispatcher = dispatcher;
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
            if (!membership.forget(lost)) {
                continue;   // it beat again meanwhile: not lost after all
            }
            LOG.warn("instance {} stopped beating; cleaned up after its {} robot connection(s)", lost.instance(),
                    lost.connections().size());
            // one read of each owner's RUNNING executions, however many of the owner's connections were lost
            java.util.Map<UserId, java.util.List<Execution>> running = new java.util.HashMap<>();
            for (ClusterMembership.LostConnection connection : lost.connections()) {
                UserId owner = new UserId(connection.owner());
                java.util.List<Execution> ofOwner = running.computeIfAbsent(owner, o -> executions.running(o, 10_000));
                for (Execution execution : claimedBy(ofOwner, connection.connectionId())) {
                    // a run it sent, or may have sent, stays RUNNING: the robot's reply or the timeout ends it
                    NeverSent evidence = new NeverSent.ClaimedByLostInstance(lost.lastBeat(),
                            execution.id().equals(connection.running()));
                    ExecutionChanges.Outcome outcome = changes.change(execution, (current, now) ->
                            switch (current.requeueIfNeverSent(execution.eventId(), evidence, now, dispatchTimeout)) {
                                case Requeue.Requeued(Execution next) -> next;
                                case Requeue.MaybeSent(Execution unchanged) -> unchanged;
                                case Requeue.NotThatRun(Execution unchanged) -> unchanged;
                            });
                    if (outcome instanceof ExecutionChanges.Outcome.Changed) {
                        owners.add(owner);
                        requeued++;
                        LOG.warn("execution {} was claimed by lost instance {} but never sent; back in the queue",
                                execution.id(), lost.instance());
                    }
                }
            }
        }
        // the other instances hear of the requeued executions on the bus
        for (UserId owner : owners) {
            dispatcher.dispatch(owner);
        }
        return requeued;
    }

    /** Those of the owner's RUNNING executions that were handed to this connection. */
    private static java.util.List<Execution> claimedBy(java.util.List<Execution> running, String connectionId) {
        return running.stream().filter(e -> connectionId.equals(e.robotId())).toList();
    }
}
