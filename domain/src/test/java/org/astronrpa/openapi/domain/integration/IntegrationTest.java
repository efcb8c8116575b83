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
    void withStartsItClaimsEveryOperationDurableKeysAndTheJsonDataClassWithItsLimits() {
        Integration served = Integration.served("1.2.3", 0, 0);

        assertEquals(Integration.ALL_OPERATIONS, served.operations());
        assertTrue(served.durableIdempotency());
        assertEquals(List.of("json-data"), served.capabilityClasses());
        assertEquals(JsonLimits.CONTRACT, served.jsonLimits());
        assertEquals("1.2.3", served.serviceVersion());
        assertTrue(served.limitations().contains("durable-queue"));
        assertThrows(IllegalArgumentException.class, () -> new Integration("v", List.of("workflow_delete"), false,
                List.of(), null, Integration.Client.of(0, 0), List.of()));
    }

    @Test
    void withoutStartsItClaimsOnlyTheReads() {
        Integration reads = Integration.served("1.2.3", 0, 0, false);

        assertEquals(List.of("execution_get", "execution_cancel"), reads.operations());
        assertFalse(reads.durableIdempotency(), "upstream's node refuses to start: true here");
        assertNull(reads.jsonLimits());
        assertEquals(List.of(), reads.capabilityClasses());
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
