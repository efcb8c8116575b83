package org.astronrpa.openapi.adapters.redis;

import java.time.Instant;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Execution events as JSON messages between instances: {@code {"from", "type": "status", "domain_event": {"id",
 * "kind", "occurred_at"}, "execution": {...}}} or {@code {"from", "type": "log", "owner", "project", "line": {...}}}.
 * The domain event's id travels so that every instance can drop an event published again (not to be confused with
 * the execution's {@code event_id}, the robot's id of its run). Every field of the execution travels, so that
 * waiters and watchers elsewhere see exactly what the instance that changed it stored.
 */
final class EventCodec {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A decoded message. */
    sealed interface Message permits Status, Log {
        String from();
    }

    record Status(String from, ExecutionEvent event) implements Message {
    }

    record Log(String from, UserId owner, String projectId, LogLine line) implements Message {
    }

    private EventCodec() {
    }

    static String status(String from, ExecutionEvent event) {
        ObjectNode root = JSON.createObjectNode().put("from", from).put("type", "status");
        root.putObject("domain_event").put("id", event.eventId()).put("kind", event.getClass().getSimpleName())
                .put("occurred_at", text(event.occurredAt()));
        Execution e = event.execution();
        ObjectNode x = root.putObject("execution");
        x.put("id", e.id().value()).put("project_id", e.projectId().value()).put("owner", e.ownerId().value())
                .put("status", e.status().name()).put("params", e.paramsJson()).put("result", e.resultJson())
                .put("error", e.error()).put("error_code", e.errorCode() == null ? null : e.errorCode().name())
                .put("exec_position", e.execPosition()).put("robot_id", e.robotId()).put("event_id", e.eventId())
                .put("start_time", text(e.startTime())).put("dispatched_at", text(e.dispatchedAt()))
                .put("end_time", text(e.endTime())).put("timeout_seconds", e.timeout().seconds())
                .put("dispatch_deadline", text(e.dispatchDeadline())).put("version", e.version())
                .put("target", e.target().key()).put("batch_id", e.batchId())
                .put("callback", e.callback() == null ? null : e.callback().encoded());
        return JSON.writeValueAsString(root);
    }

    static String log(String from, UserId owner, String projectId, LogLine line) {
        ObjectNode root = JSON.createObjectNode().put("from", from).put("type", "log").put("owner", owner.value())
                .put("project", projectId);
        root.putObject("line").put("execution_id", line.executionId().value()).put("seq", line.seq())
                .put("time", text(line.time())).put("level", line.level()).put("message", line.message());
        return JSON.writeValueAsString(root);
    }

    static Message decode(String text) {
        JsonNode root = JSON.readTree(text);
        String from = root.path("from").asString();
        if ("log".equals(root.path("type").asString())) {
            JsonNode l = root.path("line");
            return new Log(from, new UserId(root.path("owner").asString()), string(root, "project"),
                    new LogLine(new ExecutionId(l.path("execution_id").asString()), l.path("seq").asLong(),
                            instant(l, "time"), string(l, "level"), string(l, "message")));
        }
        JsonNode x = root.path("execution");
        String errorCode = string(x, "error_code");
        Execution execution = new Execution(new ExecutionId(x.path("id").asString()),
                new ProjectId(x.path("project_id").asString()), new UserId(x.path("owner").asString()),
                ExecutionStatus.valueOf(x.path("status").asString()), x.path("params").asString(),
                string(x, "result"), string(x, "error"), errorCode == null ? null : ErrorCode.valueOf(errorCode),
                x.path("exec_position").asString(), string(x, "robot_id"), string(x, "event_id"),
                instant(x, "start_time"), instant(x, "dispatched_at"), instant(x, "end_time"),
                new ExecutionTimeout(x.path("timeout_seconds").asInt()), instant(x, "dispatch_deadline"),
                x.path("version").asLong(), org.astronrpa.openapi.domain.robot.RobotTarget.ofKey(string(x, "target")),
                string(x, "batch_id"),
                org.astronrpa.openapi.domain.execution.ExecutionCallback.decode(string(x, "callback")));
        return new Status(from, event(root.path("domain_event"), execution));
    }

    private static ExecutionEvent event(JsonNode event, Execution execution) {
        String id = string(event, "id");
        if (id == null) {
            throw new IllegalArgumentException("a status without the id of its domain event");
        }
        Instant at = instant(event, "occurred_at");
        String kind = event.path("kind").asString();
        return switch (kind) {
            case "Queued" -> new ExecutionEvent.Queued(id, execution, at);
            case "Dispatched" -> new ExecutionEvent.Dispatched(id, execution, at);
            case "Completed" -> new ExecutionEvent.Completed(id, execution, at);
            case "Failed" -> new ExecutionEvent.Failed(id, execution, at);
            case "TimedOut" -> new ExecutionEvent.TimedOut(id, execution, at);
            case "Cancelled" -> new ExecutionEvent.Cancelled(id, execution, at);
            default -> throw new IllegalArgumentException("an execution event of unknown kind " + kind);
        };
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = string(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
