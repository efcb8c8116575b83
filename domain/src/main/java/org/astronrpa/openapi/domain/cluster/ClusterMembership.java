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

    /**
     * Forgets a lost instance and its connections, unless it beat again meanwhile (then nothing changes).
     *
     * @return whether it was forgotten: only then may its runs be handled as abandoned
     */
    boolean forget(LostInstance instance);

    /** Leaves the cluster on a clean stop. */
    void leave();

    /** A connection a lost instance held: whose it was, and which execution it had been handed, if any. */
    record LostConnection(String connectionId, String owner, ExecutionId running) {
    }

    /**
     * @param lastBeat when its last recorded beat began (its own clock), or {@code null} if unknown: every run mark it
     *                 wrote before then is in the shared store, so a run it dispatched earlier without a mark was
     *                 certainly never sent
     */
    record LostInstance(String instance, List<LostConnection> connections, java.time.Instant lastBeat) {
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
            public boolean forget(LostInstance instance) {
                return false;
            }

            @Override
            public void leave() {
            }
        };
    }
}
