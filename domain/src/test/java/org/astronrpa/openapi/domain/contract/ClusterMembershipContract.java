package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.ClusterMembership.LostInstance;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterMembership} must do, whether it has other members or not: an instance knows its own id,
 * one that beats is never lost nor forgotten, a leader keeps its lease while it renews it, and leaving is quiet.
 * Leases contested by several instances, losing an instance that stopped beating and forgetting it are specific to
 * the implementations that have other instances (see the subclasses). Subclassed once per implementation.
 */
public abstract class ClusterMembershipContract {

    /** Instance {@code id} of this test's cluster, which has not beaten yet. */
    protected abstract ClusterMembership instance(String id);

    @Test
    void anInstanceKnowsItsOwnId() {
        assertEquals("node-1", instance("node-1").self());
    }

    @Test
    void anInstanceThatBeatsIsNeverLostNorForgotten() {
        ClusterMembership a = instance("a");
        a.heartbeat();
        a.heartbeat();
        assertTrue(a.lost().stream().noneMatch(lost -> lost.instance().equals("a")), a.lost().toString());
        assertFalse(a.forget(new LostInstance("a", List.of(), null)), "a live instance is not forgotten");
        a.heartbeat();
        assertTrue(a.lost().stream().noneMatch(lost -> lost.instance().equals("a")), a.lost().toString());
    }

    @Test
    void aLeaderKeepsItsLeaseWhileItRenewsIt() {
        ClusterMembership a = instance("a");
        a.heartbeat();
        assertTrue(a.lead("sweep", Duration.ofSeconds(5)));
        assertTrue(a.lead("sweep", Duration.ofSeconds(5)), "the leader renews");
        assertTrue(a.lead("recover", Duration.ofSeconds(5)), "each task has its own lease");
    }

    @Test
    void leavingIsQuiet() {
        ClusterMembership a = instance("a");
        a.heartbeat();
        a.lead("sweep", Duration.ofSeconds(5));
        a.leave();
    }
}
