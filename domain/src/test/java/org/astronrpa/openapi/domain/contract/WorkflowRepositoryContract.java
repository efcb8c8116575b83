package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolNameTaken;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowAlreadyExists;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link WorkflowRepository} must do; subclassed once per adapter. */
public abstract class WorkflowRepositoryContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

    private WorkflowRepository repository;

    /** A repository with no workflows in it. */
    protected abstract WorkflowRepository emptyRepository();

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
    }

    protected static Workflow workflow(String projectId, UserId owner, String name, Instant at) {
        return Workflow.create(new ProjectId(projectId), owner,
                new WorkflowChanges(name, null, "about " + name, null, null,
                        new ParametersSchema("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}")),
                taken -> false, at);
    }

    @Test
    void anInsertedWorkflowIsFoundWithEveryField() {
        Workflow stored = workflow("p-1", ALICE, "Invoice robot 发票", T0);
        repository.insert(stored);
        assertEquals(stored, repository.find(new ProjectId("p-1")).orElseThrow());
    }

    @Test
    void anUnknownProjectIdIsNotFound() {
        assertTrue(repository.find(new ProjectId("nope")).isEmpty());
    }

    @Test
    void projectIdsCompareIgnoringCase() {
        repository.insert(workflow("Proj-A", ALICE, "a", T0));
        assertTrue(repository.find(new ProjectId("proj-a")).isPresent());
        assertThrows(WorkflowAlreadyExists.class, () -> repository.insert(workflow("PROJ-A", BOB, "b", T0)));
    }

    /** utf8mb4_general_ci takes every 4-byte character for every other, and é for e: ids that differ stay apart. */
    @Test
    void projectIdsThatDifferInAnythingButCaseAreDifferentWorkflows() {
        repository.insert(workflow("🤖-bot", ALICE, "robot", T0));
        repository.insert(workflow("🦾-bot", ALICE, "arm", T0));
        repository.insert(workflow("😀-bot", BOB, "smile", T0));
        repository.insert(workflow("café", ALICE, "accent", T0));
        repository.insert(workflow("cafe", BOB, "plain", T0));

        assertEquals("robot", repository.find(new ProjectId("🤖-bot")).orElseThrow().name());
        assertEquals("arm", repository.find(new ProjectId("🦾-bot")).orElseThrow().name());
        assertEquals(BOB, repository.find(new ProjectId("😀-bot")).orElseThrow().ownerId());
        assertEquals("accent", repository.find(new ProjectId("CAFÉ")).orElseThrow().name());
        assertEquals("plain", repository.find(new ProjectId("Cafe")).orElseThrow().name());
        assertTrue(repository.find(new ProjectId("🦿-bot")).isEmpty());
        assertThrows(WorkflowAlreadyExists.class, () -> repository.insert(workflow("CAFÉ", BOB, "again", T0)));
        assertTrue(repository.delete(new ProjectId("🦾-bot"), ALICE));
        assertEquals("robot", repository.find(new ProjectId("🤖-bot")).orElseThrow().name());
    }

    @Test
    void insertingAnExistingProjectIdFails() {
        repository.insert(workflow("p-1", ALICE, "a", T0));
        assertThrows(WorkflowAlreadyExists.class, () -> repository.insert(workflow("p-1", BOB, "b", T0)));
    }

    @Test
    void anUpdateReplacesTheStoredWorkflow() {
        Workflow original = workflow("p-1", ALICE, "a", T0);
        repository.insert(original);
        Workflow changed = original.apply(new WorkflowChanges("renamed", "renamed_en", "", "2.0", WorkflowStatus.INACTIVE, null),
                taken -> false, T0.plusSeconds(5));
        repository.update(changed);
        assertEquals(changed, repository.find(new ProjectId("p-1")).orElseThrow());
    }

    @Test
    void anUpdateFromAStaleRevisionIsRefused() {
        Workflow original = workflow("p-1", ALICE, "a", T0);
        repository.insert(original);
        repository.update(original.apply(new WorkflowChanges("first", null, null, null, null, null), t -> false, T0));
        Workflow stale = original.apply(new WorkflowChanges("second", null, null, null, null, null), t -> false, T0);
        assertThrows(ConcurrentUpdate.class, () -> repository.update(stale));
        assertEquals("first", repository.find(new ProjectId("p-1")).orElseThrow().name());
    }

    @Test
    void twoWorkflowsOfOneUserCannotShareAToolName() {
        repository.insert(workflow("p-1", ALICE, "same", T0));
        assertThrows(ToolNameTaken.class, () -> repository.insert(workflow("p-2", ALICE, "SAME", T0)));
        repository.insert(workflow("p-3", BOB, "same", T0));
    }

    @Test
    void toolNameTakenLooksOnlyAtOtherWorkflowsOfTheSameUser() {
        repository.insert(workflow("p-1", ALICE, "Tool", T0));
        assertTrue(repository.isToolNameTaken(ALICE, "tool", new ProjectId("p-2")));
        assertFalse(repository.isToolNameTaken(ALICE, "tool", new ProjectId("p-1")));
        assertFalse(repository.isToolNameTaken(BOB, "tool", new ProjectId("p-2")));
    }

    @Test
    void onlyTheOwnerDeletes() {
        repository.insert(workflow("p-1", ALICE, "a", T0));
        assertFalse(repository.delete(new ProjectId("p-1"), BOB));
        assertTrue(repository.delete(new ProjectId("p-1"), ALICE));
        assertFalse(repository.delete(new ProjectId("p-1"), ALICE));
        assertTrue(repository.find(new ProjectId("p-1")).isEmpty());
    }

    @Test
    void pagesAreNewestFirstWithTheTrueTotal() {
        for (int i = 1; i <= 5; i++) {
            repository.insert(workflow("p-" + i, ALICE, "wf " + i, T0.plusSeconds(i)));
        }
        repository.insert(workflow("b-1", BOB, "bob's", T0));
        var page = repository.page(ALICE, WorkflowFilter.ANY, new PageRequest(2, 2));
        assertEquals(5, page.total());
        assertEquals(List.of("p-3", "p-2"), page.records().stream().map(w -> w.projectId().value()).toList());
        assertEquals(0, repository.page(ALICE, WorkflowFilter.ANY, new PageRequest(4, 2)).records().size());
    }

    /** Ids that MariaDB's old collation took for one another, made in one millisecond: the exact key orders them. */
    @Test
    void pagesAfterAPositionGiveEveryWorkflowOnceEvenThoseMadeInTheSameMillisecond() {
        List<String> made = List.of("🤖-bot", "🦾-bot", "Café", "cafe", "p-1", "p-2", "p-3");
        for (int i = 0; i < made.size(); i++) {
            repository.insert(workflow(made.get(i), ALICE, "wf " + i, i < 4 ? T0 : T0.plusSeconds(i)));
        }
        List<String> seen = new java.util.ArrayList<>();
        var page = repository.page(ALICE, WorkflowFilter.ANY, new PageRequest(1, 2));
        seen.addAll(page.records().stream().map(w -> w.projectId().value()).toList());
        while (page.next() != null) {
            page = repository.page(ALICE, WorkflowFilter.ANY,
                    org.astronrpa.openapi.domain.shared.PageRequest.after(page.next(), 2));
            seen.addAll(page.records().stream().map(w -> w.projectId().value()).toList());
            assertEquals(7, page.total());
        }
        assertEquals(List.of("p-3", "p-2", "p-1"), seen.subList(0, 3), "newest first");
        assertEquals(new java.util.HashSet<>(made), new java.util.HashSet<>(seen));
        assertEquals(made.size(), seen.size(), "each once: " + seen);
    }

    @Test
    void pagesFilterByStatusAndBySubstringOfEitherName() {
        repository.insert(workflow("p-1", ALICE, "Invoice robot", T0));
        Workflow second = workflow("p-2", ALICE, "Mailer", T0.plusSeconds(1));
        repository.insert(second);
        repository.update(second.apply(new WorkflowChanges(null, "invoice_mailer", null, null, WorkflowStatus.INACTIVE, null),
                t -> false, T0.plusSeconds(2)));
        repository.insert(workflow("p-3", ALICE, "Other", T0.plusSeconds(3)));

        var invoices = repository.page(ALICE, new WorkflowFilter(null, "INVOICE"), PageRequest.FIRST);
        assertEquals(List.of("p-2", "p-1"), invoices.records().stream().map(w -> w.projectId().value()).toList());
        assertEquals(2, invoices.total());
        var inactive = repository.page(ALICE, new WorkflowFilter(WorkflowStatus.INACTIVE, null), PageRequest.FIRST);
        assertEquals(List.of("p-2"), inactive.records().stream().map(w -> w.projectId().value()).toList());
        var activeInvoices = repository.page(ALICE, new WorkflowFilter(WorkflowStatus.ACTIVE, "voice"), PageRequest.FIRST);
        assertEquals(1, activeInvoices.total());
    }

    @Test
    void aSearchTreatsLikeWildcardsAsPlainCharacters() {
        repository.insert(workflow("p-1", ALICE, "100% done", T0));
        repository.insert(workflow("p-2", ALICE, "1000 done", T0));
        repository.insert(workflow("p-3", ALICE, "a_b", T0));
        repository.insert(workflow("p-4", ALICE, "axb", T0));
        assertEquals(1, repository.page(ALICE, new WorkflowFilter(null, "0%"), PageRequest.FIRST).total());
        assertEquals(1, repository.page(ALICE, new WorkflowFilter(null, "a_b"), PageRequest.FIRST).total());
    }

    @Test
    void anAllowListNarrowsThePageAndItsTotalComparingIdsCaseInsensitively() {
        repository.insert(workflow("Inv-1", ALICE, "Invoice", T0));
        repository.insert(workflow("p-2", ALICE, "Payroll", T0.plusSeconds(1)));
        repository.insert(workflow("p-3", ALICE, "Hidden", T0.plusSeconds(2)));
        repository.insert(workflow("p-9", BOB, "Bobs", T0.plusSeconds(3)));
        WorkflowFilter allowed = WorkflowFilter.ANY.within(List.of(new org.astronrpa.openapi.domain.workflow.ProjectId(
                "inv-1"), new org.astronrpa.openapi.domain.workflow.ProjectId("P-2"),
                new org.astronrpa.openapi.domain.workflow.ProjectId("p-9")));
        var page = repository.page(ALICE, allowed, PageRequest.FIRST);
        assertEquals(List.of("p-2", "Inv-1"), page.records().stream().map(w -> w.projectId().value()).toList());
        assertEquals(2, page.total(), "another owner's workflow in the list is still not alice's");
        var second = repository.page(ALICE, allowed, new PageRequest(2, 1));
        assertEquals(List.of("Inv-1"), second.records().stream().map(w -> w.projectId().value()).toList());
        assertEquals(1, repository.page(ALICE, new WorkflowFilter(null, "pay").within(List.of(
                new org.astronrpa.openapi.domain.workflow.ProjectId("p-2"),
                new org.astronrpa.openapi.domain.workflow.ProjectId("p-3"))), PageRequest.FIRST).total());
    }
}
