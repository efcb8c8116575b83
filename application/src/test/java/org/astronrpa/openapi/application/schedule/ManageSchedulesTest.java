package org.astronrpa.openapi.application.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.assembly.Ports;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.memory.InMemoryPorts;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Overlap;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleNotFound;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

/** Saving, reading, changing and firing schedules by hand, as their owners do; refusals name the field. */
class ManageSchedulesTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Caller AS_ALICE = Caller.asUser(ALICE);
    private static final UserId BOB = new UserId("bob");

    private final TestClock clock = new TestClock();   // 2026-03-01T08:00:00Z, a Sunday
    private final AtomicInteger ids = new AtomicInteger();
    private final Ports ports = InMemoryPorts.builder(clock, () -> "id-" + ids.incrementAndGet())
            .parameterChecks(ParametersSchema::new, (schema, params) -> params.contains("bad")
                    ? List.of(new FieldError("params.bad", "is not allowed")) : List.of())
            .random(new java.security.SecureRandom()::nextBytes)
            .hasher(org.astronrpa.openapi.domain.apikey.ApiKeyHasher.withPepper("manage schedules test"))
            .build();
    private final UseCaseGraph graph = UseCaseGraph.build(ports, UseCaseGraph.Settings.builder().build());

    ManageSchedulesTest() {
        workflow("invoices", ALICE);
        workflow("bobs-flow", BOB);
    }

    private void workflow(String id, UserId owner) {
        ports.workflows().insert(new Workflow(new ProjectId(id), owner, id, null, null, "1", WorkflowStatus.ACTIVE,
                new ParametersSchema("{\"type\":\"object\"}"), new ToolName(id.replace('-', '_')), 1, clock.now(),
                clock.now()));
    }

    private static ScheduleInput cron(String project, String cron, String zone) {
        return new ScheduleInput(project, "{\"n\":1}", cron, null, zone, null, null, null, null, null, null, null, null,
                null);
    }

    private static List<String> fields(InvalidInput refused) {
        return refused.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aNewScheduleTakesTheDefaultsAndItsFirstOccurrenceIsTheFirstAfterNow() {
        Schedule saved = graph.createSchedule().create(ALICE, cron("invoices", "30 6 * * MON-FRI", "Europe/Paris"));
        assertEquals(Instant.parse("2026-03-02T05:30:00Z"), saved.nextOccurrence(), "Monday 06:30 in Paris (UTC+1)");
        assertEquals(Overlap.SKIP, saved.definition().overlap());
        assertEquals(Duration.ofSeconds(60), saved.definition().catchupWindow());
        assertEquals(RobotTarget.ANY, saved.definition().target());
        assertTrue(saved.isEnabled());
        assertEquals(saved, graph.getSchedule().get(ALICE, saved.id().value()));
        assertEquals(1L, graph.listSchedules().list(ALICE, PageRequest.FIRST).total());
        assertEquals(0L, graph.listSchedules().list(BOB, PageRequest.FIRST).total());
    }

    @Test
    void badInputIsRefusedNamingEachField() {
        assertEquals(List.of("cron", "timezone", "overlap"), fields(assertThrows(InvalidInput.class,
                () -> graph.createSchedule().create(ALICE, new ScheduleInput("invoices", "{}", "61 * * * *", null,
                        "Mars/Olympus", null, null, null, null, null, null, "sometimes", null, null)))));
        assertEquals(List.of("end_at", "jitter_seconds"), fields(assertThrows(InvalidInput.class,
                () -> graph.createSchedule().create(ALICE, new ScheduleInput("invoices", "{}", null, 3600L, null,
                        Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"), 4000, null, null,
                        null, null, null, null)))));
        assertEquals(List.of("interval_seconds"), fields(assertThrows(InvalidInput.class,
                () -> graph.createSchedule().create(ALICE, new ScheduleInput("invoices", "{}", null, 30L, null, null,
                        null, null, null, null, null, null, null, null)))), "under SCHEDULE_MIN_INTERVAL_SECONDS");
        assertEquals(List.of("project_id"), fields(assertThrows(InvalidInput.class,
                () -> graph.createSchedule().create(ALICE, cron(null, "@daily", null)))));
        assertEquals(List.of("params.bad"), fields(assertThrows(InvalidInput.class,
                () -> graph.createSchedule().create(ALICE, new ScheduleInput("invoices", "{\"bad\":1}", "@daily", null,
                        null, null, null, null, null, null, null, null, null, null)))));
        assertEquals(List.of("target.labels"), fields(assertThrows(InvalidInput.class,
                () -> graph.createSchedule().create(ALICE, new ScheduleInput("invoices", "{}", "@daily", null, null,
                        null, null, null, RobotTarget.labels(RobotLabels.of("target.labels", Map.of("os", "beos"))),
                        null, null, null, null, null)))));
        assertThrows(WorkflowNotFound.class, () -> graph.createSchedule().create(ALICE, cron("bobs-flow", "@daily", null)),
                "another user's workflow is not found");
        assertEquals(0L, graph.listSchedules().list(ALICE, PageRequest.FIRST).total(), "nothing half-written");
    }

    @Test
    void anotherUsersScheduleIsNotFoundWhateverIsAsked() {
        String id = graph.createSchedule().create(ALICE, cron("invoices", "@daily", null)).id().value();
        assertThrows(ScheduleNotFound.class, () -> graph.getSchedule().get(BOB, id));
        assertThrows(ScheduleNotFound.class, () -> graph.updateSchedule().update(BOB, id, cron(null, "@hourly", null)));
        assertThrows(ScheduleNotFound.class, () -> graph.pauseSchedule().set(BOB, id, true));
        assertThrows(ScheduleNotFound.class, () -> graph.triggerSchedule().trigger(BOB, id));
        assertThrows(ScheduleNotFound.class, () -> graph.nextFireTimes().next(BOB, id, 3));
        assertThrows(ScheduleNotFound.class, () -> graph.listOccurrences().list(BOB, id, PageRequest.FIRST));
        assertThrows(ScheduleNotFound.class, () -> graph.deleteSchedule().delete(BOB, id));
        assertThrows(ScheduleNotFound.class, () -> graph.getSchedule().get(ALICE, "x".repeat(65)));
        assertTrue(graph.getSchedule().get(ALICE, id).isEnabled());
    }

    @Test
    void aChangeKeepsWhatWasNotSentAndMovesTheNextOccurrence() {
        String id = graph.createSchedule().create(ALICE, cron("invoices", "@daily", "UTC")).id().value();
        clock.advance(Duration.ofMinutes(10));
        Schedule changed = graph.updateSchedule().update(ALICE, id, new ScheduleInput(null, null, "@hourly", null,
                null, null, null, null, null, null, null, "allow", null, null));
        assertEquals(Instant.parse("2026-03-01T09:00:00Z"), changed.nextOccurrence());
        assertEquals("{\"n\":1}", changed.definition().params());
        assertEquals(Overlap.ALLOW, changed.definition().overlap());
        Schedule every = graph.updateSchedule().update(ALICE, id, new ScheduleInput(null, null, null, 7200L, null, null,
                null, null, null, null, null, null, null, null));
        assertEquals(null, every.definition().cron(), "an interval replaces the cron");
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), every.nextOccurrence(), "counted from the creation");
    }

    @Test
    void pauseAndResumeAreIdempotentAndWhatFellMeanwhileIsNotCaughtUp() {
        String id = graph.createSchedule().create(ALICE, cron("invoices", "*/5 * * * *", null)).id().value();
        Schedule paused = graph.pauseSchedule().set(ALICE, id, true);
        assertEquals(paused, graph.pauseSchedule().set(ALICE, id, true));
        assertEquals(List.of(), graph.nextFireTimes().next(ALICE, id, 3).next());
        clock.advance(Duration.ofMinutes(22));
        graph.fireSchedules().pass();
        Schedule resumed = graph.pauseSchedule().set(ALICE, id, false);
        assertEquals(Instant.parse("2026-03-01T08:25:00Z"), resumed.nextOccurrence());
        assertEquals(0L, graph.listOccurrences().list(ALICE, id, PageRequest.FIRST).total());
    }

    @Test
    void aPauseByItsOwnerIsRecordedAsAPausedEventOnce() {
        List<org.astronrpa.openapi.domain.schedule.ScheduleEvent.Paused> heard = new java.util.ArrayList<>();
        ((org.astronrpa.openapi.application.events.PublishingDomainEvents) ports.domainEvents()).consume(event -> {
            if (event instanceof org.astronrpa.openapi.domain.schedule.ScheduleEvent.Paused paused) {
                heard.add(paused);
            }
        });
        String id = graph.createSchedule().create(ALICE, cron("invoices", "*/5 * * * *", null)).id().value();
        Schedule paused = graph.pauseSchedule().set(ALICE, id, true);
        graph.pauseSchedule().set(ALICE, id, true);    // paused already: no change, no event
        graph.pauseSchedule().set(ALICE, id, false);   // a resume is no pause
        assertEquals(1, heard.size(), "" + heard);
        assertEquals(paused.id(), heard.get(0).scheduleId());
        assertEquals(paused.revision(), heard.get(0).revision());
        assertEquals("paused by its owner", heard.get(0).reason());
        assertEquals(null, paused.pausedReason(), "the schedule itself shows no reason for its owner's pause");
    }

    @Test
    void theComingFireTimesInUtcAndOnTheSchedulesClockAcrossAClockChange() {
        // New York moves its clocks forward on 2026-03-08 at 02:00
        clock.advance(Duration.ofDays(6).minusHours(4));   // 2026-03-07T04:00Z
        String id = graph.createSchedule().create(ALICE, cron("invoices", "30 2 * * *", "America/New_York")).id().value();
        NextFireTimes.Upcoming upcoming = graph.nextFireTimes().next(ALICE, id, 3);
        assertEquals(java.time.ZoneId.of("America/New_York"), upcoming.zone());
        List<NextFireTimes.Coming> coming = upcoming.next();
        assertEquals(List.of(Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-08T07:00:00Z"),
                Instant.parse("2026-03-09T06:30:00Z")), coming.stream().map(NextFireTimes.Coming::scheduledAt).toList());
        assertEquals("2026-03-08T03:00-04:00[America/New_York]", coming.get(1).local().toString());
        assertEquals(List.of("n"), fields(assertThrows(InvalidInput.class, () -> graph.nextFireTimes().next(ALICE, id, 0))));
    }

    @Test
    void aTriggerFiresNowEvenWhilePausedAndTheComingOccurrencesStay() {
        Schedule saved = graph.createSchedule().create(ALICE, cron("invoices", "@daily", null));
        String id = saved.id().value();
        graph.pauseSchedule().set(ALICE, id, true);
        clock.advance(Duration.ofSeconds(7));
        Occurrence fired = graph.triggerSchedule().trigger(ALICE, id);
        assertEquals(Occurrence.Outcome.FIRED, fired.outcome());
        assertEquals(clock.now(), fired.scheduledAt());
        assertTrue(ports.executions().find(fired.execution()).isPresent());
        Schedule after = graph.getSchedule().get(ALICE, id);
        assertFalse(after.isEnabled());
        assertEquals(saved.nextOccurrence(), after.nextOccurrence());
        assertEquals(fired.execution(), after.lastExecution());
    }

    @Test
    void deletingAScheduleTakesItsHistoryAndLeavesItsExecutions() {
        String id = graph.createSchedule().create(ALICE, cron("invoices", "@daily", null)).id().value();
        Occurrence fired = graph.triggerSchedule().trigger(ALICE, id);
        graph.deleteSchedule().delete(ALICE, id);
        assertThrows(ScheduleNotFound.class, () -> graph.getSchedule().get(ALICE, id));
        assertThrows(ScheduleNotFound.class, () -> graph.deleteSchedule().delete(ALICE, id));
        assertTrue(ports.executions().find(fired.execution()).isPresent());
    }

    @Test
    void aBackfillIsBoundedAndNamesTheFieldItRefuses() {
        String id = graph.createSchedule().create(ALICE, cron("invoices", "* * * * *", null)).id().value();
        clock.advance(Duration.ofDays(1));
        Instant now = clock.now();
        assertEquals(List.of("from", "to"), fields(assertThrows(InvalidInput.class,
                () -> graph.backfillSchedule().backfill(ALICE, id, null, null))));
        assertEquals(List.of("to"), fields(assertThrows(InvalidInput.class,
                () -> graph.backfillSchedule().backfill(ALICE, id, now.minusSeconds(60), now.minusSeconds(120)))));
        assertEquals(List.of("to"), fields(assertThrows(InvalidInput.class,
                () -> graph.backfillSchedule().backfill(ALICE, id, now.minusSeconds(60), now.plusSeconds(60)))));
        InvalidInput tooMany = assertThrows(InvalidInput.class,
                () -> graph.backfillSchedule().backfill(ALICE, id, now.minus(Duration.ofHours(20)), now));
        assertTrue(tooMany.getMessage().contains("more than 1000"), tooMany.getMessage());
        assertEquals(0L, graph.listOccurrences().list(ALICE, id, PageRequest.FIRST).total(), "nothing half-done");
        assertThrows(ScheduleNotFound.class, () -> graph.backfillSchedule().backfill(BOB, id, now.minusSeconds(120),
                now));
        var done = graph.backfillSchedule().backfill(ALICE, id, now.minusSeconds(180), now.minusSeconds(1));
        assertEquals(3, done.fired().size(), "three whole minutes in range");
    }

    @Test
    void aWorkflowDeletedOrMadeInactivePausesItsSchedulesAtOnceWithTheReason() {
        String first = graph.createSchedule().create(ALICE, cron("invoices", "@daily", null)).id().value();
        String second = graph.createSchedule().create(ALICE, cron("invoices", "@hourly", null)).id().value();
        graph.upsertWorkflow().upsert(AS_ALICE, new org.astronrpa.openapi.application.workflow.UpsertWorkflowCommand(ALICE,
                new ProjectId("invoices"), new org.astronrpa.openapi.domain.workflow.WorkflowChanges(null, null, null,
                null, WorkflowStatus.INACTIVE, null), null));
        for (String id : List.of(first, second)) {
            Schedule paused = graph.getSchedule().get(ALICE, id);
            assertFalse(paused.isEnabled());
            assertEquals("the workflow invoices is inactive", paused.pausedReason());
        }
        graph.pauseSchedule().set(ALICE, second, false);   // its owner resumes it: the next occurrence tells
        graph.deleteWorkflow().delete(AS_ALICE, new ProjectId("invoices"));
        Schedule afterDelete = graph.getSchedule().get(ALICE, second);
        assertFalse(afterDelete.isEnabled());
        assertEquals("the workflow invoices was deleted", afterDelete.pausedReason());
        assertEquals("the workflow invoices is inactive", graph.getSchedule().get(ALICE, first).pausedReason(),
                "paused already: unchanged");
    }
}
