package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private static Execution pending() {
        return Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{\"名\":\"值\"}",
                null, new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
    }

    private static Execution running() {
        return pending().dispatch("robot-1", "robot-run-7", T0.plusSeconds(1));
    }

    @Test
    void everyKindOfExecutionEventComesBackAsItWasSentWithItsIdAndTime() {
        List<ExecutionEvent> events = List.of(
                new ExecutionEvent.Queued("ev-1", pending(), T0),
                new ExecutionEvent.Dispatched("ev-2", running(), T0.plusSeconds(1)),
                new ExecutionEvent.Completed("ev-3", running().finish(
                        new RobotReply.ObjectReply("0000", "ok", "{\"x\":[1,null]}"), T0.plusSeconds(2)), T0.plusSeconds(2)),
                new ExecutionEvent.Failed("ev-4", running().finish(
                        new RobotReply.ObjectReply("5001", "broke", null), T0.plusSeconds(2)), T0.plusSeconds(2)),
                new ExecutionEvent.Cancelled("ev-6", running().cancel(T0.plusSeconds(3)), T0.plusMillis(3_001)),
                new ExecutionEvent.Queued("ev-7", Execution.accept(new org.astronrpa.openapi.domain.execution.ExecutionId("e-9"),
                        new org.astronrpa.openapi.domain.workflow.ProjectId("p"), new org.astronrpa.openapi.domain.shared.UserId("u"),
                        "{}", null, new org.astronrpa.openapi.domain.execution.ExecutionTimeout(60), java.time.Duration.ofSeconds(5),
                        T0, org.astronrpa.openapi.domain.robot.RobotTarget.labels(org.astronrpa.openapi.domain.robot.RobotLabels.of(
                                "labels", java.util.Map.of("os", "windows")))).inBatch("b-1"), T0));
        for (ExecutionEvent event : events) {
            assertEquals(new EventCodec.Status("a", event), EventCodec.decode(EventCodec.status("a", event)));
        }
    }

    @Test
    void aTimeoutStaysATimeoutThoughItsExecutionIsStoredAsFailed() {
        Execution timedOut = running().fail(ErrorCode.TIMEOUT, "no reply", T0.plusSeconds(61));
        ExecutionEvent event = new ExecutionEvent.TimedOut("ev-5", timedOut, T0.plusSeconds(61));

        EventCodec.Status decoded = (EventCodec.Status) EventCodec.decode(EventCodec.status("a", event));
        assertEquals(event, decoded.event());
    }

    @Test
    void theDomainEventIdTravelsApartFromTheRobotsRunId() {
        JsonNode message = JsonMapper.builder().build()
                .readTree(EventCodec.status("a", new ExecutionEvent.Dispatched("ev-2", running(), T0)));

        assertEquals("ev-2", message.path("domain_event").path("id").asString());
        assertEquals("Dispatched", message.path("domain_event").path("kind").asString());
        assertEquals("robot-run-7", message.path("execution").path("event_id").asString());
    }

    @Test
    void aStatusWithoutItsDomainEventIsRefused() {
        String old = EventCodec.status("a", new ExecutionEvent.Queued("ev-1", pending(), T0))
                .replace("\"id\":\"ev-1\",", "");
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(old));
        String unknown = EventCodec.status("a", new ExecutionEvent.Queued("ev-1", pending(), T0))
                .replace("\"Queued\"", "\"Paused\"");
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(unknown));
    }
}
