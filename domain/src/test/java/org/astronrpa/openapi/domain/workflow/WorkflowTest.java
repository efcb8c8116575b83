package org.astronrpa.openapi.domain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class WorkflowTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final UserId ALICE = new UserId("alice");

    @Test
    void aNewWorkflowGetsDefaults() {
        Workflow w = Workflow.create(new ProjectId(" p-1 "), ALICE, new WorkflowChanges(" Robot ", null, null, null, null, null),
                t -> false, T0);
        assertEquals("p-1", w.projectId().value());
        assertEquals("Robot", w.name());
        assertEquals("1.0.0", w.version());
        assertEquals(WorkflowStatus.ACTIVE, w.status());
        assertEquals("Robot", w.toolName().value());
        assertEquals(1, w.revision());
        assertNull(w.parameters());
    }

    @Test
    void creatingWithoutANameNamesTheField() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Workflow.create(new ProjectId("p"), ALICE,
                WorkflowChanges.none(), t -> false, T0));
        assertEquals("name", e.errors().get(0).field());
    }

    @Test
    void theReservedIdIsRefusedInAnyCaseNamingTheField() {
        for (String id : List.of("integration", "Integration", " INTEGRATION ")) {
            InvalidInput e = assertThrows(InvalidInput.class, () -> Workflow.create(new ProjectId(id), ALICE,
                    new WorkflowChanges("Robot", null, null, null, null, null), t -> false, T0));
            assertEquals("project_id", e.errors().get(0).field());
        }
        assertEquals("integration-2", Workflow.create(new ProjectId("integration-2"), ALICE,
                new WorkflowChanges("Robot", null, null, null, null, null), t -> false, T0).projectId().value());
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> new WorkflowChanges("", "e".repeat(101), "d".repeat(501),
                "v".repeat(21), null, null));
        assertEquals(List.of("name", "english_name", "description", "version"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void lengthsCountCharactersNotBytes() {
        assertEquals(100, new WorkflowChanges("发".repeat(100), null, null, null, null, null).name().length());
    }

    @Test
    void anUpdateKeepsWhatWasNotSentAndKeepsTheToolNameWithoutARename() {
        Workflow w = Workflow.create(new ProjectId("p"), ALICE, new WorkflowChanges("Robot", null, "desc", "2", null, null),
                t -> false, T0);
        Workflow u = w.apply(new WorkflowChanges(null, null, null, null, WorkflowStatus.INACTIVE, null), t -> true, T0.plusSeconds(1));
        assertEquals("desc", u.description());
        assertEquals("2", u.version());
        assertEquals("Robot", u.toolName().value());
        assertEquals(2, u.revision());
        assertEquals(T0, u.createdAt());
        assertEquals(T0.plusSeconds(1), u.updatedAt());
    }

    @Test
    void aRenameDerivesTheToolNameAgain() {
        Workflow w = Workflow.create(new ProjectId("p"), ALICE, new WorkflowChanges("Robot", null, null, null, null, null),
                t -> false, T0);
        assertEquals("mailer", w.apply(new WorkflowChanges(null, "mailer", null, null, null, null), t -> false, T0).toolName().value());
    }

    @Test
    void statusCodesAreOneAndZeroOnly() {
        assertEquals(WorkflowStatus.ACTIVE, WorkflowStatus.ofCode(1));
        assertEquals(WorkflowStatus.INACTIVE, WorkflowStatus.ofCode(0));
        assertEquals("status", assertThrows(InvalidInput.class, () -> WorkflowStatus.ofCode(2)).errors().get(0).field());
    }

    @Test
    void parametersOver64KiBAreRefused() {
        String big = "{\"description\":\"" + "x".repeat(64 * 1024) + "\"}";
        assertTrue(assertThrows(InvalidInput.class, () -> new ParametersSchema(big)).getMessage().startsWith("parameters"));
    }
}
