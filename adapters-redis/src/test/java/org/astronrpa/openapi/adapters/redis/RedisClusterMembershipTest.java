package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.ClusterMembership.LostInstance;
import org.astronrpa.openapi.domain.contract.Await;
import org.astronrpa.openapi.domain.contract.ClusterMembershipContract;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisClusterMembershipTest extends ClusterMembershipContract {
    private static final UserId ALICE = new UserId("alice");
    private static final ExecutionId E1 = new ExecutionId("e-1");
    /** Short, so that a silent instance is lost within a test; long enough that a busy machine loses nobody by mistake. */
    private final Fabrics fabrics = Fabrics.withHeartbeatTtl(Duration.ofSeconds(1));

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected ClusterMembership instance(String id) {
        return fabrics.get(id).membership();
    }

    /** What several instances add: one leader per task at a time, and a lease its leader stops renewing lapses. */
    @Test
    void oneInstanceLeadsATaskAtATimeUntilItsLeaseLapses() {
        ClusterMembership a = instance("a");
        ClusterMembership b = instance("b");
        assertTrue(a.lead("sweep", Duration.ofSeconds(1)));
        assertFalse(b.lead("sweep", Duration.ofSeconds(1)));
        assertTrue(b.lead("recover", Duration.ofSeconds(1)), "another task, another lease");
        Await.until(() -> b.lead("sweep", Duration.ofSeconds(5)), "the lease lapsed and b took it");
        assertFalse(a.lead("sweep", Duration.ofSeconds(5)), "a lost it");
    }

    @Test
    void aSilentInstanceIsLostWithItsConnectionsUntilItIsForgotten() {
        RedisFabric doomed = silentInstanceHoldingARun();
        ClusterMembership survivor = instance("survivor");
        LostInstance lost = survivor.lost().get(0);
        assertEquals("doomed", lost.instance());
        assertEquals(List.of(new ClusterMembership.LostConnection("c-1", "alice", E1)), lost.connections());
        assertTrue(lost.lastBeat() != null && !lost.lastBeat().isAfter(Instant.now()), String.valueOf(lost.lastBeat()));

        assertTrue(survivor.forget(lost));
        assertEquals(List.of(), survivor.lost());
        assertEquals(Optional.empty(), fabrics.get("survivor").presence().instanceRunning(E1), "its run mark went too");

        doomed.membership().heartbeat();   // it was only slow: back, it announces its robots again
        survivor.heartbeat();
        assertEquals(Set.of("doomed"), fabrics.get("survivor").presence().otherInstancesWithRobotsOf(ALICE));
        assertEquals(Optional.of("doomed"), fabrics.get("survivor").presence().instanceRunning(E1));
    }

    @Test
    void anInstanceThatBeatsAgainBeforeItIsForgottenIsNotForgotten() {
        RedisFabric doomed = silentInstanceHoldingARun();
        ClusterMembership survivor = instance("survivor");
        LostInstance lost = survivor.lost().get(0);

        doomed.membership().heartbeat();
        assertFalse(survivor.forget(lost), "it beat again meanwhile");
        survivor.heartbeat();
        assertEquals(List.of(), survivor.lost());
        assertEquals(Optional.of("doomed"), fabrics.get("survivor").presence().instanceRunning(E1), "nothing was removed");
    }

    /** "doomed" holds a robot running e-1, beats once and then stays silent until the survivor counts it lost. */
    private RedisFabric silentInstanceHoldingARun() {
        RedisFabric doomed = fabrics.get("doomed");
        doomed.presence().connected("c-1", ALICE, Instant.parse("2026-11-27T08:00:00Z"), "/10.0.0.7:5000");
        doomed.presence().running("c-1", E1);
        doomed.membership().heartbeat();
        ClusterMembership survivor = instance("survivor");
        survivor.heartbeat();
        assertEquals(List.of(), survivor.lost());
        Await.until(() -> !survivor.lost().isEmpty(), "the silent instance counts as lost");
        return doomed;
    }
}
