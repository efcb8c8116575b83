package org.astronrpa.openapi.domain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the service claims of the integration contract: only what it serves, and its caller's robots as they are. */
class IntegrationTest {
    @Test
    void itClaimsOnlyTheOperationsItServesAndNoDurableIdempotencyYet() {
        Integration served = Integration.served("1.2.3", 0, 0);

        assertEquals(List.of("execution_get", "execution_cancel"), served.operations());
        assertFalse(served.operations().containsAll(Integration.ALL_OPERATIONS),
                "upstream's node refuses to start until every operation is served: true until then");
        assertFalse(served.durableIdempotency());
        assertEquals("1.2.3", served.serviceVersion());
        assertTrue(served.limitations().contains("durable-queue"));
        assertThrows(IllegalArgumentException.class, () -> new Integration("v", List.of("workflow_delete"), false,
                List.of(), Integration.Client.of(0, 0), List.of()));
    }

    @Test
    void theClientIsReadyOnlyWithARobotThatConfirmsStops() {
        Integration.Client none = Integration.Client.of(0, 0);
        Integration.Client legacy = Integration.Client.of(2, 0);
        Integration.Client managed = Integration.Client.of(2, 1);

        assertEquals(Integration.State.OFFLINE, none.state());
        assertNull(none.protocol());
        assertEquals(Integration.State.UNSUPPORTED, legacy.state());
        assertFalse(legacy.supportsCancel());
        assertEquals(Integration.State.READY, managed.state());
        assertEquals(1, managed.protocol());
        assertTrue(managed.supportsCancel());
        assertEquals("unsupported", Integration.State.UNSUPPORTED.wire());
        assertThrows(IllegalArgumentException.class, () -> Integration.Client.of(1, 2));
    }
}
