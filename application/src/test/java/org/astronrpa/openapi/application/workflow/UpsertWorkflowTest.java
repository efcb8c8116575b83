package org.astronrpa.openapi.application.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ProjectIdTaken;
import org.astronrpa.openapi.domain.workflow.SchemaChecker;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.junit.jupiter.api.Test;

class UpsertWorkflowTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final SchemaChecker OBJECTS_ONLY = text -> {
        if (!text.strip().startsWith("{")) {
            throw InvalidInput.of("parameters", "must be a JSON object");
        }
        return new ParametersSchema(text.strip());
    };

    private final TestClock clock = new TestClock();
    private final InMemoryWorkflowRepository repository = new InMemoryWorkflowRepository();
    private final List<DomainEvent> recorded = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final UpsertWorkflow upsert = new UpsertWorkflow(repository, OBJECTS_ONLY, recorded::addAll,
            () -> "event-" + ids.incrementAndGet(), clock);
    private final GetWorkflow get = new GetWorkflow(repository);

    private UpsertResult upsert(UserId caller, String projectId, String name, String englishName, String parameters) {
        return upsert.upsert(UpsertWorkflowCommand.of(caller, projectId, name, englishName, null, null, null, parameters));
    }

    @Test
    void aNewProjectIdCreatesAWorkflowWithItsCheckedParameters() {
        UpsertResult result = upsert(ALICE, "p-1", "Invoice robot", null, "{\"type\":\"object\"}");
        assertInstanceOf(UpsertResult.Created.class, result);
        assertEquals("{\"type\":\"object\"}", get.get(ALICE, new ProjectId("p-1")).parameters().json());
    }

    @Test
    void anExistingProjectIdOfTheCallerUpdatesOnlyTheSentFields() {
        upsert(ALICE, "p-1", "Invoice robot", "invoice", "{}");
        clock.advance(Duration.ofSeconds(3));
        UpsertResult result = upsert.upsert(UpsertWorkflowCommand.of(ALICE, "p-1", null, null, "new text", null, 0L, null));
        assertInstanceOf(UpsertResult.Updated.class, result);
        var stored = get.get(ALICE, new ProjectId("p-1"));
        assertEquals("Invoice robot", stored.name());
        assertEquals("new text", stored.description());
        assertEquals("{}", stored.parameters().json());
        assertEquals(0, stored.status().code());
        assertNotEquals(stored.createdAt(), stored.updatedAt());
    }

    @Test
    void anotherUsersProjectIdIsAConflictAndChangesNothing() {
        upsert(ALICE, "p-1", "Invoice robot", null, null);
        assertThrows(ProjectIdTaken.class, () -> upsert(BOB, "P-1", "Mine now", null, null));
        assertEquals("Invoice robot", get.get(ALICE, new ProjectId("p-1")).name());
        assertThrows(WorkflowNotFound.class, () -> get.get(BOB, new ProjectId("p-1")));
    }

    @Test
    void allBadFieldsAreNamedTogether() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> upsert.upsert(UpsertWorkflowCommand.of(ALICE, " ", "",
                null, null, "", 7L, null)));
        assertEquals(List.of("project_id", "status", "name", "version"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void parametersThatAreNotASchemaAreRefusedBeforeAnythingIsStored() {
        assertThrows(InvalidInput.class, () -> upsert(ALICE, "p-1", "Robot", null, "[1]"));
        assertEquals(0, repository.page(ALICE, WorkflowFilter.ANY, PageRequest.FIRST).total());
    }

    @Test
    void twoWorkflowsWithTheSameNameGetDistinctToolNames() {
        String first = upsert(ALICE, "p-1", "Report", null, null).workflow().toolName().value();
        String second = upsert(ALICE, "p-2", "report", null, null).workflow().toolName().value();
        assertEquals("Report", first);
        assertEquals(true, second.matches("^report_[0-9a-f]{6}$"), second);
        assertEquals("report", upsert(BOB, "p-3", "report", null, null).workflow().toolName().value());
    }

    @Test
    void renamingToItsOwnToolNameKeepsIt() {
        upsert(ALICE, "p-1", "Report", null, null);
        assertEquals("Report", upsert(ALICE, "p-1", "Report", null, null).workflow().toolName().value());
    }

    @Test
    void eachSavedChangeAndTheDeletionAreRecordedInOrderAndAnEmptyUpsertRecordsNothing() {
        upsert(ALICE, "p-1", "Invoice robot", null, null);
        upsert(ALICE, "p-1", "Invoice robot 2", null, null);
        upsert.upsert(UpsertWorkflowCommand.of(ALICE, "p-1", null, null, null, null, null, null));
        assertThrows(WorkflowNotFound.class, () -> new DeleteWorkflow(repository, recorded::addAll, () -> "d", clock)
                .delete(BOB, new ProjectId("p-1")));
        new DeleteWorkflow(repository, recorded::addAll, () -> "event-last", clock).delete(ALICE, new ProjectId("p-1"));

        assertEquals(3, recorded.size());
        assertInstanceOf(WorkflowEvent.Upserted.class, recorded.get(0));
        assertInstanceOf(WorkflowEvent.Upserted.class, recorded.get(1));
        WorkflowEvent.Deleted deleted = assertInstanceOf(WorkflowEvent.Deleted.class, recorded.get(2));
        assertEquals(ALICE, deleted.ownerId());
        assertEquals(List.of(1L, 2L, 3L), recorded.stream().map(DomainEvent::sequence).toList());
        assertEquals(List.of("p-1", "p-1", "p-1"), recorded.stream().map(DomainEvent::aggregateId).toList());
        assertEquals(List.of("event-1", "event-2", "event-last"), recorded.stream().map(DomainEvent::eventId).toList());
    }
}
