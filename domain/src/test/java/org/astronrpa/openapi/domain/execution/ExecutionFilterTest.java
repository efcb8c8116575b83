package org.astronrpa.openapi.domain.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

class ExecutionFilterTest {
    private static final ProjectId P = new ProjectId("p-1");
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    private static String refusedField(Runnable make) {
        return assertThrows(InvalidInput.class, make::run).errors().get(0).field();
    }

    @Test
    void combinationsThatAnIndexServesAreAllowed() {
        new ExecutionFilter(P, Set.of(ExecutionStatus.FAILED, ExecutionStatus.CANCELLED), null, null, T, T.plusSeconds(1));
        new ExecutionFilter(null, Set.of(), "robot-1", null, T, null);
        new ExecutionFilter(null, Set.of(), null, ErrorCode.TIMEOUT, null, T);
        assertEquals(ExecutionFilter.ANY, new ExecutionFilter(null, null, " ", null, null, null), "a blank robot is none");
    }

    @Test
    void combinationsThatWouldReadRowsOnlyToDropThemAreRefusedNamingTheField() {
        assertEquals("robot_id", refusedField(() -> new ExecutionFilter(P, Set.of(), "r", null, null, null)));
        assertEquals("error_code", refusedField(() -> new ExecutionFilter(P, Set.of(), null, ErrorCode.TIMEOUT, null, null)));
        assertEquals("error_code", refusedField(() -> new ExecutionFilter(null, Set.of(), "r", ErrorCode.TIMEOUT, null, null)));
        assertEquals("status", refusedField(() -> new ExecutionFilter(null, Set.of(ExecutionStatus.FAILED), "r", null, null, null)));
        assertEquals("status", refusedField(() -> new ExecutionFilter(null, Set.of(ExecutionStatus.FAILED), null,
                ErrorCode.ROBOT_ERROR, null, null)));
        assertEquals("started_before", refusedField(() -> new ExecutionFilter(null, Set.of(), null, null, T, T)));
        assertEquals("robot_id", refusedField(() -> new ExecutionFilter(null, Set.of(), "r".repeat(129), null, null, null)));
    }

    @Test
    void aBatchIdIsPrintableAsciiAsTheGeneratedOnesAre() {
        new ExecutionFilter(null, Set.of(), null, null, null, null, "01a24e5d-fbbc-768d-be0c-2af3738d64e1");
        // found by the service fuzz test on MariaDB: the ASCII column refused to be compared with it (a 500)
        assertEquals("batch_id", refusedField(() -> new ExecutionFilter(null, Set.of(), null, null, null, null,
                "xΩVm\"6UD")));
        assertEquals("batch_id", refusedField(() -> new ExecutionFilter(null, Set.of(), null, null, null, null,
                "a b")));
    }

    @Test
    void onlyWorkflowAndStatusFiltersAreCounted() {
        assertTrue(new ExecutionFilter(P, ExecutionStatus.PENDING).counted());
        assertTrue(ExecutionFilter.ANY.counted());
        assertFalse(new ExecutionFilter(null, Set.of(), "r", null, null, null).counted());
        assertFalse(new ExecutionFilter(null, Set.of(), null, ErrorCode.TIMEOUT, null, null).counted());
        assertFalse(new ExecutionFilter(null, Set.of(), null, null, T, null).counted());
        assertFalse(new ExecutionFilter(null, Set.of(), null, null, null, T).counted());
    }
}
