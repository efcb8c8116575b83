package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ExecutionRepository} must do; subclassed once per adapter. */
public abstract class ExecutionRepositoryContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00.125Z");

    private ExecutionRepository repository;

    /** A repository with no executions in it. */
    protected abstract ExecutionRepository emptyRepository();

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
    }

    private static Execution pending(String id, UserId owner, String project, Instant at) {
        return Execution.accept(new ExecutionId(id), new ProjectId(project), owner,
                "{\"name\":\"发票\",\"n\":1}", null, new ExecutionTimeout(600), Duration.ofSeconds(60), at);
    }

    @Test
    void anInsertedExecutionIsFoundWithEveryField() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        assertEquals(e, repository.find(new ExecutionId("e-1")).orElseThrow());
        assertTrue(repository.find(new ExecutionId("nope")).isEmpty());
    }

    @Test
    void everyTransitionRoundTripsWithAllItsFields() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        Execution running = e.dispatch("conn-7", "ev-7", T0.plusMillis(1500));
        repository.update(running);
        assertEquals(running, repository.find(e.id()).orElseThrow());
        Execution done = running.finish(new RobotReply.ObjectReply("0000", "", "{\"rows\":[1,2],\"big\":\"" + "x".repeat(70_000) + "\"}"),
                T0.plusSeconds(9));
        repository.update(done);
        assertEquals(done, repository.find(e.id()).orElseThrow());
    }

    @Test
    void anUpdateFromAStaleVersionIsALostRaceAndChangesNothing() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        repository.update(e.cancel(T0));
        assertThrows(ConcurrentUpdate.class, () -> repository.update(e.dispatch("r", "ev", T0)));
        assertEquals(ExecutionStatus.CANCELLED, repository.find(e.id()).orElseThrow().status());
    }

    @Test
    void anUpdateOfAnExecutionNeverStoredIsALostRace() {
        Execution never = pending("e-9", ALICE, "p-1", T0);
        assertThrows(ConcurrentUpdate.class, () -> repository.update(never.cancel(T0)));
        assertTrue(repository.find(never.id()).isEmpty());
    }

    @Test
    void aReplyFindsItsExecutionByTheEventIdOfTheRun() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        repository.update(e.dispatch("r", "ev-42", T0));
        assertEquals("e-1", repository.findByEventId("ev-42").orElseThrow().id().value());
        assertTrue(repository.findByEventId("ev-43").isEmpty());
    }

    @Test
    void pagesAreTheOwnersNewestFirstFilteredByProjectAndStatus() {
        repository.insert(pending("e-1", ALICE, "p-1", T0));
        repository.insert(pending("e-2", ALICE, "p-2", T0.plusSeconds(1)));
        Execution third = pending("e-3", ALICE, "p-1", T0.plusSeconds(2));
        repository.insert(third);
        repository.update(third.cancel(T0.plusSeconds(3)));
        repository.insert(pending("b-1", BOB, "b-p", T0));

        var all = repository.page(ALICE, ExecutionFilter.ANY, PageRequest.FIRST);
        assertEquals(3, all.total());
        assertEquals(List.of("e-3", "e-2", "e-1"), all.records().stream().map(x -> x.id().value()).toList());
        var p1 = repository.page(ALICE, new ExecutionFilter(new ProjectId("P-1"), null), new PageRequest(1, 1));
        assertEquals(2, p1.total());
        assertEquals(List.of("e-3"), p1.records().stream().map(x -> x.id().value()).toList());
        var pendingP1 = repository.page(ALICE, new ExecutionFilter(new ProjectId("p-1"), ExecutionStatus.PENDING), PageRequest.FIRST);
        assertEquals(List.of("e-1"), pendingP1.records().stream().map(x -> x.id().value()).toList());
    }

    @Test
    void theProjectFilterIgnoresCaseButNothingElse() {
        repository.insert(pending("e-1", ALICE, "🤖-bot", T0));
        repository.insert(pending("e-2", ALICE, "🦾-bot", T0.plusSeconds(1)));
        repository.insert(pending("e-3", ALICE, "Café", T0.plusSeconds(2)));
        repository.insert(pending("e-4", ALICE, "cafe", T0.plusSeconds(3)));

        assertEquals(List.of("e-1"), ids(new ExecutionFilter(new ProjectId("🤖-bot"), null)));
        assertEquals(List.of("e-2"), ids(new ExecutionFilter(new ProjectId("🦾-BOT"), null)));
        assertEquals(List.of("e-3"), ids(new ExecutionFilter(new ProjectId("CAFÉ"), null)));
        assertEquals(List.of("e-4"), ids(new ExecutionFilter(new ProjectId("CAFE"), ExecutionStatus.PENDING)));
    }

    private List<String> ids(ExecutionFilter filter) {
        return repository.page(ALICE, filter, PageRequest.FIRST).records().stream().map(e -> e.id().value()).toList();
    }

    @Test
    void theQueueHeadIsTheOwnersOldestPendingExecution() {
        Execution first = pending("e-1", ALICE, "p", T0);
        repository.insert(first);
        repository.insert(pending("e-2", ALICE, "p", T0.plusMillis(1)));
        repository.insert(pending("b-1", BOB, "p", T0.minusSeconds(5)));
        assertEquals("e-1", repository.oldestPending(ALICE).orElseThrow().id().value());
        repository.update(first.dispatch("r", "ev", T0));
        assertEquals("e-2", repository.oldestPending(ALICE).orElseThrow().id().value());
        assertEquals(List.of("alice", "bob"), repository.ownersWithPending(null, 10).stream().map(UserId::value).toList());
        assertEquals(List.of("alice"), repository.ownersWithPending(null, 1).stream().map(UserId::value).toList());
        assertEquals(List.of("bob"), repository.ownersWithPending(ALICE, 10).stream().map(UserId::value).toList(),
                "paged: the owners after the last one seen");
        assertEquals(List.of(), repository.ownersWithPending(BOB, 10));
    }

    @Test
    void runningExecutionsOfAnOwnerComeEarliestDispatchFirst() {
        Execution late = pending("e-1", ALICE, "p", T0);
        Execution early = pending("e-2", ALICE, "p", T0.plusSeconds(1));
        Execution bobs = pending("b-1", BOB, "p", T0);
        Execution queued = pending("e-3", ALICE, "p", T0);
        List.of(late, early, bobs, queued).forEach(repository::insert);
        repository.update(late.dispatch("r1", "ev1", T0.plusSeconds(9)));
        repository.update(early.dispatch("r2", "ev2", T0.plusSeconds(3)));
        repository.update(bobs.dispatch("r3", "ev3", T0.plusSeconds(1)));
        assertEquals(List.of("e-2", "e-1"), repository.running(ALICE, 10).stream().map(x -> x.id().value()).toList());
        assertEquals(List.of("e-2"), repository.running(ALICE, 1).stream().map(x -> x.id().value()).toList());
        assertEquals(List.of(), repository.running(new UserId("nobody"), 10));
    }

    @Test
    void overdueExecutionsAreThoseWhoseDeadlinePassedOldestFirst() {
        Execution waiting = pending("e-1", ALICE, "p", T0);          // deadline T0+60s
        Execution running = pending("e-2", ALICE, "p", T0);
        repository.insert(waiting);
        repository.insert(running);
        repository.update(running.dispatch("r", "ev", T0.plusSeconds(1)));   // deadline T0+601s
        Execution finished = pending("e-3", ALICE, "p", T0);
        repository.insert(finished);
        repository.update(finished.fail(ErrorCode.ROBOT_OFFLINE, "no robot", T0));

        assertTrue(repository.overdue(T0.plusSeconds(59), 10).isEmpty());
        assertEquals(List.of("e-1"), repository.overdue(T0.plusSeconds(60), 10).stream().map(x -> x.id().value()).toList());
        assertEquals(List.of("e-1", "e-2"), repository.overdue(T0.plusSeconds(601), 10).stream().map(x -> x.id().value()).toList());
        assertEquals(1, repository.overdue(T0.plusSeconds(601), 1).size());
    }

    @Test
    void statusesAreCounted() {
        repository.insert(pending("e-1", ALICE, "p", T0));
        Execution e = pending("e-2", ALICE, "p", T0);
        repository.insert(e);
        repository.update(e.cancel(T0));
        Map<ExecutionStatus, Long> counts = repository.countByStatus();
        assertEquals(1L, counts.get(ExecutionStatus.PENDING));
        assertEquals(1L, counts.get(ExecutionStatus.CANCELLED));
        assertEquals(0L, counts.getOrDefault(ExecutionStatus.RUNNING, 0L));
    }
}
