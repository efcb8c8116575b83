package org.astronrpa.openapi.domain.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Which instance holds which robot connection, for the instances that share one database. Each instance keeps
 * its own connections in memory and announces them here; a single instance has no one to tell.
 * Implementations never throw: when the shared store is unreachable, announcements are lost (the periodic
 * rescan and the holders' reconnects repair them) and lookups answer "nobody else".
 */
public interface RobotPresence {

    /** This instance now holds {@code connectionId}, an unnamed robot of {@code owner}, connected from {@code remoteAddress}. */
    default void connected(String connectionId, UserId owner, Instant connectedAt, String remoteAddress) {
        connected(connectionId, owner, connectedAt, remoteAddress, null);
    }

    /**
     * This instance now holds {@code connectionId}, a robot of {@code owner} connected from {@code remoteAddress}: the
     * managed robot {@code robotId}, or an unnamed one ({@code null}).
     */
    void connected(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                   org.astronrpa.openapi.domain.robot.RobotId robotId);

    /**
     * The connection is about to be sent the run of {@code execution}. Recorded before the frame leaves, so an
     * execution of a lost instance without this mark was certainly never sent (and may run elsewhere).
     */
    void running(String connectionId, ExecutionId execution);

    /** The connection finished its run (or gave up on it) and may take another. */
    void idle(String connectionId);

    /** This instance no longer holds the connection. */
    void disconnected(String connectionId);

    /** Instances other than this one that hold robot connections of {@code owner}. */
    Set<String> otherInstancesWithRobotsOf(UserId owner);

    /** The live instance whose connection is running {@code execution}, if any (this one included). */
    Optional<String> instanceRunning(ExecutionId execution);

    /** The robot connections other live instances hold for {@code owner} (for {@code GET /robots}). */
    List<PresentRobot> elsewhere(UserId owner);

    /** A robot connection held by another instance: of the managed robot {@code robotId}, or unnamed ({@code null}). */
    record PresentRobot(String connectionId, String instance, Instant connectedAt, String remoteAddress,
                        ExecutionId running, org.astronrpa.openapi.domain.robot.RobotId robotId) {

        /** An unnamed robot's connection. */
        public PresentRobot(String connectionId, String instance, Instant connectedAt, String remoteAddress,
                            ExecutionId running) {
            this(connectionId, instance, connectedAt, remoteAddress, running, null);
        }
    }

    /** One instance, nobody to tell. */
    RobotPresence SINGLE_INSTANCE = new RobotPresence() {
        @Override
        public void connected(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                              org.astronrpa.openapi.domain.robot.RobotId robotId) {
        }

        @Override
        public void running(String connectionId, ExecutionId execution) {
        }

        @Override
        public void idle(String connectionId) {
        }

        @Override
        public void disconnected(String connectionId) {
        }

        @Override
        public Set<String> otherInstancesWithRobotsOf(UserId owner) {
            return Set.of();
        }

        @Override
        public Optional<String> instanceRunning(ExecutionId execution) {
            return Optional.empty();
        }

        @Override
        public List<PresentRobot> elsewhere(UserId owner) {
            return List.of();
        }
    };
}
