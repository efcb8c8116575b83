package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Domain events as the outbox stores them: a type name ({@code execution.completed}, {@code workflow.deleted},
 * {@code api_key.revoked}, …) beside JSON text of every field, so that what a relay reads back equals what was
 * appended. A type name is stored data: renaming one needs a migration.
 */
final class OutboxJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An event ready for its row. */
    record Encoded(String type, String payload) {
    }

    /** A row of a type this version does not know: most likely written by a newer version of the service. */
    static final class UnknownType extends IllegalArgumentException {
        UnknownType(String type) {
            super("unknown outbox event type " + type);
        }
    }

    private OutboxJson() {
    }

    static Encoded encode(DomainEvent event) {
        ObjectNode root = JSON.createObjectNode().put("event_id", event.eventId())
                .put("occurred_at", event.occurredAt().toString());
        String type = switch (event) {
            case ExecutionEvent e -> {
                execution(root.putObject("execution"), e.execution());
                yield "execution." + switch (e) {
                    case ExecutionEvent.Queued q -> "queued";
                    case ExecutionEvent.Dispatched d -> "dispatched";
                    case ExecutionEvent.Completed c -> "completed";
                    case ExecutionEvent.Failed f -> "failed";
                    case ExecutionEvent.TimedOut t -> "timed_out";
                    case ExecutionEvent.Cancelled c -> "cancelled";
                };
            }
            case WorkflowEvent.Upserted u -> {
                workflow(root.putObject("workflow"), u.workflow());
                yield "workflow.upserted";
            }
            case WorkflowEvent.Deleted d -> {
                root.put("project_id", d.projectId().value()).put("owner", d.ownerId().value())
                        .put("sequence", d.sequence());
                yield "workflow.deleted";
            }
            case ApiKeyEvent k -> {
                root.put("key_id", k.keyId()).put("owner", k.ownerId().value());
                yield k instanceof ApiKeyEvent.Created ? "api_key.created" : "api_key.revoked";
            }
            default -> throw new IllegalArgumentException("no outbox type for " + event.getClass().getName());
        };
        return new Encoded(type, JSON.writeValueAsString(root));
    }

    /**
     * The event of a row.
     *
     * @throws UnknownType      for a type this version does not know
     * @throws RuntimeException of any kind for text that is not such an event (not JSON, a field missing or refused)
     */
    static DomainEvent decode(String type, String payload) {
        // the type first: a newer version's row is named for what it is, whatever its text
        Decoder decoder = switch (type) {
            case "execution.queued" -> (id, root, at) -> new ExecutionEvent.Queued(id, executionIn(root), at);
            case "execution.dispatched" -> (id, root, at) -> new ExecutionEvent.Dispatched(id, executionIn(root), at);
            case "execution.completed" -> (id, root, at) -> new ExecutionEvent.Completed(id, executionIn(root), at);
            case "execution.failed" -> (id, root, at) -> new ExecutionEvent.Failed(id, executionIn(root), at);
            case "execution.timed_out" -> (id, root, at) -> new ExecutionEvent.TimedOut(id, executionIn(root), at);
            case "execution.cancelled" -> (id, root, at) -> new ExecutionEvent.Cancelled(id, executionIn(root), at);
            case "workflow.upserted" -> (id, root, at) -> new WorkflowEvent.Upserted(id,
                    workflow(root.path("workflow")), at);
            case "workflow.deleted" -> (id, root, at) -> new WorkflowEvent.Deleted(id,
                    new ProjectId(root.path("project_id").asString()), new UserId(root.path("owner").asString()),
                    root.path("sequence").asLong(), at);
            case "api_key.created" -> (id, root, at) -> new ApiKeyEvent.Created(id, root.path("key_id").asString(),
                    new UserId(root.path("owner").asString()), at);
            case "api_key.revoked" -> (id, root, at) -> new ApiKeyEvent.Revoked(id, root.path("key_id").asString(),
                    new UserId(root.path("owner").asString()), at);
            default -> throw new UnknownType(type);
        };
        JsonNode root = JSON.readTree(payload);
        return decoder.decode(root.path("event_id").asString(), root, Instant.parse(root.path("occurred_at").asString()));
    }

    /** Builds the event of one type from its id, its JSON and when it happened. */
    @FunctionalInterface
    private interface Decoder {
        DomainEvent decode(String id, JsonNode root, Instant at);
    }

    /** The execution an execution event carries. */
    private static Execution executionIn(JsonNode root) {
        return execution(root.path("execution"));
    }

    private static void execution(ObjectNode x, Execution e) {
        x.put("id", e.id().value()).put("project_id", e.projectId().value()).put("owner", e.ownerId().value())
                .put("status", e.status().name()).put("params", e.paramsJson()).put("result", e.resultJson())
                .put("error", e.error()).put("error_code", e.errorCode() == null ? null : e.errorCode().name())
                .put("exec_position", e.execPosition()).put("robot_id", e.robotId()).put("event_id", e.eventId())
                .put("start_time", text(e.startTime())).put("dispatched_at", text(e.dispatchedAt()))
                .put("end_time", text(e.endTime())).put("timeout_seconds", e.timeout().seconds())
                .put("dispatch_deadline", text(e.dispatchDeadline())).put("version", e.version());
    }

    private static Execution execution(JsonNode x) {
        String errorCode = string(x, "error_code");
        return new Execution(new ExecutionId(x.path("id").asString()), new ProjectId(x.path("project_id").asString()),
                new UserId(x.path("owner").asString()), ExecutionStatus.valueOf(x.path("status").asString()),
                x.path("params").asString(), string(x, "result"), string(x, "error"),
                errorCode == null ? null : ErrorCode.valueOf(errorCode), x.path("exec_position").asString(),
                string(x, "robot_id"), string(x, "event_id"), instant(x, "start_time"), instant(x, "dispatched_at"),
                instant(x, "end_time"), new ExecutionTimeout(x.path("timeout_seconds").asInt()),
                instant(x, "dispatch_deadline"), x.path("version").asLong());
    }

    private static void workflow(ObjectNode w, Workflow workflow) {
        w.put("project_id", workflow.projectId().value()).put("owner", workflow.ownerId().value())
                .put("name", workflow.name()).put("english_name", workflow.englishName())
                .put("description", workflow.description()).put("version", workflow.version())
                .put("status", workflow.status().code())
                .put("parameters", workflow.parameters() == null ? null : workflow.parameters().json())
                .put("tool_name", workflow.toolName().value()).put("revision", workflow.revision())
                .put("created_at", text(workflow.createdAt())).put("updated_at", text(workflow.updatedAt()));
    }

    private static Workflow workflow(JsonNode w) {
        String parameters = string(w, "parameters");
        return new Workflow(new ProjectId(w.path("project_id").asString()), new UserId(w.path("owner").asString()),
                w.path("name").asString(), string(w, "english_name"), string(w, "description"),
                w.path("version").asString(), WorkflowStatus.ofCode(w.path("status").asInt()),
                parameters == null ? null : new ParametersSchema(parameters), new ToolName(w.path("tool_name").asString()),
                w.path("revision").asLong(), instant(w, "created_at"), instant(w, "updated_at"));
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
