package org.astronrpa.openapi.application.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.assembly.Ports;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.memory.InMemoryPorts;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.schedule.CronExpression;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Overlap;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

/** The scheduler's pass over in-memory stores with a clock moved by hand: no sleeps. */
class FireSchedulesTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Caller AS_ALICE = Caller.asUser(ALICE);
    private static final ProjectId FLOW = new ProjectId("nightly-invoices");

    private final TestClock clock = new TestClock();   // 2026-03-01T08:00:00Z
    private final AtomicInteger ids = new AtomicInteger();
    private final Ports ports = InMemoryPorts.builder(clock, () -> "id-" + ids.incrementAndGet())
            .parameterChecks(ParametersSchema::new, (schema, params) -> params.contains("bad")
                    ? List.of(new FieldError("params.bad", "is not allowed")) : List.of())
            .random(new java.security.SecureRandom()::nextBytes)
            .hasher(org.astronrpa.openapi.domain.apikey.ApiKeyHasher.withPepper("fire schedules test"))
            .build();
    private final UseCaseGraph graph = UseCaseGraph.build(ports,
            UseCaseGraph.Settings.builder().dispatchTimeout(Duration.ofHours(1)).build());
    private final FireSchedules fire = graph.fireSchedules();
    private final List<String> observed = new ArrayList<>();

    FireSchedulesTest() {
        ports.workflows().insert(new Workflow(FLOW, ALICE, "Nightly invoices", null, null, "1", WorkflowStatus.ACTIVE,
                new ParametersSchema("{\"type\":\"object\"}"), new ToolName("nightly_invoices"), 1, clock.now(),
                clock.now()));
        fire.observeWith((outcome, lag) -> observed.add(outcome.wire() + " " + lag.toSeconds() + "s"));
    }

    private Schedule save(String id, String cron, Overlap overlap, String params, Integer catchup, Integer pauseAfter) {
        ScheduleDefinition definition = ScheduleDefinition.checked(FLOW, params, CronExpression.parse("cron", cron),
                null, ZoneId.of("UTC"), null, null, null, RobotTarget.ANY, null, null, overlap, catchup, pauseAfter,
                Duration.ofSeconds(60));
        Schedule schedule = Schedule.create(new ScheduleId(id), ALICE, definition, clock.now());
        ports.schedules().insert(schedule);
        return schedule;
    }

    private Schedule stored(String id) {
        return ports.schedules().find(new ScheduleId(id)).orElseThrow();
    }

    private List<String> history(String id) {
        return ports.schedules().occurrences(new ScheduleId(id), new PageRequest(1, 100)).records().reversed().stream()
                .map(o -> o.outcome().wire() + "@" + o.scheduledAt().toString().substring(11, 16))
                .toList();
    }

    private void passAt(String time) {
        Instant at = Instant.parse("2026-03-01T" + time + "Z");
        clock.advance(Duration.between(clock.now(), at));
        fire.pass();
    }

    private Execution last(String id) {
        return ports.executions().find(stored(id).lastExecution()).orElseThrow();
    }

    @Test
    void aDueOccurrenceQueuesItsExecutionOnceAndTheNextComesFromTheSpec() {
        save("s-1", "*/5 * * * *", Overlap.ALLOW, "{}", null, null);
        passAt("08:04:59");
        assertEquals(List.of(), history("s-1"));
        passAt("08:05:00.300");
        passAt("08:05:00.900");   // a second pass (this or another instance) finds nothing more due
        assertEquals(List.of("fired@08:05"), history("s-1"));
        Execution queued = last("s-1");
        assertEquals(ExecutionStatus.PENDING, queued.status(), "no robot: it waits in the queue");
        assertEquals(FLOW, queued.projectId());
        assertEquals(1L, queued.workflowRevision(), "the revision of its workflow it fired for");
        assertEquals(Instant.parse("2026-03-01T08:10:00Z"), stored("s-1").nextOccurrence());
        assertEquals(List.of("fired 0s"), observed);
        Occurrence fired = ports.schedules().occurrences(new ScheduleId("s-1"), PageRequest.FIRST).records().get(0);
        assertEquals(queued.id(), fired.execution());
        assertEquals(Instant.parse("2026-03-01T08:05:00.300Z"), fired.firedAt());
    }

    @Test
    void overlapSkipAndBufferOneWhileThePreviousRunWaits() {
        save("skip", "*/5 * * * *", Overlap.SKIP, "{}", null, null);
        save("buffer", "*/5 * * * *", Overlap.BUFFER_ONE, "{}", null, null);
        passAt("08:05:00");
        passAt("08:10:00");   // both first runs still PENDING (no robot)
        passAt("08:15:00");
        assertEquals(List.of("fired@08:05", "skipped@08:10", "skipped@08:15"), history("skip"));
        assertEquals(List.of("fired@08:05", "skipped@08:15"), history("buffer"), "08:10 waits, 08:15 finds it waiting");
        assertEquals(Instant.parse("2026-03-01T08:10:00Z"), stored("buffer").buffered());

        Execution first = last("buffer");
        graph.cancelExecution().cancel(AS_ALICE, first.id().value());
        passAt("08:16:00");
        assertEquals(List.of("fired@08:05", "fired@08:10", "skipped@08:15"), history("buffer"));
        assertNull(stored("buffer").buffered());
        assertTrue(!last("buffer").id().equals(first.id()));
    }

    @Test
    void afterATenMinuteOutageWhatIsPastTheCatchUpWindowIsMissedAndTheRestFires() {
        save("s-1", "* * * * *", Overlap.ALLOW, "{}", 90, null);
        passAt("08:01:00");
        // no instance ran from 08:01 to 08:11:20
        passAt("08:11:20");
        List<String> expected = new ArrayList<>(List.of("fired@08:01"));
        for (int minute = 2; minute <= 9; minute++) {
            expected.add("missed@08:" + String.format("%02d", minute));
        }
        expected.add("fired@08:10");   // 80 s late: inside the 90 s window
        expected.add("fired@08:11");
        assertEquals(expected, history("s-1"));
        assertEquals(Instant.parse("2026-03-01T08:12:00Z"), stored("s-1").nextOccurrence());
    }

    @Test
    void aLongOutageRecordsAThousandMissedAndThenOneForTheRest() {
        save("s-1", "* * * * *", Overlap.ALLOW, "{}", null, null);
        clock.advance(Duration.ofDays(2));   // 2,880 occurrences fell while nothing ran
        fire.pass();
        List<Occurrence> all = new ArrayList<>();
        PageRequest page = new PageRequest(1, 100);
        var read = ports.schedules().occurrences(new ScheduleId("s-1"), page);
        all.addAll(read.records());
        while (read.next() != null) {
            read = ports.schedules().occurrences(new ScheduleId("s-1"), PageRequest.after(read.next(), 100));
            all.addAll(read.records());
        }
        long missed = all.stream().filter(o -> o.outcome() == Occurrence.Outcome.MISSED).count();
        assertEquals(1_001, missed, "1,000 one by one, then one that says the rest were missed too");
        assertTrue(all.stream().anyMatch(o -> o.reason() != null && o.reason().contains("not recorded one by one")));
        assertEquals(Occurrence.Outcome.FIRED, all.get(0).outcome(), "the occurrence inside the window fires");
    }

    @Test
    void aScheduleWhoseWorkflowIsGoneFailsToFireAndPausesWithTheReason() {
        save("s-1", "*/5 * * * *", Overlap.SKIP, "{}", null, null);
        ports.workflows().delete(FLOW, ALICE);
        passAt("08:05:00");
        assertEquals(List.of("failed_to_fire@08:05"), history("s-1"));
        Schedule paused = stored("s-1");
        assertFalse(paused.isEnabled());
        assertTrue(paused.pausedReason().contains("no longer exists"), paused.pausedReason());
        passAt("08:10:00");
        assertEquals(List.of("failed_to_fire@08:05"), history("s-1"), "paused: nothing falls");
    }

    @Test
    void paramsThatNoLongerFitFailToFireWithTheReasonAndTheScheduleGoesOn() {
        save("s-1", "*/5 * * * *", Overlap.SKIP, "{\"bad\":1}", null, null);
        passAt("08:05:00");
        assertEquals(List.of("failed_to_fire@08:05"), history("s-1"));
        Occurrence failed = ports.schedules().occurrences(new ScheduleId("s-1"), PageRequest.FIRST).records().get(0);
        assertTrue(failed.reason().contains("params.bad"), failed.reason());
        assertTrue(stored("s-1").isEnabled());
        assertEquals(Instant.parse("2026-03-01T08:10:00Z"), stored("s-1").nextOccurrence());
    }

    @Test
    void runsThatFailInARowPauseTheSchedule() {
        save("s-1", "*/5 * * * *", Overlap.SKIP, "{}", null, 2);
        passAt("08:05:00");
        graph.cancelExecution().cancel(AS_ALICE, last("s-1").id().value());   // a run that did not complete counts as failed
        passAt("08:10:00");
        assertEquals(1, stored("s-1").consecutiveFailures());
        graph.cancelExecution().cancel(AS_ALICE, last("s-1").id().value());
        passAt("08:15:00");
        Schedule paused = stored("s-1");
        assertFalse(paused.isEnabled());
        assertTrue(paused.pausedReason().contains("2 runs in a row failed"), paused.pausedReason());
        assertEquals(List.of("fired@08:05", "fired@08:10"), history("s-1"));
    }

    @Test
    void twoPassesRacingForTheSameOccurrenceCreateOneExecution() throws Exception {
        save("s-1", "*/5 * * * *", Overlap.ALLOW, "{}", null, null);
        clock.advance(Duration.ofMinutes(5));
        List<Thread> passes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            passes.add(Thread.ofPlatform().start(fire::pass));
        }
        for (Thread pass : passes) {
            pass.join();
        }
        assertEquals(List.of("fired@08:05"), history("s-1"));
        assertEquals(1L, ports.executions().page(ALICE,
                org.astronrpa.openapi.domain.execution.ExecutionFilter.ANY, PageRequest.FIRST).total());
    }

    @Test
    void anOccurrenceABackfillRecordedIsPassedOverByTheScheduler() {
        save("s-1", "*/5 * * * *", Overlap.ALLOW, "{}", null, null);
        clock.advance(Duration.ofMinutes(5).plusMillis(500));   // 08:05 is due; no pass has run yet
        BackfillSchedule.Backfilled done = graph.backfillSchedule().backfill(ALICE, "s-1",
                Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-03-01T08:05:00Z"));
        assertEquals(2, done.fired().size());
        assertEquals(0, done.alreadyThere());
        fire.pass();
        assertEquals(List.of("fired@08:00", "fired@08:05"), history("s-1"));
        assertEquals(Instant.parse("2026-03-01T08:10:00Z"), stored("s-1").nextOccurrence(), "moved past it");
        assertEquals(2L, ports.executions().page(ALICE,
                org.astronrpa.openapi.domain.execution.ExecutionFilter.ANY, PageRequest.FIRST).total());
        passAt("08:10:00");
        assertEquals(List.of("fired@08:00", "fired@08:05", "fired@08:10"), history("s-1"));
        BackfillSchedule.Backfilled again = graph.backfillSchedule().backfill(ALICE, "s-1",
                Instant.parse("2026-03-01T07:55:00Z"), Instant.parse("2026-03-01T08:10:00Z"));
        assertEquals(List.of(Instant.parse("2026-03-01T07:55:00Z")),
                again.fired().stream().map(Occurrence::scheduledAt).toList());
        assertEquals(3, again.alreadyThere());
    }

    @Test
    void manySchedulesDueAtOnceAreDecidedInBatchesEachOccurrenceOnce() {
        for (int i = 0; i < 600; i++) {   // more than two batches
            save("many-" + i, "*/5 * * * *", Overlap.ALLOW, "{}", null, null);
        }
        passAt("08:05:00");
        passAt("08:05:00.500");
        for (int i = 0; i < 600; i += 97) {
            assertEquals(List.of("fired@08:05"), history("many-" + i));
        }
        assertEquals(600, observed.size());
        assertEquals(600L, ports.executions().countByStatus().get(ExecutionStatus.PENDING));
    }

    @Test
    void fourWorkersOverAStoreThatDoesNotShareOutTheDueOnesStillDecideEachOccurrenceOnce() {
        for (int i = 0; i < 1_000; i++) {
            save("w-" + i, "*/5 * * * *", Overlap.ALLOW, "{}", null, null);
        }
        FireSchedules four = fire.with(new FireSchedules.Settings(50, 1_000, 4));
        clock.advance(Duration.ofMinutes(5));
        int decided = four.pass();   // the workers race for the same batches here: the losers' writes are refused
        assertEquals(1_000, decided);
        for (int i = 0; i < 1_000; i += 37) {
            assertEquals(List.of("fired@08:05"), history("w-" + i));
        }
        assertEquals(1_000L, ports.executions().countByStatus().get(ExecutionStatus.PENDING));
        assertEquals(0, four.pass());
    }

    /** A store whose first batch write finds one of the schedules changed meanwhile by its owner (paused). */
    private static final class OwnerChangesOneMeanwhile implements org.astronrpa.openapi.domain.schedule.ScheduleRepository {
        private final org.astronrpa.openapi.application.memory.InMemoryScheduleRepository store =
                new org.astronrpa.openapi.application.memory.InMemoryScheduleRepository();
        private final ScheduleId changed;
        private final TestClock clock;
        private boolean done;

        OwnerChangesOneMeanwhile(ScheduleId changed, TestClock clock) {
            this.changed = changed;
            this.clock = clock;
        }

        @Override
        public void updateAll(List<Change> changes) {
            if (!done && changes.size() > 1) {
                done = true;
                Schedule current = store.find(changed).orElseThrow();
                store.update(current, current.pause(null, clock.now()));
            }
            store.updateAll(changes);
        }

        @Override public void insert(Schedule schedule) { store.insert(schedule); }
        @Override public java.util.Optional<Schedule> find(ScheduleId id) { return store.find(id); }
        @Override public void update(Schedule current, Schedule next) { store.update(current, next); }
        @Override public boolean delete(ScheduleId id) { return store.delete(id); }
        @Override public org.astronrpa.openapi.domain.shared.Page<Schedule> page(UserId owner, PageRequest page) {
            return store.page(owner, page);
        }
        @Override public List<Schedule> due(Instant now, int limit) { return store.due(now, limit); }
        @Override public void recordAll(List<OwnedOccurrence> occurrences) { store.recordAll(occurrences); }
        @Override public java.util.Map<ScheduleId, java.util.Set<Instant>> recorded(java.util.Collection<ScheduleId> ids,
                                                                                 Instant from, Instant to) {
            return store.recorded(ids, from, to);
        }
        @Override public List<Schedule> withBuffered(int limit) { return store.withBuffered(limit); }
        @Override public List<Schedule> ofWorkflow(UserId owner, String projectKey) { return store.ofWorkflow(owner, projectKey); }
        @Override public boolean record(Occurrence occurrence) { return store.record(occurrence); }
        @Override public java.util.Optional<Occurrence> occurrence(ScheduleId id, Instant scheduledAt) {
            return store.occurrence(id, scheduledAt);
        }
        @Override public org.astronrpa.openapi.domain.shared.Page<Occurrence> occurrences(ScheduleId id, PageRequest page) {
            return store.occurrences(id, page);
        }
    }

    @Test
    void aBatchThatCannotBeWrittenIsDecidedAgainOneScheduleAtATime() {
        OwnerChangesOneMeanwhile store = new OwnerChangesOneMeanwhile(new ScheduleId("b-2"), clock);
        Ports racing = InMemoryPorts.builder(clock, () -> "id-" + ids.incrementAndGet())
                .parameterChecks(ParametersSchema::new, (schema, params) -> List.of())
                .random(new java.security.SecureRandom()::nextBytes)
                .hasher(org.astronrpa.openapi.domain.apikey.ApiKeyHasher.withPepper("fire schedules test"))
                .schedules(store)
                .build();
        racing.workflows().insert(new Workflow(FLOW, ALICE, "Nightly invoices", null, null, "1", WorkflowStatus.ACTIVE,
                new ParametersSchema("{\"type\":\"object\"}"), new ToolName("nightly_invoices"), 1, clock.now(),
                clock.now()));
        FireSchedules racingFire = UseCaseGraph.build(racing,
                UseCaseGraph.Settings.builder().dispatchTimeout(Duration.ofHours(1)).build()).fireSchedules();
        for (int i = 0; i < 5; i++) {
            ScheduleDefinition definition = ScheduleDefinition.checked(FLOW, "{}", CronExpression.parse("cron",
                    "*/5 * * * *"), null, ZoneId.of("UTC"), null, null, null, RobotTarget.ANY, null, null,
                    Overlap.ALLOW, null, null, Duration.ofSeconds(60));
            store.insert(Schedule.create(new ScheduleId("b-" + i), ALICE, definition, clock.now()));
        }
        clock.advance(Duration.ofMinutes(5));
        assertEquals(4, racingFire.pass(), "the four left as they were fire; the one paused meanwhile does not");
        for (int i = 0; i < 5; i++) {
            List<Occurrence> history = store.occurrences(new ScheduleId("b-" + i), PageRequest.FIRST).records();
            assertEquals(i == 2 ? 0 : 1, history.size(), "b-" + i);
        }
        assertFalse(store.find(new ScheduleId("b-2")).orElseThrow().isEnabled());
        assertEquals(4L, racing.executions().countByStatus().get(ExecutionStatus.PENDING),
                "nothing of the failed batch was stored");
    }
}
