package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import org.astronrpa.openapi.application.audit.ListAuditEvents;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.shared.FieldErrors;

/** {@code GET /audit-events}: the caller's audit log (API.md §4a). */
final class AuditRoutes {
    private final ListAuditEvents listAuditEvents;
    private final Authentication auth;

    AuditRoutes(ListAuditEvents listAuditEvents, Authentication auth) {
        this.listAuditEvents = listAuditEvents;
        this.auth = auth;
    }

    /** Who acted, as the log names them: the fields of their kind only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ActorJson(String type, @JsonProperty("user_id") String userId, @JsonProperty("key_id") String keyId,
                     @JsonProperty("key_prefix") String keyPrefix, @JsonProperty("robot_id") String robotId,
                     @JsonProperty("schedule_id") String scheduleId) {
        static ActorJson from(Actor actor) {
            return new ActorJson(actor.type().wire(), actor.user() == null ? null : actor.user().value(),
                    actor.keyId(), actor.keyPrefix(), actor.robotId(), actor.scheduleId());
        }
    }

    record ResourceJson(String type, String id) {
    }

    /** One entry: every field present, {@code null} where it has no value. */
    record AuditEventJson(String id, String time, String action, String outcome, ActorJson actor,
                          ResourceJson resource, @JsonProperty("project_id") String projectId, String reason,
                          @JsonProperty("source_ip") String sourceIp, @JsonProperty("request_id") String requestId) {
        static AuditEventJson from(AuditEvent e) {
            return new AuditEventJson(e.id(), Times.format(e.occurredAt()), e.action(), e.outcome().wire(),
                    ActorJson.from(e.actor()),
                    e.resourceType() == null ? null : new ResourceJson(e.resourceType(), e.resourceId()),
                    e.projectId(), e.reason(), e.sourceIp(), e.requestId());
        }
    }

    void register(RoutesConfig routes) {
        routes.get("/audit-events", auth.required(Scope.AUDIT_READ, this::list));
    }

    private void list(Context ctx, Caller caller) {
        FieldErrors errors = new FieldErrors();
        var page = errors.collect(() -> Paging.of(ctx));
        Instant from = errors.collect(() -> instant(ctx, "from"));
        Instant to = errors.collect(() -> instant(ctx, "to"));
        String cursor = Paging.cursor(ctx, errors);
        errors.throwIfAny();
        AuditQuery query = AuditQuery.of(caller.userId(), text(ctx, "actor"), text(ctx, "action"),
                text(ctx, "resource"), from, to);
        ListAuditEvents.Listed listed = listAuditEvents.list(caller, query, page, cursor);
        ctx.json(Envelope.ok(CursorPageJson.from(listed.page(), AuditEventJson::from, listed.nextCursor())));
    }

    private static String text(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static Instant instant(Context ctx, String name) {
        String raw = text(ctx, name);
        return raw == null ? null : Times.parse(name, raw);
    }
}
