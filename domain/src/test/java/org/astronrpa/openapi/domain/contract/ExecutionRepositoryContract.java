package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
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
    void theWorkflowRevisionItWasStartedForIsKeptThroughItsChangesAndMayBeUnknown() {
        Execution e = pending("e-1", ALICE, "p-1", T0).forRevision(7);
        repository.insertAll(java.util.List.of(e, pending("e-2", ALICE, "p-1", T0)));
        Execution running = e.dispatch("conn-7", "ev-7", T0.plusMillis(1500));
        repository.update(e, running);

        assertEquals(7L, repository.find(e.id()).orElseThrow().workflowRevision());
        assertEquals(running, repository.find(e.id()).orElseThrow());
        assertEquals(null, repository.find(new ExecutionId("e-2")).orElseThrow().workflowRevision(), "stored before");
    }

    @Test
    void theStopEvidenceOfARunIsKept() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        Execution running = e.dispatch("conn-7", "ev-7", T0.plusMillis(1500), true);
        repository.update(e, running);
        assertEquals(running, repository.find(e.id()).orElseThrow());
        Execution cancelled = running.cancel(T0.plusSeconds(3));
        repository.update(running, cancelled);
        Execution confirmed = cancelled.confirmStop(T0.plusMillis(4250)).orElseThrow();
        repository.update(cancelled, confirmed);

        Execution found = repository.find(e.id()).orElseThrow();
        assertEquals(confirmed, found);
        assertEquals(new org.astronrpa.openapi.domain.execution.StopEvidence(true, T0.plusMillis(4250)), found.stop());
    }

    @Test
    void everyTransitionRoundTripsWithAllItsFields() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        Execution running = e.dispatch("conn-7", "ev-7", T0.plusMillis(1500));
        repository.update(e, running);
        assertEquals(running, repository.find(e.id()).orElseThrow());
        Execution done = running.finish(new RobotReply.ObjectReply("0000", "", "{\"rows\":[1,2],\"big\":\"" + "x".repeat(70_000) + "\"}"),
                T0.plusSeconds(9));
        repository.update(running, done);
        assertEquals(done, repository.find(e.id()).orElseThrow());
    }

    @Test
    void anUpdateFromAStaleVersionIsALostRaceAndChangesNothing() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        repository.update(e, e.cancel(T0));
        assertThrows(ConcurrentUpdate.class, () -> repository.update(e, e.dispatch("r", "ev", T0)));
        assertEquals(ExecutionStatus.CANCELLED, repository.find(e.id()).orElseThrow().status());
    }

    @Test
    void anUpdateOfAnExecutionNeverStoredIsALostRace() {
        Execution never = pending("e-9", ALICE, "p-1", T0);
        assertThrows(ConcurrentUpdate.class, () -> repository.update(never, never.cancel(T0)));
        assertTrue(repository.find(never.id()).isEmpty());
    }

    @Test
    void aReplyFindsItsExecutionByTheEventIdOfTheRun() {
        Execution e = pending("e-1", ALICE, "p-1", T0);
        repository.insert(e);
        repository.update(e, e.dispatch("r", "ev-42", T0));
        assertEquals("e-1", repository.findByEventId("ev-42").orElseThrow().id().value());
        assertTrue(repository.findByEventId("ev-43").isEmpty());
    }

    @Test
    void pagesAreTheOwnersNewestFirstFilteredByProjectAndStatus() {
        repository.insert(pending("e-1", ALICE, "p-1", T0));
        repository.insert(pending("e-2", ALICE, "p-2", T0.plusSeconds(1)));
        Execution third = pending("e-3", ALICE, "p-1", T0.plusSeconds(2));
        repository.insert(third);
        repository.update(third, third.cancel(T0.plusSeconds(3)));
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
        repository.update(first, first.dispatch("r", "ev", T0));
        assertEquals("e-2", repository.oldestPending(ALICE).orElseThrow().id().value());
        assertEquals(List.of("alice", "bob"), repository.ownersWithPending(null, 10).stream().map(UserId::value).toList());
        assertEquals(List.of("alice"), repository.ownersWithPending(null, 1).stream().map(UserId::value).toList());
        assertEquals(List.of("bob"), repository.ownersWithPending(ALICE, 10).stream().map(UserId::value).toList(),
                "paged: the owners after the last one seen");
        assertEquals(List.of(), repository.ownersWithPending(BOB, 10));
    }

    @Test
    void anOwnerWithPendingExecutionsOfSeveralWorkflowsIsListedOnceAndNoLongerOnceNoneIsPending() {
        Execution one = pending("c-1", ALICE, "p", T0);
        Execution two = pending("c-2", ALICE, "q", T0.plusMillis(1));
        repository.insert(one);
        repository.insert(two);
        repository.insert(pending("b-1", BOB, "p", T0));
        assertEquals(List.of("alice", "bob"), repository.ownersWithPending(null, 10).stream().map(UserId::value).toList());

        repository.update(one, one.dispatch("r", "ev-1", T0));
        assertEquals(List.of("alice", "bob"), repository.ownersWithPending(null, 10).stream().map(UserId::value).toList());
        repository.update(two, two.dispatch("r", "ev-2", T0));
        assertEquals(List.of("bob"), repository.ownersWithPending(null, 10).stream().map(UserId::value).toList(),
                "alice has none pending once both were handed to a robot");
    }

    @Test
    void theQueueIsReadByTargetEachTargetWithItsOldestAndTheTargetIsStoredExactly() {
        var desk = org.astronrpa.openapi.domain.robot.RobotTarget.robot(new org.astronrpa.openapi.domain.robot.RobotId("Desk-1"));
        var lower = org.astronrpa.openapi.domain.robot.RobotTarget.robot(new org.astronrpa.openapi.domain.robot.RobotId("desk-1"));
        var windows = org.astronrpa.openapi.domain.robot.RobotTarget.labels(org.astronrpa.openapi.domain.robot.RobotLabels.of(
                "target.labels", java.util.Map.of("os", "windows", "site", "paris")));
        Execution any = pending("e-1", ALICE, "p", T0.plusSeconds(3));
        Execution forDesk = targeted("e-2", T0.plusSeconds(2), desk);
        Execution forDeskLater = targeted("e-3", T0.plusSeconds(4), desk);
        Execution forLower = targeted("e-4", T0.plusSeconds(5), lower);
        Execution forWindows = targeted("e-5", T0.plusSeconds(1), windows);
        Execution dispatched = targeted("e-6", T0, windows);
        List.of(any, forDesk, forDeskLater, forLower, forWindows, dispatched).forEach(repository::insert);
        repository.insert(pending("b-1", BOB, "p", T0.minusSeconds(9)));
        repository.update(dispatched, dispatched.dispatch("r", "ev", T0));

        assertEquals(windows, repository.find(new ExecutionId("e-5")).orElseThrow().target());
        assertEquals(List.of(windows, desk, org.astronrpa.openapi.domain.robot.RobotTarget.ANY, lower),
                repository.pendingTargets(ALICE, 10).stream().map(ExecutionRepository.QueuedTarget::target).toList());
        assertEquals(T0.plusSeconds(2), repository.pendingTargets(ALICE, 10).get(1).oldestStart());
        assertEquals(2, repository.pendingTargets(ALICE, 2).size());
        assertEquals("e-2", repository.oldestPending(ALICE, desk).orElseThrow().id().value());
        assertEquals("e-4", repository.oldestPending(ALICE, lower).orElseThrow().id().value(), "robot ids are exact");
        assertEquals("e-1", repository.oldestPending(ALICE, org.astronrpa.openapi.domain.robot.RobotTarget.ANY)
                .orElseThrow().id().value());
        assertEquals(java.util.Optional.empty(), repository.oldestPending(BOB, desk));
        assertEquals("e-5", repository.oldestPending(ALICE).orElseThrow().id().value(), "the head whatever its target");

        assertEquals(java.util.Map.of(windows, 1L, desk, 2L, org.astronrpa.openapi.domain.robot.RobotTarget.ANY, 1L,
                lower, 1L), repository.pendingByTarget(ALICE));
        assertEquals(java.util.Map.of(org.astronrpa.openapi.domain.robot.RobotTarget.ANY, 1L), repository.pendingByTarget(BOB));
        assertEquals(List.of(new ExecutionRepository.TargetDepth(org.astronrpa.openapi.domain.robot.RobotTarget.ANY, 2),
                        new ExecutionRepository.TargetDepth(desk, 2)), repository.deepestTargets(2),
                "all owners counted, deepest first (ties by key)");
    }

    @Test
    void aBatchIsListedByItsIdNewestFirstAndIsStoredWithEachExecution() {
        Execution a = pending("e-1", ALICE, "p", T0).inBatch("b-1");
        Execution b = pending("e-2", ALICE, "p", T0.plusSeconds(1)).inBatch("b-1");
        Execution other = pending("e-3", ALICE, "p", T0.plusSeconds(2)).inBatch("b-2");
        Execution alone = pending("e-4", ALICE, "p", T0.plusSeconds(3));
        Execution bobs = pending("b-1", BOB, "p", T0).inBatch("b-1");
        List.of(a, b, other, alone, bobs).forEach(repository::insert);
        repository.update(a, a.dispatch("r", "ev", T0.plusSeconds(5)));

        ExecutionFilter batch = new ExecutionFilter(null, java.util.Set.of(), null, null, null, null, "b-1");
        var page = repository.page(ALICE, batch, new org.astronrpa.openapi.domain.shared.PageRequest(1, 10));
        assertEquals(List.of("e-2", "e-1"), page.records().stream().map(e -> e.id().value()).toList());
        assertEquals("b-1", page.records().get(1).batchId(), "kept through a change");
        assertEquals(null, repository.find(new ExecutionId("e-4")).orElseThrow().batchId());
        var ranged = repository.page(ALICE, new ExecutionFilter(null, java.util.Set.of(), null, null, T0.plusMillis(500),
                null, "b-1"), new org.astronrpa.openapi.domain.shared.PageRequest(1, 10));
        assertEquals(List.of("e-2"), ranged.records().stream().map(e -> e.id().value()).toList());
    }

    private static Execution targeted(String id, Instant at, org.astronrpa.openapi.domain.robot.RobotTarget target) {
        return Execution.accept(new ExecutionId(id), new ProjectId("p"), ALICE, "{}", null, new ExecutionTimeout(600),
                Duration.ofSeconds(60), at, target);
    }

    @Test
    void runningExecutionsOfAnOwnerComeEarliestDispatchFirst() {
        Execution late = pending("e-1", ALICE, "p", T0);
        Execution early = pending("e-2", ALICE, "p", T0.plusSeconds(1));
        Execution bobs = pending("b-1", BOB, "p", T0);
        Execution queued = pending("e-3", ALICE, "p", T0);
        List.of(late, early, bobs, queued).forEach(repository::insert);
        repository.update(late, late.dispatch("r1", "ev1", T0.plusSeconds(9)));
        repository.update(early, early.dispatch("r2", "ev2", T0.plusSeconds(3)));
        repository.update(bobs, bobs.dispatch("r3", "ev3", T0.plusSeconds(1)));
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
        repository.update(running, running.dispatch("r", "ev", T0.plusSeconds(1)));   // deadline T0+601s
        Execution finished = pending("e-3", ALICE, "p", T0);
        repository.insert(finished);
        repository.update(finished, finished.fail(ErrorCode.ROBOT_OFFLINE, "no robot", T0));

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
        repository.update(e, e.cancel(T0));
        Map<ExecutionStatus, Long> counts = repository.countByStatus();
        assertEquals(1L, counts.get(ExecutionStatus.PENDING));
        assertEquals(1L, counts.get(ExecutionStatus.CANCELLED));
        assertEquals(0L, counts.getOrDefault(ExecutionStatus.RUNNING, 0L));
    }

    private static List<String> idsOf(Page<Execution> page) {
        return page.records().stream().map(e -> e.id().value()).toList();
    }

    /** Every page after the first by the position the one before gave, until none follows. */
    private List<String> allByPosition(UserId owner, ExecutionFilter filter, int size, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        Page<Execution> page = repository.page(owner, filter, new PageRequest(1, size));
        seen.addAll(idsOf(page));
        while (page.next() != null) {
            betweenPages.run();
            page = repository.page(owner, filter, PageRequest.after(page.next(), size));
            seen.addAll(idsOf(page));
        }
        return seen;
    }

    @Test
    void pagesByPositionGiveEveryExecutionOnceNewestFirstWhileNewerOnesArrive() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // every third one shares its millisecond with the one before: the id orders them
            Instant at = T0.plusMillis(i - i / 3);
            repository.insert(pending(String.format("e-%02d", i), ALICE, "p-" + (i % 2), at));
            expected.add(0, String.format("e-%02d", i));
        }
        int[] arriving = {0};
        List<String> seen = allByPosition(ALICE, ExecutionFilter.ANY, 5, () -> repository.insert(
                pending("new-" + arriving[0]++, ALICE, "p-0", T0.plusSeconds(60 + arriving[0]))));
        List<Execution> stored = expected.stream().map(id -> repository.find(new ExecutionId(id)).orElseThrow())
                .sorted(java.util.Comparator.comparing(Execution::startTime).thenComparing(e -> e.id().value())
                        .reversed()).toList();
        assertEquals(stored.stream().map(e -> e.id().value()).toList(), seen,
                "each execution that was there once, newest first; those started meanwhile are ahead of the first page");
        assertEquals(4, arriving[0], "five pages, four between them");
        Page<Execution> last = repository.page(ALICE, ExecutionFilter.ANY,
                PageRequest.after(new Position(T0.minusSeconds(1), "zzz"), 5));
        assertEquals(List.of(), last.records());
        assertEquals(null, last.next(), "nothing after the end");
    }

    @Test
    void theLastPageSaysNothingFollowsAndAFullOneThatMoreDoes() {
        for (int i = 0; i < 4; i++) {
            repository.insert(pending("e-" + i, ALICE, "p", T0.plusSeconds(i)));
        }
        Page<Execution> first = repository.page(ALICE, ExecutionFilter.ANY, new PageRequest(1, 2));
        assertEquals(new Position(T0.plusSeconds(2), "e-2"), first.next());
        Page<Execution> second = repository.page(ALICE, ExecutionFilter.ANY, PageRequest.after(first.next(), 2));
        assertEquals(List.of("e-1", "e-0"), idsOf(second));
        assertEquals(null, second.next(), "exactly full, and nothing after it");
        assertEquals(null, repository.page(ALICE, ExecutionFilter.ANY, new PageRequest(1, 4)).next());
        assertEquals(4L, second.total());
    }

    @Test
    void severalStatusesAreOneListNewestFirstByNumberAndByPosition() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Execution e = pending("e-" + (char) ('a' + i), ALICE, "p-" + (i % 3), T0.plusSeconds(i));
            repository.insert(e);
            switch (i % 4) {
                case 0 -> repository.update(e, e.cancel(T0.plusSeconds(i)));
                case 1 -> {
                    Execution running = e.dispatch("robot-" + (i % 2), "ev-" + i, T0.plusSeconds(i));
                    repository.update(e, running);
                    repository.update(running, running.fail(ErrorCode.ROBOT_ERROR, "x", T0.plusSeconds(i + 1)));
                }
                case 2 -> repository.update(e, e.dispatch("robot-" + (i % 2), "ev-" + i, T0.plusSeconds(i)));
                default -> {
                }
            }
            if (i % 4 == 0 || i % 4 == 1) {
                expected.add(0, e.id().value());
            }
        }
        ExecutionFilter endedBadly = new ExecutionFilter(null, EnumSet.of(ExecutionStatus.CANCELLED,
                ExecutionStatus.FAILED), null, null, null, null);
        Page<Execution> byNumber = repository.page(ALICE, endedBadly, new PageRequest(2, 2));
        assertEquals(expected.subList(2, 4), idsOf(byNumber));
        assertEquals(6L, byNumber.total());
        assertEquals(expected, allByPosition(ALICE, endedBadly, 4, () -> {
        }));
        ExecutionFilter ofP1 = new ExecutionFilter(new ProjectId("P-1"), EnumSet.of(ExecutionStatus.CANCELLED,
                ExecutionStatus.FAILED, ExecutionStatus.RUNNING), null, null, null, null);
        assertEquals(List.of("e-k", "e-e", "e-b"), idsOf(repository.page(ALICE, ofP1, PageRequest.FIRST)),
                "p-1's are i = 1 (failed), 4 (cancelled), 7 (pending) and 10 (running)");
        assertEquals(3L, repository.page(ALICE, ofP1, PageRequest.FIRST).total());
    }

    @Test
    void aRobotAnErrorCodeAndAStartTimeRangeNarrowTheListWithoutATotal() {
        for (int i = 0; i < 8; i++) {
            Execution e = pending("e-" + i, ALICE, "p", T0.plusSeconds(i));
            repository.insert(e);
            Execution running = e.dispatch(i % 2 == 0 ? "robot-even" : "robot-odd", "ev-" + i, T0.plusSeconds(i));
            repository.update(e, running);
            if (i >= 4) {
                repository.update(running, running.fail(i == 7 ? ErrorCode.TIMEOUT : ErrorCode.ROBOT_ERROR, "x",
                        T0.plusSeconds(20)));
            }
        }
        Page<Execution> even = repository.page(ALICE, new ExecutionFilter(null, Set.of(), "robot-even", null, null,
                null), PageRequest.FIRST);
        assertEquals(List.of("e-6", "e-4", "e-2", "e-0"), idsOf(even));
        assertEquals(null, even.total(), "a robot's executions are not counted");
        assertEquals(List.of("e-7"), idsOf(repository.page(ALICE, new ExecutionFilter(null, Set.of(), null,
                ErrorCode.TIMEOUT, null, null), PageRequest.FIRST)));
        Page<Execution> window = repository.page(ALICE, new ExecutionFilter(null, Set.of(), null, null,
                T0.plusSeconds(2), T0.plusSeconds(5)), new PageRequest(1, 2));
        assertEquals(List.of("e-4", "e-3"), idsOf(window), "from started_after, before started_before");
        assertEquals(List.of("e-2"), idsOf(repository.page(ALICE, new ExecutionFilter(null, Set.of(), null, null,
                T0.plusSeconds(2), T0.plusSeconds(5)), PageRequest.after(window.next(), 2))));
        assertEquals(List.of("e-5", "e-3", "e-1"), idsOf(repository.page(ALICE, new ExecutionFilter(null, Set.of(),
                "robot-odd", null, null, T0.plusSeconds(7)), PageRequest.FIRST)));
        assertEquals(List.of(), idsOf(repository.page(BOB, new ExecutionFilter(null, Set.of(), "robot-odd", null,
                null, null), PageRequest.FIRST)), "another owner's robot of the same name");
    }

    /**
     * Random starts, transitions and purges over three owners and three workflows: after each round, the total of
     * every counted filter equals what the executions themselves say.
     */
    @Test
    void totalsAreTheCountOfWhatMatchesAfterRandomStartsTransitionsAndPurges() {
        Random random = new Random(12);
        List<UserId> owners = List.of(ALICE, BOB, new UserId("carol"));
        Map<String, Execution> all = new LinkedHashMap<>();
        int made = 0;
        for (int round = 0; round < 6; round++) {
            for (int step = 0; step < 40; step++) {
                List<Execution> live = all.values().stream().filter(e -> !e.status().isTerminal()).toList();
                if (random.nextInt(10) == 0) {
                    purgeFinished(T0.plusMillis(random.nextInt(7_000)), T0.plusSeconds(3_600),
                            1 + random.nextInt(3)).forEach(id -> all.remove(id.value()));
                    continue;
                }
                if (live.isEmpty() || random.nextInt(3) == 0) {
                    Execution e = pending("r-" + made++, owners.get(random.nextInt(3)), "p-" + random.nextInt(3),
                            T0.plusMillis(random.nextInt(5_000)));
                    repository.insert(e);
                    all.put(e.id().value(), e);
                    continue;
                }
                Execution current = live.get(random.nextInt(live.size()));
                Instant at = current.startTime().plusSeconds(1);
                Execution next = switch (current.status()) {
                    case PENDING -> switch (random.nextInt(3)) {
                        case 0 -> current.dispatch("robot", "ev-" + current.id().value(), at);
                        case 1 -> current.cancel(at);
                        default -> current.fail(ErrorCode.ROBOT_OFFLINE, "none", at);
                    };
                    default -> switch (random.nextInt(3)) {
                        case 0 -> current.finish(new RobotReply.ObjectReply("0000", "", "{}"), at);
                        case 1 -> current.cancel(at);
                        default -> current.fail(ErrorCode.ROBOT_ERROR, "x", at);
                    };
                };
                repository.update(current, next);
                all.put(next.id().value(), next);
            }
            for (UserId owner : owners) {
                for (int check = 0; check < 6; check++) {
                    ProjectId project = random.nextBoolean() ? null : new ProjectId("p-" + random.nextInt(3));
                    Set<ExecutionStatus> statuses = new HashSet<>();
                    for (ExecutionStatus status : ExecutionStatus.values()) {
                        if (random.nextInt(3) == 0) {
                            statuses.add(status);
                        }
                    }
                    ExecutionFilter filter = new ExecutionFilter(project, statuses, null, null, null, null);
                    long expected = all.values().stream().filter(e -> e.isOwnedBy(owner) && filter.matches(e)).count();
                    assertEquals(Long.valueOf(expected), repository.page(owner, filter, PageRequest.FIRST).total(),
                            "round " + round + ", " + owner.value() + ", " + filter);
                }
            }
        }
        Map<ExecutionStatus, Long> byStatus = repository.countByStatus();
        assertTrue(made > all.size(), "some were purged: " + made + " made, " + all.size() + " left");
        for (ExecutionStatus status : ExecutionStatus.values()) {
            assertEquals(all.values().stream().filter(e -> e.status() == status).count(),
                    byStatus.getOrDefault(status, 0L), status.name());
        }
    }

    private Execution finished(String id, UserId owner, String project, Instant start, Instant end) {
        Execution e = pending(id, owner, project, start);
        repository.insert(e);
        Execution done = e.cancel(end);
        repository.update(e, done);
        return done;
    }

    /** One batch of the purge as PurgeHistory runs it: the due ids, then those of them deleted. */
    private List<ExecutionId> purgeFinished(Instant endedBefore, Instant startedBefore, int limit) {
        return repository.purge(repository.dueForPurge(endedBefore, startedBefore, limit), endedBefore,
                startedBefore);
    }

    /**
     * The purge deletes only what is due when it locks: ids it is given that are live, recent, started late, unknown
     * or already purged are left (and counted) as they are.
     */
    @Test
    void thePurgeDeletesOnlyThoseOfTheGivenIdsThatAreStillDue() {
        Instant day = T0.plus(Duration.ofDays(1));
        finished("old-1", ALICE, "p", T0, T0.plusSeconds(5));
        finished("old-2", ALICE, "p", T0.plusSeconds(1), T0.plusSeconds(6));
        Execution running = pending("live", ALICE, "p", T0);
        repository.insert(running);
        repository.update(running, running.dispatch("r", "ev", T0));
        finished("recent", ALICE, "p", T0.plusSeconds(3), day.plusSeconds(10));
        finished("started-late", ALICE, "p", day, day.plusSeconds(1));
        List<ExecutionId> due = repository.dueForPurge(day.plusSeconds(5), day, 10);
        assertEquals(List.of("old-1", "old-2"), due.stream().map(ExecutionId::value).toList());
        assertEquals(List.of("old-2"), repository.purge(List.of(new ExecutionId("old-2")), day.plusSeconds(5), day)
                .stream().map(ExecutionId::value).toList());

        List<ExecutionId> given = List.of(new ExecutionId("live"), new ExecutionId("recent"),
                new ExecutionId("started-late"), new ExecutionId("unknown"), new ExecutionId("old-2"),
                new ExecutionId("old-1"));
        assertEquals(List.of("old-1"), repository.purge(given, day.plusSeconds(5), day).stream()
                .map(ExecutionId::value).toList(), "only the one still due; old-2 is gone already");
        assertEquals(List.of(), repository.purge(List.of(), day.plusSeconds(5), day));
        assertTrue(repository.find(running.id()).isPresent(), "never a RUNNING one");
        assertEquals(3L, repository.page(ALICE, ExecutionFilter.ANY, PageRequest.FIRST).total(),
                "each purged execution counted down once");
        assertEquals(2L, repository.countByStatus().get(ExecutionStatus.CANCELLED));
    }

    @Test
    void thePurgeDeletesFinishedExecutionsOldestEndFirstAndOnlyThoseDueAndTheCountsFollow() {
        Instant day = T0.plus(Duration.ofDays(1));
        Execution oldest = finished("old-1", ALICE, "p", T0, T0.plusSeconds(5));
        finished("old-2", ALICE, "p", T0.plusSeconds(1), T0.plusSeconds(6));
        finished("old-3", BOB, "q", T0.plusSeconds(2), T0.plusSeconds(7));
        Execution stillPending = pending("live-1", ALICE, "p", T0);
        repository.insert(stillPending);
        Execution running = pending("live-2", ALICE, "p", T0);
        repository.insert(running);
        repository.update(running, running.dispatch("r", "ev", T0));
        finished("recent", ALICE, "p", T0.plusSeconds(3), day.plusSeconds(10));
        Execution startedLate = finished("started-late", ALICE, "p", day, day.plusSeconds(1));

        assertEquals(java.util.Optional.of(oldest.endTime()), repository.oldestFinished());
        assertEquals(List.of("old-1", "old-2"), purgeFinished(day.plusSeconds(5), day, 2).stream()
                .map(ExecutionId::value).toList(), "oldest end first, at most the limit");
        assertEquals(List.of("old-3"), purgeFinished(day.plusSeconds(5), day, 2).stream()
                .map(ExecutionId::value).toList(), "not started-late: it started after startedBefore");
        assertEquals(List.of(), purgeFinished(day.plusSeconds(5), day, 2));
        assertTrue(repository.find(stillPending.id()).isPresent(), "never a PENDING one");
        assertTrue(repository.find(running.id()).isPresent(), "never a RUNNING one");
        assertTrue(repository.find(startedLate.id()).isPresent());
        assertEquals(List.of("recent"), purgeFinished(day.plus(Duration.ofDays(1)), day, 10).stream()
                .map(ExecutionId::value).toList());
        assertEquals(List.of("started-late"), idsOf(repository.page(ALICE, new ExecutionFilter(null,
                ExecutionStatus.CANCELLED), PageRequest.FIRST)));
        assertEquals(1L, repository.page(ALICE, new ExecutionFilter(null, ExecutionStatus.CANCELLED),
                PageRequest.FIRST).total(), "the counts moved with the purge");
        assertEquals(3L, repository.page(ALICE, ExecutionFilter.ANY, PageRequest.FIRST).total());
        assertEquals(0L, repository.page(BOB, ExecutionFilter.ANY, PageRequest.FIRST).total());
        assertEquals(1L, repository.countByStatus().get(ExecutionStatus.CANCELLED));
        assertEquals(java.util.Optional.of(startedLate.endTime()), repository.oldestFinished());
    }

    /**
     * Pages by position while newer executions arrive and the oldest are purged between the pages: no execution
     * twice, and every one that was there at the start and was not purged, once.
     */
    @Test
    void pagesByPositionGiveEachExecutionOnceWhileOthersArriveAndThePurgeDeletes() {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Instant start = T0.plusSeconds(i);
            if (i < 12) {
                finished(String.format("f-%02d", i), ALICE, "p", start, start.plusMillis(500));
            } else {
                repository.insert(pending(String.format("k-%02d", i), ALICE, "p", start));
                kept.add(String.format("k-%02d", i));
            }
        }
        int[] step = {0};
        List<String> seen = allByPosition(ALICE, ExecutionFilter.ANY, 4, () -> {
            step[0]++;
            repository.insert(pending("new-" + step[0], ALICE, "p", T0.plusSeconds(100 + step[0])));
            purgeFinished(T0.plusSeconds(step[0] * 3L), T0.plusSeconds(1_000), 3);
        });
        assertEquals(new HashSet<>(seen).size(), seen.size(), "none twice: " + seen);
        assertTrue(seen.containsAll(kept), "every one kept: " + seen);
        assertTrue(seen.stream().noneMatch(id -> id.startsWith("new-")), "those that came later are ahead of page 1");
    }

    /**
     * The same with the inserts and the purge on threads of their own, running while the pages are read: no
     * execution twice, every one that was there at the start and is never purged (a pending one) once.
     */
    @Test
    void pagesByPositionStayExactWhileInsertsAndThePurgeRunAlongside() throws Exception {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant start = T0.plusSeconds(i);
            if (i % 2 == 0) {
                finished(String.format("f-%02d", i), ALICE, "p", start, start.plusMillis(500));
            } else {
                repository.insert(pending(String.format("k-%02d", i), ALICE, "p", start));
                kept.add(String.format("k-%02d", i));
            }
        }
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger inserted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger purged = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (reading.get() && inserted.get() < 200) {
                int n = inserted.incrementAndGet();
                repository.insert(pending("new-" + n, ALICE, "p", T0.plusSeconds(1_000 + n)));
            }
        });
        Thread purger = Thread.ofPlatform().start(() -> {
            for (int cut = 1; reading.get() && cut <= 60; cut++) {
                purged.addAndGet(purgeFinished(T0.plusSeconds(cut), T0.plusSeconds(10_000), 1).size());
            }
        });
        List<String> seen;
        try {
            seen = allByPosition(ALICE, ExecutionFilter.ANY, 3, () -> {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } finally {
            reading.set(false);
            writer.join(10_000);
            purger.join(10_000);
        }
        assertEquals(new HashSet<>(seen).size(), seen.size(), "none twice: " + seen);
        assertTrue(seen.containsAll(kept), "every pending one: " + seen);
        assertTrue(inserted.get() > 0, "inserts ran alongside");
    }
}
