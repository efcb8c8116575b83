package org.astronrpa.openapi.domain.cluster;

import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.domain.execution.ExecutionId;

/**
 * The instances sharing one database: each one beats periodically; one whose beats stopped is lost, and one
 * survivor at a time (the leader of a task) cleans up after it.
 */
public interface ClusterMembership {

    /** This instance's id (unique per process start). */
    String self();

    /** Says this instance is alive; called about once a second. */
    void heartbeat();

    /** Whether this instance may do {@code task} now; the lease lasts {@code lease} unless renewed by asking again. */
    boolean lead(String task, Duration lease);

    /** Instances whose beats stopped, with the robot connections they held. */
    List<LostInstance> lost();

    /** The lost instance has been cleaned up after: forget it and its connections. */
    void forget(LostInstance instance);

    /** Leaves the cluster on a clean stop. */
    void leave();

    /** A connection a lost instance held: whose it was, and which execution it had been handed, if any. */
    record LostConnection(String connectionId, String owner, ExecutionId running) {
    }

    record LostInstance(String instance, List<LostConnection> connections) {
    }

    /** One instance: always the leader, never loses anyone. */
    static ClusterMembership single(String self) {
        return new ClusterMembership() {
            @Override
            public String self() {
                return self;
            }

            @Override
            public void heartbeat() {
            }

            @Override
            public boolean lead(String task, Duration lease) {
                return true;
            }

            @Override
            public List<LostInstance> lost() {
                return List.of();
            }

            @Override
            public void forget(LostInstance instance) {
            }

            @Override
            public void leave() {
            }
        };
    }
}
