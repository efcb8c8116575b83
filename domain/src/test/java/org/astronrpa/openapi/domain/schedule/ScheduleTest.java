package org.astronrpa.openapi.domain.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/** What each occurrence of a schedule does: on time, late, overlapping, failing; and what a definition may be. */
class ScheduleTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:30Z");
    private static final Duration MIN = Duration.ofSeconds(60);

    private static ScheduleDefinition everyMinute(Overlap overlap, Integer pauseAfterFailures) {
        return ScheduleDefinition.checked(new ProjectId("p-1"), "{}", CronExpression.parse("cron", "* * * * *"), null,
                ZoneId.of("UTC"), null, null, null, RobotTarget.ANY, null, null, overlap, null, pauseAfterFailures, MIN);
    }

    private static Schedule schedule(ScheduleDefinition definition) {
        return Schedule.create(new ScheduleId("s-1"), ALICE, definition, T0);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-12-04T" + time + "Z");
    }

    @Test
    void theFirstOccurrenceIsTheFirstAfterCreationAndFiresOnTime() {
        Schedule s = schedule(everyMinute(Overlap.SKIP, null));
        assertEquals(at("10:01:00"), s.nextOccurrence());
        assertEquals(Optional.empty(), s.due(at("10:00:59.999"), false));
        Occurrence.Decision fire = s.due(at("10:01:00.200"), false).orElseThrow();
        assertInstanceOf(Occurrence.Decision.Fire.class, fire);
        assertEquals(at("10:01:00"), fire.scheduledAt());
        assertEquals(at("10:02:00"), fire.after().nextOccurrence(), "from the spec, not from the run");
        assertEquals(s.revision() + 1, fire.after().revision());
    }

    @Test
    void overlapSkipRecordsTheOccurrenceAsSkipped() {
        Schedule s = schedule(everyMinute(Overlap.SKIP, null)).fired(new ExecutionId("x-1"));
        Occurrence.Decision d = s.due(at("10:01:00"), true).orElseThrow();
        assertInstanceOf(Occurrence.Decision.Skipped.class, d);
        assertTrue(((Occurrence.Decision.Skipped) d).reason().contains("x-1"));
    }

    @Test
    void overlapBufferOneKeepsOneOccurrenceForWhenThePreviousRunEnds() {
        Schedule s = schedule(everyMinute(Overlap.BUFFER_ONE, null)).fired(new ExecutionId("x-1"));
        Occurrence.Decision first = s.due(at("10:01:00"), true).orElseThrow();
        assertInstanceOf(Occurrence.Decision.Buffered.class, first);
        Schedule waiting = first.after();
        assertEquals(at("10:01:00"), waiting.buffered());
        assertInstanceOf(Occurrence.Decision.Skipped.class, waiting.due(at("10:02:00"), true).orElseThrow(),
                "one waits already");
        assertEquals(Optional.empty(), waiting.releaseBuffered(true));
        Occurrence.Decision.Fire released = waiting.releaseBuffered(false).orElseThrow();
        assertEquals(at("10:01:00"), released.scheduledAt());
        assertNull(released.after().buffered());
    }

    @Test
    void overlapAllowFiresAnyway() {
        Schedule s = schedule(everyMinute(Overlap.ALLOW, null)).fired(new ExecutionId("x-1"));
        assertInstanceOf(Occurrence.Decision.Fire.class, s.due(at("10:01:00"), true).orElseThrow());
    }

    @Test
    void afterATenMinuteOutageTheOccurrencesPastTheWindowAreMissedAndTheLastFires() {
        Schedule s = schedule(everyMinute(Overlap.SKIP, null));
        Instant back = at("10:11:20");   // no instance ran from 10:00:40 to 10:11:20
        List<String> outcomes = new ArrayList<>();
        Optional<Occurrence.Decision> due;
        while ((due = s.due(back, false)).isPresent()) {
            outcomes.add(due.get().getClass().getSimpleName() + "@" + due.get().scheduledAt());
            s = due.get().after();
        }
        List<String> expected = new ArrayList<>();
        for (int minute = 1; minute <= 10; minute++) {   // 10:10 is 80 s late: past the 60 s window
            expected.add("Missed@" + at(String.format("10:%02d:00", minute)));
        }
        expected.add("Fire@" + at("10:11:00"));    // 20 s late: inside
        assertEquals(expected, outcomes);
        assertEquals(at("10:12:00"), s.nextOccurrence());
    }

    @Test
    void aLongOutageSkipsToTheWindowWithoutDecidingEachOccurrence() {
        Schedule s = schedule(everyMinute(Overlap.SKIP, null));
        Schedule moved = s.skipMissedBefore(at("20:00:30"));
        assertEquals(at("20:00:00"), moved.nextOccurrence());
        assertInstanceOf(Occurrence.Decision.Fire.class, moved.due(at("20:00:30"), false).orElseThrow());
    }

    @Test
    void failuresInARowPauseTheScheduleWithTheReasonAndASuccessResetsThem() {
        Schedule s = schedule(everyMinute(Overlap.SKIP, 2)).fired(new ExecutionId("x-1"));
        s = s.runEnded(new ExecutionId("x-1"), true, at("10:01:10"));
        assertEquals(1, s.consecutiveFailures());
        assertEquals(s, s.runEnded(new ExecutionId("x-1"), true, at("10:01:11")), "counted once");
        s = s.fired(new ExecutionId("x-2")).runEnded(new ExecutionId("x-2"), false, at("10:02:10"));
        assertEquals(0, s.consecutiveFailures());
        s = s.fired(new ExecutionId("x-3")).runEnded(new ExecutionId("x-3"), true, at("10:03:10"));
        assertEquals(s, s.runEnded(new ExecutionId("x-2"), true, at("10:03:11")), "not the latest run: ignored");
        s = s.fired(new ExecutionId("x-4")).runEnded(new ExecutionId("x-4"), true, at("10:04:10"));
        assertTrue(!s.isEnabled());
        assertTrue(s.pausedReason().contains("2 runs in a row failed"), s.pausedReason());
        assertEquals(Optional.empty(), s.due(at("10:05:00"), false));
        Schedule resumed = s.resume(at("10:05:30"));
        assertNull(resumed.pausedReason());
        assertEquals(at("10:06:00"), resumed.nextOccurrence(), "what fell while paused is not caught up");
    }

    @Test
    void startAndEndBoundTheOccurrences() {
        ScheduleDefinition bounded = ScheduleDefinition.checked(new ProjectId("p-1"), "{}", null, 600L,
                ZoneId.of("Europe/Paris"), at("12:00:00"), at("12:25:00"), null, RobotTarget.ANY, null, null, null,
                null, null, MIN);
        Schedule s = Schedule.create(new ScheduleId("s-1"), ALICE, bounded, T0);
        List<Instant> occurrences = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 5 && s.nextOccurrence() != null; i++) {
            now = s.nextFireAt().orElseThrow();
            Occurrence.Decision d = s.due(now, false).orElseThrow();
            occurrences.add(d.scheduledAt());
            s = d.after();
        }
        assertEquals(List.of(at("12:00:00"), at("12:10:00"), at("12:20:00")), occurrences);
        assertNull(s.nextOccurrence());
        assertEquals(Optional.empty(), s.nextFireAt());
    }

    @Test
    void jitterDelaysEachOccurrenceTheSameWayEachTimeAndWithinItsBound() {
        ScheduleDefinition jittered = ScheduleDefinition.checked(new ProjectId("p-1"), "{}", null, 3600L,
                ZoneId.of("UTC"), null, null, 300, RobotTarget.ANY, null, null, null, null, null, MIN);
        HashSet<Instant> fireTimes = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Schedule s = Schedule.create(new ScheduleId("s-" + i), ALICE, jittered, T0);
            Instant fireAt = s.fireTimeOf(s.nextOccurrence());
            assertEquals(fireAt, s.fireTimeOf(s.nextOccurrence()));
            assertTrue(!fireAt.isBefore(s.nextOccurrence()) && fireAt.isBefore(s.nextOccurrence().plusSeconds(300)));
            assertEquals(Optional.empty(), s.due(fireAt.minusMillis(1), false));
            fireTimes.add(fireAt);
        }
        assertTrue(fireTimes.size() > 40, "spread: " + fireTimes.size());
    }

    @Test
    void anEditKeepsTheScheduleGoingFromTheNewDefinition() {
        Schedule s = schedule(everyMinute(Overlap.SKIP, null));
        ScheduleDefinition hourly = ScheduleDefinition.checked(new ProjectId("p-1"), "{}",
                CronExpression.parse("cron", "@hourly"), null, ZoneId.of("UTC"), null, null, null, RobotTarget.ANY,
                null, null, null, null, null, MIN);
        Schedule edited = s.redefine(hourly, at("10:30:00"));
        assertEquals(at("11:00:00"), edited.nextOccurrence());
        assertEquals(s.revision() + 1, edited.revision());
    }

    @Test
    void aDefinitionNamesEveryOffendingField() {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(new ProjectId("p-1"),
                "{}", null, 0L, ZoneId.of("UTC"), at("12:00:00"), at("11:00:00"), -1, RobotTarget.ANY, 0, null, null,
                -5, 0, MIN));
        List<String> fields = refused.errors().stream().map(e -> e.field()).toList();
        assertEquals(List.of("interval_seconds", "end_at", "jitter_seconds", "timeout_seconds",
                "catchup_window_seconds", "pause_after_failures"), fields);
        assertEquals("cron", assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(new ProjectId("p-1"),
                "{}", null, null, ZoneId.of("UTC"), null, null, null, RobotTarget.ANY, null, null, null, null, null, MIN))
                .errors().get(0).field());
        assertEquals("interval_seconds", assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(
                new ProjectId("p-1"), "{}", CronExpression.parse("cron", "@daily"), 60L, ZoneId.of("UTC"), null, null,
                null, RobotTarget.ANY, null, null, null, null, null, MIN)).errors().get(0).field());
    }

    @Test
    void theShortestTimeBetweenOccurrencesIsEnforced() {
        Duration fiveMinutes = Duration.ofMinutes(5);
        InvalidInput cron = assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(new ProjectId("p-1"),
                "{}", CronExpression.parse("cron", "0,2 * * * *"), null, ZoneId.of("UTC"), null, null, null,
                RobotTarget.ANY, null, null, null, null, null, fiveMinutes));
        assertTrue(cron.getMessage().contains("120 s apart"), cron.getMessage());
        assertEquals("interval_seconds", assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(
                new ProjectId("p-1"), "{}", null, 299L, ZoneId.of("UTC"), null, null, null, RobotTarget.ANY, null, null,
                null, null, null, fiveMinutes)).errors().get(0).field());
        // rare days are looked at too: every minute, but only on the 29th of February
        assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(new ProjectId("p-1"), "{}",
                CronExpression.parse("cron", "* * 29 2 *"), null, ZoneId.of("UTC"), null, null, null, RobotTarget.ANY,
                null, null, null, null, null, fiveMinutes));
        // across midnight, and on a day that only leap years have
        assertEquals(Duration.ofMinutes(1), ScheduleDefinition.shortestGap(CronExpression.parse("cron", "59,0 23,0 * * *")));
        assertEquals(Duration.ofDays(1), ScheduleDefinition.shortestGap(CronExpression.parse("cron", "0 12 28,29 2 *")));
        assertEquals("jitter_seconds", assertThrows(InvalidInput.class, () -> ScheduleDefinition.checked(
                new ProjectId("p-1"), "{}", null, 600L, ZoneId.of("UTC"), null, null, 600, RobotTarget.ANY, null, null,
                null, null, null, MIN)).errors().get(0).field());
    }
}
