package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.astronrpa.openapi.application.webhook.ManageWebhooks;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.webhook.WebhookBodies;
import org.astronrpa.openapi.domain.webhook.WebhookEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies of webhook deliveries (API.md §3b): {@code {"id", "type", "occurred_at", "sequence", "data"}}, where
 * {@code data} holds the aggregate as the API shows it elsewhere — an execution as {@code GET /executions/{id}} does,
 * a robot as {@code /ws/events} does — so that a receiver parses one shape whichever way it heard.
 */
public final class JsonWebhookBodies implements WebhookBodies {
    private final JsonMapper mapper = HttpServer.objectMapper();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String id, String type, @JsonProperty("occurred_at") String occurredAt, long sequence,
                Map<String, Object> data) {
    }

    @Override
    public String render(String topic, DomainEvent event) {
        return mapper.writeValueAsString(new Body(event.eventId(), topic, Times.format(event.occurredAt()),
                event.sequence(), data(event)));
    }

    private static Map<String, Object> data(DomainEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        switch (event) {
            // without its callback: its URL may hold a token, and other receivers are sent this body too
            case ExecutionEvent e -> data.put("execution", ExecutionJson.from(e.execution()).withoutCallback());
            case RobotEvent e -> data.put("robot", EventsSocket.RobotEventJson.from(e));
            case ScheduleEvent.Fired e -> {
                schedule(data, e);
                data.put("scheduled_at", Times.format(e.scheduledAt()));
                data.put("execution_id", e.execution().value());
            }
            case ScheduleEvent.NotFired e -> {
                schedule(data, e);
                data.put("scheduled_at", Times.format(e.scheduledAt()));
                data.put("outcome", e.outcome().wire());
                data.put("reason", e.reason());
            }
            case ScheduleEvent.Paused e -> {
                schedule(data, e);
                data.put("reason", e.reason());
            }
            case WebhookEvent.Disabled e -> {
                data.put("webhook_id", e.webhookId().value());
                data.put("url", e.url());
                data.put("reason", e.reason());
            }
            case ManageWebhooks.Ping p -> data.put("webhook_id", p.webhookId().value());
            default -> data.put("aggregate", Map.of("type", event.aggregateType(), "id", event.aggregateId()));
        }
        return data;
    }

    private static void schedule(Map<String, Object> data, ScheduleEvent e) {
        data.put("schedule_id", e.scheduleId().value());
        data.put("project_id", e.projectId());
    }
}
