package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.schedule.CronExpression;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Overlap;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ScheduleRepository} must do; subclassed once per adapter. */
public abstract class ScheduleRepositoryContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:30.123Z");
    private static final Duration MIN = Duration.ofSeconds(60);

    private ScheduleRepository repository;

    /** A repository with no schedules in it. */
    protected abstract ScheduleRepository emptyRepository();

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
    }

    private static ScheduleDefinition cronDefinition(String project) {
        return ScheduleDefinition.checked(new ProjectId(project), "{\"amount\":1,\"note\":\"前台\"}",
                CronExpression.parse("cron", "*/5 9-17 * * MON-FRI"), null, ZoneId.of("Europe/Paris"),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-12-01T00:00:00Z"), 30,
                RobotTarget.labels(RobotLabels.of("target.labels", Map.of("os", "windows", "site", "lyon"))), 600,
                true, Overlap.BUFFER_ONE, 300, 3, MIN);
    }

    private static ScheduleDefinition intervalDefinition(String project) {
        return ScheduleDefinition.checked(new ProjectId(project), "{}", null, 120L, null, null, null, null, null, null,
                null, null, null, null, MIN);
    }

    private static Schedule schedule(String id, UserId owner, ScheduleDefinition definition, Instant created) {
        return Schedule.create(new ScheduleId(id), owner, definition, created);
    }

    @Test
    void aStoredScheduleIsReadBackWithEveryField() {
        Schedule cron = schedule("s-cron", ALICE, cronDefinition("p-1"), T0);
        Schedule every = schedule("s-every", ALICE, intervalDefinition("p-2"), T0);
        repository.insert(cron);
        repository.insert(every);
        assertEquals(cron, repository.find(cron.id()).orElseThrow());
        assertEquals(every, repository.find(every.id()).orElseThrow());
        assertTrue(repository.find(new ScheduleId("nope")).isEmpty());

        Schedule fired = cron.due(cron.nextFireAt().orElseThrow(), false).orElseThrow().after()
                .fired(new ExecutionId("x-1"));
        Schedule paused = fired.runEnded(new ExecutionId("x-1"), true, T0.plusSeconds(5))
                .pause("the workflow p-1 was deleted", T0.plusSeconds(6));
        repository.update(cron, fired);
        repository.update(fired, paused);
        Schedule read = repository.find(cron.id()).orElseThrow();
        assertEquals(paused, read);
        assertEquals(new ExecutionId("x-1"), read.lastExecution());
        assertEquals(1, read.consecutiveFailures());
        assertEquals("the workflow p-1 was deleted", read.pausedReason());
    }

    @Test
    void aChangeFromAStaleRevisionIsRefused() {
        Schedule s = schedule("s-1", ALICE, intervalDefinition("p-1"), T0);
        repository.insert(s);
        Schedule paused = s.pause(null, T0.plusSeconds(1));
        repository.update(s, paused);
        assertThrows(ConcurrentUpdate.class, () -> repository.update(s, s.resume(T0.plusSeconds(2))));
        assertEquals(paused, repository.find(s.id()).orElseThrow());
        assertTrue(repository.delete(s.id()));
        assertFalse(repository.delete(s.id()));
        assertThrows(ConcurrentUpdate.class, () -> repository.update(paused, paused.resume(T0.plusSeconds(3))));
    }

    @Test
    void theOwnersSchedulesNewestFirstByPageOrPosition() {
        for (int i = 0; i < 5; i++) {
            repository.insert(schedule("s-" + i, ALICE, intervalDefinition("p-" + i), T0.plusSeconds(i)));
        }
        repository.insert(schedule("s-bob", BOB, intervalDefinition("p-b"), T0.plusSeconds(9)));
        Page<Schedule> first = repository.page(ALICE, new PageRequest(1, 2));
        assertEquals(5L, first.total());
        assertEquals(List.of("s-4", "s-3"), first.records().stream().map(s -> s.id().value()).toList());
        Page<Schedule> next = repository.page(ALICE, PageRequest.after(first.next(), 2));
        assertEquals(List.of("s-2", "s-1"), next.records().stream().map(s -> s.id().value()).toList());
        assertEquals(List.of("s-2", "s-1"), repository.page(ALICE, new PageRequest(2, 2)).records().stream()
                .map(s -> s.id().value()).toList());
        assertEquals(1L, repository.page(BOB, PageRequest.FIRST).total());
    }

    @Test
    void theDueOnesAreTheEnabledWhoseFireTimeHasComeEarliestFirst() {
        Schedule a = schedule("s-a", ALICE, intervalDefinition("p-1"), T0);                // fires 10:02:30
        Schedule b = schedule("s-b", BOB, intervalDefinition("p-2"), T0.minusSeconds(60));  // fires 10:01:30
        Schedule c = schedule("s-c", ALICE, intervalDefinition("p-3"), T0.minusSeconds(30));
        repository.insert(a);
        repository.insert(b);
        repository.insert(c);
        repository.update(c, c.pause(null, T0));
        Instant now = Instant.parse("2026-12-04T10:02:30Z");
        assertEquals(List.of("s-b", "s-a"), repository.due(now, 10).stream().map(s -> s.id().value()).toList());
        assertEquals(List.of("s-b"), repository.due(now, 1).stream().map(s -> s.id().value()).toList());
        assertEquals(List.of("s-b"), repository.due(now.minusMillis(1), 10).stream().map(s -> s.id().value()).toList());
    }

    @Test
    void occurrencesWaitingForThePreviousRunAreFound() {
        ScheduleDefinition buffering = ScheduleDefinition.checked(new ProjectId("p-1"), "{}", null, 120L, null, null,
                null, null, null, null, null, Overlap.BUFFER_ONE, null, null, MIN);
        Schedule s = schedule("s-1", ALICE, buffering, T0).fired(new ExecutionId("x-1"));
        repository.insert(s);
        assertEquals(List.of(), repository.withBuffered(10));
        Schedule waiting = s.due(s.nextFireAt().orElseThrow(), true).orElseThrow().after();
        repository.update(s, waiting);
        assertEquals(List.of(waiting), repository.withBuffered(10));
    }

    @Test
    void aWorkflowsSchedulesAreFoundByItsKeyForItsOwnerOnly() {
        repository.insert(schedule("s-1", ALICE, intervalDefinition("Invoice-Run"), T0));
        repository.insert(schedule("s-2", ALICE, intervalDefinition("other"), T0));
        repository.insert(schedule("s-3", BOB, intervalDefinition("invoice-run"), T0));
        assertEquals(List.of("s-1"), repository.ofWorkflow(ALICE, new ProjectId("INVOICE-RUN").key()).stream()
                .map(s -> s.id().value()).toList());
    }

    @Test
    void anOccurrenceIsRecordedOnceWhoeverTriesAndTheHistoryIsNewestFirst() {
        Schedule s = schedule("s-1", ALICE, intervalDefinition("p-1"), T0);
        repository.insert(s);
        Instant first = Instant.parse("2026-12-04T10:02:30Z");
        Occurrence fired = new Occurrence(s.id(), first, first.plusMillis(40), Occurrence.Outcome.FIRED,
                new ExecutionId("x-1"), null);
        assertTrue(repository.record(fired));
        assertFalse(repository.record(new Occurrence(s.id(), first, null, Occurrence.Outcome.SKIPPED, null, "again")));
        for (int i = 1; i <= 3; i++) {
            assertTrue(repository.record(new Occurrence(s.id(), first.plusSeconds(120L * i), null,
                    Occurrence.Outcome.MISSED, null, "past the catch-up window")));
        }
        Page<Occurrence> page = repository.occurrences(s.id(), new PageRequest(1, 3));
        assertEquals(4L, page.total());
        assertEquals(List.of(first.plusSeconds(360), first.plusSeconds(240), first.plusSeconds(120)),
                page.records().stream().map(Occurrence::scheduledAt).toList());
        assertEquals(List.of(fired), repository.occurrences(s.id(), PageRequest.after(page.next(), 3)).records());
        assertFalse(repository.record(new Occurrence(new ScheduleId("gone"), first, null, Occurrence.Outcome.MISSED,
                null, "x")));
        assertTrue(repository.delete(s.id()));
        repository.insert(s);
        assertEquals(0L, repository.occurrences(s.id(), PageRequest.FIRST).total(), "the history went with it");
    }

    @Test
    void changesAndOccurrencesOfSeveralSchedulesAreStoredTogetherOrRefused() {
        List<Schedule> created = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) {   // over one statement's worth in the SQL stores
            Schedule s = schedule("s-" + i, i % 2 == 0 ? ALICE : BOB, intervalDefinition("p-" + i), T0);
            repository.insert(s);
            created.add(s);
        }
        List<ScheduleRepository.Change> changes = new java.util.ArrayList<>();
        List<ScheduleRepository.OwnedOccurrence> occurrences = new java.util.ArrayList<>();
        for (Schedule s : created) {
            Instant at = s.nextOccurrence();
            Schedule next = s.due(s.nextFireAt().orElseThrow(), false).orElseThrow().after()
                    .fired(new ExecutionId("x-" + s.id().value()));
            Schedule paused = s.id().value().equals("s-7") ? next.pause("enough", T0.plusSeconds(1)) : next;
            changes.add(new ScheduleRepository.Change(s, paused));
            occurrences.add(new ScheduleRepository.OwnedOccurrence(s.owner(), new Occurrence(s.id(), at,
                    at.plusMillis(5), Occurrence.Outcome.FIRED, new ExecutionId("x-" + s.id().value()), null)));
        }
        repository.updateAll(changes);
        repository.recordAll(occurrences);
        for (ScheduleRepository.Change change : changes) {
            assertEquals(change.next(), repository.find(change.next().id()).orElseThrow());
        }
        assertFalse(repository.find(new ScheduleId("s-7")).orElseThrow().isEnabled());
        assertEquals(occurrences.get(3).occurrence(),
                repository.occurrence(new ScheduleId("s-3"), occurrences.get(3).occurrence().scheduledAt()).orElseThrow());

        // from a stale revision: refused, whichever of them it is
        Schedule stale = changes.get(129).current();
        assertThrows(ConcurrentUpdate.class, () -> repository.updateAll(List.of(
                new ScheduleRepository.Change(changes.get(0).next(), changes.get(0).next().pause("x", T0)),
                new ScheduleRepository.Change(stale, stale.pause("y", T0)))));
        // an occurrence recorded already: refused
        assertThrows(ConcurrentUpdate.class, () -> repository.recordAll(List.of(occurrences.get(5))));

        // what was recorded, by schedule, within a range of scheduled times
        Instant first = occurrences.get(0).occurrence().scheduledAt();
        var recorded = repository.recorded(List.of(new ScheduleId("s-0"), new ScheduleId("s-1"),
                new ScheduleId("nope")), first.minusSeconds(1), first.plusSeconds(1));
        assertEquals(Map.of(new ScheduleId("s-0"), java.util.Set.of(first), new ScheduleId("s-1"),
                java.util.Set.of(first)), recorded);
        assertEquals(Map.of(), repository.recorded(List.of(new ScheduleId("s-0")), first.plusMillis(1),
                first.plusSeconds(60)));
    }

    @Test
    void aChangeOfWhatAScheduleDoesIsStoredByTheBatchToo() {
        Schedule s = schedule("s-1", ALICE, intervalDefinition("p-1"), T0);
        repository.insert(s);
        Schedule redefined = s.redefine(cronDefinition("p-9"), T0.plusSeconds(3));
        repository.updateAll(List.of(new ScheduleRepository.Change(s, redefined)));
        assertEquals(redefined, repository.find(s.id()).orElseThrow());
    }
}
