package org.astronrpa.openapi.domain.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.WebhookEvent;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final UserId ALICE = new UserId("alice");
    private static final Attribution BY_KEY = new Attribution(Actor.apiKey(ALICE, "k-1", "rpa_abcd"), "203.0.113.7",
            "req-1");
    private static final Execution RUN = Execution.accept(new ExecutionId("x-1"), new ProjectId("p-1"), ALICE,
            "{\"password\":\"PARAM-VALUE-s3cret\"}", null, new ExecutionTimeout(60), Duration.ofSeconds(60), T0);
    private static final Robot ROBOT = new Robot(new RobotId("r-1"), ALICE, "desk", null,
            RobotLabels.of("labels", Map.of()), "rpa-client", null, List.of(), false, T0, T0, 1);

    private static AuditEvent only(DomainEvent event, Attribution by) {
        List<AuditEvent> entries = AuditTrail.of(List.of(event), by);
        assertEquals(1, entries.size(), () -> event + " makes " + entries);
        AuditEvent entry = entries.get(0);
        assertEquals(event.eventId(), entry.id(), "an entry takes its event's id: one entry per event");
        assertEquals(event.occurredAt(), entry.occurredAt());
        assertEquals(ALICE, entry.owner());
        assertEquals(AuditEvent.Outcome.SUCCESS, entry.outcome());
        return entry;
    }

    @Test
    void eachAuditedChangeIsOneEntryNamingItsActionResourceAndWhoDidIt() {
        record Case(DomainEvent event, String action, String resourceType, String resourceId) {
        }
        List<Case> cases = List.of(
                new Case(new ApiKeyEvent.Created("e1", "k-9", ALICE, T0), "api_key.created", "api_key", "k-9"),
                new Case(new ApiKeyEvent.Changed("e2", "k-9", ALICE, 2, T0), "api_key.changed", "api_key", "k-9"),
                new Case(new ApiKeyEvent.Revoked("e3", "k-9", ALICE, T0), "api_key.revoked", "api_key", "k-9"),
                new Case(new WorkflowEvent.Deleted("e4", new ProjectId("p-1"), ALICE, 3, T0), "workflow.deleted",
                        "workflow", "p-1"),
                new Case(new ExecutionEvent.Queued("e5", RUN, T0), "execution.started", "execution", "x-1"),
                new Case(new ExecutionEvent.Cancelled("e6", RUN.cancel(T0), T0), "execution.cancelled", "execution",
                        "x-1"),
                new Case(new RobotEvent.Revoked("e7", ROBOT, T0), "robot.revoked", "robot", "r-1"),
                new Case(new RobotEvent.Deleted("e8", ROBOT, T0), "robot.deleted", "robot", "r-1"),
                new Case(new ScheduleEvent.Changed("e9", new ScheduleId("s-1"), ALICE, "p-1", 1,
                        ScheduleEvent.Changed.Change.CREATED, T0), "schedule.created", "schedule", "s-1"),
                new Case(new ScheduleEvent.Changed("e10", new ScheduleId("s-1"), ALICE, "p-1", 2,
                        ScheduleEvent.Changed.Change.RESUMED, T0), "schedule.resumed", "schedule", "s-1"),
                new Case(new ScheduleEvent.Paused("e11", new ScheduleId("s-1"), ALICE, "p-1", 3, "paused by its owner",
                        T0), "schedule.paused", "schedule", "s-1"),
                new Case(new WebhookEvent.Changed("e12", new WebhookId("w-1"), ALICE, 2,
                        WebhookEvent.Changed.Change.SECRET_ROTATED, T0), "webhook.secret_rotated", "webhook", "w-1"),
                new Case(new WebhookEvent.Disabled("e13", new WebhookId("w-1"), ALICE, 3,
                        "https://hooks.example.com/secret-path", "answered 410", T0), "webhook.disabled", "webhook",
                        "w-1"));
        for (Case c : cases) {
            AuditEvent entry = only(c.event(), BY_KEY);
            assertEquals(c.action(), entry.action());
            assertEquals(c.resourceType(), entry.resourceType());
            assertEquals(c.resourceId(), entry.resourceId());
            assertEquals(BY_KEY.actor(), entry.actor());
            assertEquals("203.0.113.7", entry.sourceIp());
            assertEquals("req-1", entry.requestId());
            assertFalse(entry.toString().contains("PARAM-VALUE") || entry.toString().contains("secret-path"),
                    () -> "no parameter value or URL in " + entry);
        }
    }

    @Test
    void whatOnlyFollowsFromAChangeIsNotRecorded() {
        Execution running = RUN.dispatch("robot-1", "run-1", T0);
        for (DomainEvent event : List.of(new ExecutionEvent.Dispatched("e1", running, T0),
                new ExecutionEvent.Failed("e2", running.fail(org.astronrpa.openapi.domain.execution.ErrorCode.ROBOT_OFFLINE,
                        "gone", T0), T0),
                new ExecutionEvent.Queued("e3", RUN.postponeDispatchDeadline(T0.plusSeconds(5)), T0),
                new RobotEvent.Changed("e4", ROBOT, T0), new RobotEvent.Offline("e5", ROBOT, "c-1", T0),
                new ScheduleEvent.NotFired("e6", new ScheduleId("s-1"), ALICE, "p-1", 2, T0,
                        Occurrence.Outcome.SKIPPED, "overlap", T0))) {
            assertEquals(List.of(), AuditTrail.of(List.of(event), BY_KEY), event::toString);
        }
    }

    @Test
    void aRunIsStartedByItsCallerOrByTheScheduleThatFiredItNeverTwice() {
        ScheduleEvent.Fired fired = new ScheduleEvent.Fired("f-1", new ScheduleId("s-1"), ALICE, "p-1", 2, T0,
                RUN.id(), T0);
        ExecutionEvent.Queued queued = new ExecutionEvent.Queued("q-1", RUN, T0);
        // the scheduler's own pass: the service's thread, bound to nobody
        List<AuditEvent> bySchedule = AuditTrail.of(List.of(queued, fired), Attribution.SYSTEM);
        assertEquals(1, bySchedule.size());
        assertEquals(Actor.schedule(ALICE, "s-1"), bySchedule.get(0).actor());
        assertEquals("execution.started", bySchedule.get(0).action());
        assertEquals("x-1", bySchedule.get(0).resourceId());
        assertEquals("p-1", bySchedule.get(0).projectId());
        // its owner's trigger: a start by the owner
        List<AuditEvent> byOwner = AuditTrail.of(List.of(queued, fired), BY_KEY);
        assertEquals(1, byOwner.size());
        assertEquals(BY_KEY.actor(), byOwner.get(0).actor());
        assertEquals("q-1", byOwner.get(0).id());
    }

    @Test
    void aRobotEnrollsItselfFromTheRequestsAddress() {
        AuditEvent entry = only(new RobotEvent.Enrolled("e1", ROBOT, T0),
                new Attribution(Actor.anonymous(null, null), "198.51.100.9", "req-9"));
        assertEquals(Actor.robot(ALICE, "r-1"), entry.actor());
        assertEquals("robot.enrolled", entry.action());
        assertEquals("198.51.100.9", entry.sourceIp());
    }

    @Test
    void queriesAreCheckedNamingTheField() {
        for (String[] bad : new String[][] {{"actor", "robots:r-1"}, {"actor", "api_key:"}, {"action", "started"},
                {"action", "execution.*.*"}, {"resource", "Workflow:p"}, {"resource", "workflow:a b"}}) {
            InvalidInput refused = org.junit.jupiter.api.Assertions.assertThrows(InvalidInput.class, () ->
                    AuditQuery.of(ALICE, bad[0].equals("actor") ? bad[1] : null,
                            bad[0].equals("action") ? bad[1] : null, bad[0].equals("resource") ? bad[1] : null,
                            null, null));
            assertTrue(refused.getMessage().contains(bad[0]), refused::getMessage);
        }
        InvalidInput range = org.junit.jupiter.api.Assertions.assertThrows(InvalidInput.class, () ->
                AuditQuery.of(ALICE, null, null, null, T0, T0));
        assertTrue(range.getMessage().contains("to"), range::getMessage);
        AuditQuery query = AuditQuery.of(ALICE, "schedule:s-1", "schedule.*", "workflow:p-1", null, T0);
        assertEquals(Actor.Type.SCHEDULE, query.actorType());
        assertEquals("s-1", query.actorId());
        assertEquals("schedule", query.actionKind());
        assertEquals("p-1", query.resourceId());
    }
}
