package org.astronrpa.openapi.application.assembly;

import java.util.Objects;
import org.astronrpa.openapi.application.ratelimit.InProcessRateLimiter;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.TimeSource;

/**
 * What the use cases share with the other instances of the service: where robots are connected, messages between
 * instances, membership and leases, key revocations, request budgets, robot events. Redis implements them for a cluster;
 * {@link #singleInstance} are their stand-ins for one process.
 */
public record ClusterPorts(RobotPresence presence, InstanceMessages messages, ClusterMembership membership,
                           KeyRevocationFeed revocations, RateLimiter rateLimiter,
                           org.astronrpa.openapi.domain.robot.RobotChangeFeed robotChanges) {

    public ClusterPorts {
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(revocations, "revocations");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(robotChanges, "robotChanges");
    }

    /** One process on its own, named {@code instanceId}: nothing to share, budgets counted in memory. */
    public static ClusterPorts singleInstance(String instanceId, TimeSource time) {
        return new ClusterPorts(RobotPresence.SINGLE_INSTANCE, InstanceMessages.SINGLE_INSTANCE,
                ClusterMembership.single(instanceId), KeyRevocationFeed.inProcess(), new InProcessRateLimiter(time),
                org.astronrpa.openapi.domain.robot.RobotChangeFeed.inProcess());
    }
}
