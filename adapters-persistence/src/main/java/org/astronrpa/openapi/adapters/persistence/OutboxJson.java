package org.astronrpa.openapi.adapters.persistence;

import java.io.StringWriter;
import java.time.Instant;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Domain events as the outbox stores them: a type name ({@code execution.completed}, {@code workflow.deleted},
 * {@code api_key.revoked}, …) beside JSON text of every field, so that what a relay reads back equals what was
 * appended. A type name is stored data: renaming one needs a migration. Written with a streaming generator, fields
 * without a value left out (rows written before that carry them as null: both read back the same): each change
 * writes one to three of these rows, a few hundred bytes each.
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
        StringWriter text = new StringWriter(768);
        String type;
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringProperty("event_id", event.eventId());
            json.writeStringProperty("occurred_at", event.occurredAt().toString());
            type = switch (event) {
                case ExecutionEvent e -> {
                    json.writeName("execution");
                    execution(json, e.execution());
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
                    json.writeName("workflow");
                    workflow(json, u.workflow());
                    yield "workflow.upserted";
                }
                case WorkflowEvent.Deleted d -> {
                    json.writeStringProperty("project_id", d.projectId().value());
                    json.writeStringProperty("owner", d.ownerId().value());
                    json.writeNumberProperty("sequence", d.sequence());
                    yield "workflow.deleted";
                }
                case ApiKeyEvent k -> {
                    json.writeStringProperty("key_id", k.keyId());
                    json.writeStringProperty("owner", k.ownerId().value());
                    json.writeNumberProperty("revision", k.sequence());
                    yield switch (k) {
                        case ApiKeyEvent.Created c -> "api_key.created";
                        case ApiKeyEvent.Changed c -> "api_key.changed";
                        case ApiKeyEvent.Revoked r -> "api_key.revoked";
                    };
                }
                case RobotEvent r -> {
                    json.writeName("robot");
                    robot(json, r.robot());
                    yield "robot." + switch (r) {
                        case RobotEvent.Online online -> {
                            json.writeStringProperty("connection_id", online.connectionId());
                            json.writeStringProperty("instance", online.instance());
                            json.writeStringProperty("connected_at", text(online.connectedAt()));
                            yield "online";
                        }
                        case RobotEvent.Offline offline -> {
                            json.writeStringProperty("connection_id", offline.connectionId());
                            yield "offline";
                        }
                        case RobotEvent.Changed c -> "changed";
                        case RobotEvent.Drained d -> "drained";
                        case RobotEvent.Revoked revoked -> "revoked";
                        case RobotEvent.Deleted d -> "deleted";
                        case RobotEvent.Enrolled e -> "enrolled";
                    };
                }
                case ScheduleEvent e -> {
                    json.writeStringProperty("schedule_id", e.scheduleId().value());
                    json.writeStringProperty("owner", e.owner().value());
                    json.writeStringProperty("project_id", e.projectId());
                    json.writeNumberProperty("revision", e.revision());
                    yield "schedule." + switch (e) {
                        case ScheduleEvent.Fired f -> {
                            json.writeStringProperty("scheduled_at", text(f.scheduledAt()));
                            json.writeStringProperty("execution_id", f.execution().value());
                            yield "fired";
                        }
                        case ScheduleEvent.NotFired n -> {
                            json.writeStringProperty("scheduled_at", text(n.scheduledAt()));
                            optional(json, "reason", n.reason());
                            yield n.outcome().wire();
                        }
                        case ScheduleEvent.Paused p -> {
                            json.writeStringProperty("reason", p.reason());
                            yield "paused";
                        }
                        case ScheduleEvent.Changed c -> c.change().wire();
                    };
                }
                case org.astronrpa.openapi.domain.webhook.WebhookEvent.Disabled d -> {
                    json.writeStringProperty("webhook_id", d.webhookId().value());
                    json.writeStringProperty("owner", d.owner().value());
                    json.writeNumberProperty("revision", d.revision());
                    json.writeStringProperty("url", d.url());
                    json.writeStringProperty("reason", d.reason());
                    yield "webhook.disabled";
                }
                case org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed c -> {
                    json.writeStringProperty("webhook_id", c.webhookId().value());
                    json.writeStringProperty("owner", c.owner().value());
                    json.writeNumberProperty("revision", c.revision());
                    yield "webhook." + c.change().wire();
                }
                default -> throw new IllegalArgumentException("no outbox type for " + event.getClass().getName());
            };
            json.writeEndObject();
        }
        return new Encoded(type, text.toString());
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
            case "api_key.changed" -> (id, root, at) -> new ApiKeyEvent.Changed(id, root.path("key_id").asString(),
                    new UserId(root.path("owner").asString()), root.path("revision").asLong(), at);
            // rows written before keys had revisions carry none: such a key was never changed
            case "api_key.revoked" -> (id, root, at) -> new ApiKeyEvent.Revoked(id, root.path("key_id").asString(),
                    new UserId(root.path("owner").asString()), root.path("revision").asLong(2), at);
            case "robot.online" -> (id, root, at) -> new RobotEvent.Online(id, robot(root.path("robot")),
                    root.path("connection_id").asString(), root.path("instance").asString(),
                    instant(root, "connected_at"), at);
            case "robot.offline" -> (id, root, at) -> new RobotEvent.Offline(id, robot(root.path("robot")),
                    root.path("connection_id").asString(), at);
            case "robot.changed" -> (id, root, at) -> new RobotEvent.Changed(id, robot(root.path("robot")), at);
            case "robot.drained" -> (id, root, at) -> new RobotEvent.Drained(id, robot(root.path("robot")), at);
            case "robot.revoked" -> (id, root, at) -> new RobotEvent.Revoked(id, robot(root.path("robot")), at);
            case "robot.deleted" -> (id, root, at) -> new RobotEvent.Deleted(id, robot(root.path("robot")), at);
            case "robot.enrolled" -> (id, root, at) -> new RobotEvent.Enrolled(id, robot(root.path("robot")), at);
            case "schedule.fired" -> (id, root, at) -> new ScheduleEvent.Fired(id, scheduleIdIn(root), ownerIn(root),
                    root.path("project_id").asString(), root.path("revision").asLong(), instant(root, "scheduled_at"),
                    new org.astronrpa.openapi.domain.execution.ExecutionId(root.path("execution_id").asString()), at);
            case "schedule.skipped", "schedule.missed", "schedule.failed_to_fire" -> (id, root, at) ->
                    new ScheduleEvent.NotFired(id, scheduleIdIn(root), ownerIn(root), root.path("project_id").asString(),
                            root.path("revision").asLong(), instant(root, "scheduled_at"),
                            Occurrence.Outcome.valueOf(type.substring("schedule.".length())
                                    .toUpperCase(java.util.Locale.ROOT)), string(root, "reason"), at);
            case "schedule.paused" -> (id, root, at) -> new ScheduleEvent.Paused(id, scheduleIdIn(root), ownerIn(root),
                    root.path("project_id").asString(), root.path("revision").asLong(), root.path("reason").asString(),
                    at);
            case "schedule.created", "schedule.updated", "schedule.resumed", "schedule.deleted" -> (id, root, at) ->
                    new ScheduleEvent.Changed(id, scheduleIdIn(root), ownerIn(root), root.path("project_id").asString(),
                            root.path("revision").asLong(), ScheduleEvent.Changed.Change.valueOf(
                                    type.substring("schedule.".length()).toUpperCase(java.util.Locale.ROOT)), at);
            case "webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted" -> (id, root, at) ->
                    new org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed(id,
                            new org.astronrpa.openapi.domain.webhook.WebhookId(root.path("webhook_id").asString()),
                            ownerIn(root), root.path("revision").asLong(),
                            org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed.Change.valueOf(
                                    type.substring("webhook.".length()).toUpperCase(java.util.Locale.ROOT)), at);
            case "webhook.disabled" -> (id, root, at) -> new org.astronrpa.openapi.domain.webhook.WebhookEvent.Disabled(
                    id, new org.astronrpa.openapi.domain.webhook.WebhookId(root.path("webhook_id").asString()),
                    ownerIn(root), root.path("revision").asLong(), root.path("url").asString(),
                    root.path("reason").asString(), at);
            default -> throw new UnknownType(type);
        };
        JsonNode root = JSON.readTree(payload);
        return decoder.decode(root.path("event_id").asString(), root, Instant.parse(root.path("occurred_at").asString()));
    }

    private static ScheduleId scheduleIdIn(JsonNode root) {
        return new ScheduleId(root.path("schedule_id").asString());
    }

    private static UserId ownerIn(JsonNode root) {
        return new UserId(root.path("owner").asString());
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

    /** An execution's fields; a field without a value is left out (read back as null). */
    private static void execution(JsonGenerator x, Execution e) {
        x.writeStartObject();
        x.writeStringProperty("id", e.id().value());
        x.writeStringProperty("project_id", e.projectId().value());
        x.writeStringProperty("owner", e.ownerId().value());
        x.writeStringProperty("status", e.status().name());
        x.writeStringProperty("params", e.paramsJson());
        optional(x, "result", e.resultJson());
        optional(x, "error", e.error());
        optional(x, "error_code", e.errorCode() == null ? null : e.errorCode().name());
        x.writeStringProperty("exec_position", e.execPosition());
        optional(x, "robot_id", e.robotId());
        optional(x, "event_id", e.eventId());
        optional(x, "start_time", text(e.startTime()));
        optional(x, "dispatched_at", text(e.dispatchedAt()));
        optional(x, "end_time", text(e.endTime()));
        x.writeNumberProperty("timeout_seconds", e.timeout().seconds());
        optional(x, "dispatch_deadline", text(e.dispatchDeadline()));
        x.writeNumberProperty("version", e.version());
        optional(x, "target", e.target().isAny() ? null : e.target().key());
        optional(x, "batch_id", e.batchId());
        optional(x, "callback", e.callback() == null ? null : e.callback().encoded());
        if (e.workflowRevision() != null) {
            x.writeNumberProperty("workflow_revision", e.workflowRevision());
        }
        if (e.stop().robotConfirmsStops()) {
            x.writeBooleanProperty("robot_confirms_stops", true);
            optional(x, "stop_confirmed_at", text(e.stop().confirmedAt()));
        }
        x.writeEndObject();
    }

    private static void optional(JsonGenerator json, String name, String value) {
        if (value != null) {
            json.writeStringProperty(name, value);
        }
    }

    private static Execution execution(JsonNode x) {
        String errorCode = string(x, "error_code");
        return new Execution(new ExecutionId(x.path("id").asString()), new ProjectId(x.path("project_id").asString()),
                new UserId(x.path("owner").asString()), ExecutionStatus.valueOf(x.path("status").asString()),
                x.path("params").asString(), string(x, "result"), string(x, "error"),
                errorCode == null ? null : ErrorCode.valueOf(errorCode), x.path("exec_position").asString(),
                string(x, "robot_id"), string(x, "event_id"), instant(x, "start_time"), instant(x, "dispatched_at"),
                instant(x, "end_time"), new ExecutionTimeout(x.path("timeout_seconds").asInt()),
                instant(x, "dispatch_deadline"), x.path("version").asLong(),
                org.astronrpa.openapi.domain.robot.RobotTarget.ofKey(string(x, "target")), string(x, "batch_id"),
                org.astronrpa.openapi.domain.execution.ExecutionCallback.decode(string(x, "callback")),
                x.hasNonNull("workflow_revision") ? x.get("workflow_revision").asLong() : null,
                new org.astronrpa.openapi.domain.execution.StopEvidence(x.path("robot_confirms_stops").asBoolean(false),
                        instant(x, "stop_confirmed_at")));
    }

    private static void workflow(JsonGenerator w, Workflow workflow) {
        w.writeStartObject();
        w.writeStringProperty("project_id", workflow.projectId().value());
        w.writeStringProperty("owner", workflow.ownerId().value());
        w.writeStringProperty("name", workflow.name());
        optional(w, "english_name", workflow.englishName());
        optional(w, "description", workflow.description());
        w.writeStringProperty("version", workflow.version());
        w.writeNumberProperty("status", workflow.status().code());
        optional(w, "parameters", workflow.parameters() == null ? null : workflow.parameters().json());
        w.writeStringProperty("tool_name", workflow.toolName().value());
        w.writeNumberProperty("revision", workflow.revision());
        optional(w, "created_at", text(workflow.createdAt()));
        optional(w, "updated_at", text(workflow.updatedAt()));
        optional(w, "integration", workflow.integration() == null ? null : workflow.integration().json());
        w.writeEndObject();
    }

    private static Workflow workflow(JsonNode w) {
        String parameters = string(w, "parameters");
        return new Workflow(new ProjectId(w.path("project_id").asString()), new UserId(w.path("owner").asString()),
                w.path("name").asString(), string(w, "english_name"), string(w, "description"),
                w.path("version").asString(), WorkflowStatus.ofCode(w.path("status").asInt()),
                parameters == null ? null : new ParametersSchema(parameters), new ToolName(w.path("tool_name").asString()),
                w.path("revision").asLong(), instant(w, "created_at"), instant(w, "updated_at"),
                string(w, "integration") == null ? null
                        : new org.astronrpa.openapi.domain.workflow.IntegrationDeclaration(string(w, "integration")));
    }

    private static void robot(JsonGenerator r, Robot robot) {
        r.writeStartObject();
        r.writeStringProperty("id", robot.id().value());
        r.writeStringProperty("owner", robot.owner().value());
        r.writeStringProperty("name", robot.name());
        optional(r, "machine", robot.machine());
        r.writeName("labels");
        r.writeStartObject();
        robot.labels().values().forEach(r::writeStringProperty);
        r.writeEndObject();
        r.writeStringProperty("client_kind", robot.clientKind());
        optional(r, "client_version", robot.clientVersion());
        r.writeName("capabilities");
        r.writeStartArray();
        robot.capabilities().forEach(r::writeString);
        r.writeEndArray();
        r.writeBooleanProperty("draining", robot.draining());
        r.writeStringProperty("first_seen", text(robot.firstSeen()));
        r.writeStringProperty("last_seen", text(robot.lastSeen()));
        r.writeNumberProperty("revision", robot.revision());
        r.writeEndObject();
    }

    private static Robot robot(JsonNode r) {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        r.path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        java.util.List<String> capabilities = new java.util.ArrayList<>();
        r.path("capabilities").forEach(capability -> capabilities.add(capability.asString()));
        return new Robot(new RobotId(r.path("id").asString()), new UserId(r.path("owner").asString()),
                r.path("name").asString(), string(r, "machine"), RobotLabels.of("labels", labels),
                r.path("client_kind").asString(), string(r, "client_version"), capabilities,
                r.path("draining").asBoolean(), instant(r, "first_seen"), instant(r, "last_seen"),
                r.path("revision").asLong());
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
