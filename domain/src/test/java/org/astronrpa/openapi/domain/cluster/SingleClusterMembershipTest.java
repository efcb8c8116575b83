package org.astronrpa.openapi.domain.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.domain.cluster.ClusterMembership.LostConnection;
import org.astronrpa.openapi.domain.cluster.ClusterMembership.LostInstance;
import org.astronrpa.openapi.domain.contract.ClusterMembershipContract;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.junit.jupiter.api.Test;

class SingleClusterMembershipTest extends ClusterMembershipContract {
    @Override
    protected ClusterMembership instance(String id) {
        return ClusterMembership.single(id);
    }

    /** Alone, an instance leads every task however short the lease, and there is nobody to lose or forget. */
    @Test
    void aLoneInstanceLeadsEveryTaskAndNeverLosesAnyone() {
        ClusterMembership alone = instance("a");
        assertTrue(alone.lead("sweep", Duration.ofMillis(1)));
        assertTrue(alone.lead("recover", Duration.ZERO));
        assertEquals(List.of(), alone.lost());
        assertFalse(alone.forget(new LostInstance("b", List.of(new LostConnection("c-1", "alice", new ExecutionId("e-1"))),
                null)), "there is no other instance to forget");
    }
}
