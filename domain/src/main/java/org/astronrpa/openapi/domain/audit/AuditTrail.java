package org.astronrpa.openapi.domain.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.WebhookEvent;

/**
 * Which changes the audit log records, and what it says of each: the one place that decides it. An entry is made of
 * a domain event (and takes its id: one entry per event, whoever records it) and of who caused the change
 * ({@link Attribution}); it holds identities only — ids, names of actions, the key's prefix, a reason the service
 * gave — never a parameter value, a result, a URL or a secret.
 *
 * <p>Recorded: API keys created, changed, revoked; workflows upserted, deleted; executions started (queued for the
 * first time: a requeue is not a start; by the caller who started it, or by the schedule whose occurrence fired it)
 * and cancelled; robots enrolled, revoked, deleted; schedules created, updated,
 * paused, resumed, deleted; webhook subscriptions created, updated, their secret rotated, deleted, disabled by the
 * service; and failed authentications ({@link #failedAuthentication}, written apart from any change). Not recorded:
 * what only follows from those (a dispatch, a run's end, a robot coming online, an occurrence firing: the executions'
 * and schedules' own histories hold them).
 */
public final class AuditTrail {
    /** The action of a failed authentication. */
    public static final String AUTHENTICATION_FAILED = "authentication.failed";

    private AuditTrail() {
    }

    /** The entries of the events one change records, in their order, caused as {@code by} says. */
    public static List<AuditEvent> of(List<? extends DomainEvent> events, Attribution by) {
        List<AuditEvent> entries = new ArrayList<>(1);
        for (DomainEvent event : events) {
            entry(event, by).ifPresent(entries::add);
        }
        return entries;
    }

    /** The entry of {@code event}, or empty when the log does not record it. */
    public static Optional<AuditEvent> entry(DomainEvent event, Attribution by) {
        return Optional.ofNullable(switch (event) {
            case ApiKeyEvent.Created e -> change(e, by, e.ownerId(), "api_key.created", "api_key", e.keyId(), null);
            case ApiKeyEvent.Changed e -> change(e, by, e.ownerId(), "api_key.changed", "api_key", e.keyId(), null);
            case ApiKeyEvent.Revoked e -> change(e, by, e.ownerId(), "api_key.revoked", "api_key", e.keyId(), null);
            case org.astronrpa.openapi.domain.workflow.WorkflowEvent.Upserted e ->
                    change(e, by, e.ownerId(), "workflow.upserted", "workflow", e.projectId().value(),
                            e.projectId().value());
            case org.astronrpa.openapi.domain.workflow.WorkflowEvent.Deleted e ->
                    change(e, by, e.ownerId(), "workflow.deleted", "workflow", e.projectId().value(),
                            e.projectId().value());
            // a start by someone; the service starts runs of itself only as a schedule fires: that is told below
            case ExecutionEvent.Queued e when e.opensAggregate() && by.actor().type() != Actor.Type.SYSTEM ->
                    execution(e, by, "execution.started");
            // the scheduler fired an occurrence (its owner's trigger or backfill is a start by the owner, above)
            case ScheduleEvent.Fired e when by.actor().type() == Actor.Type.SYSTEM -> entry(e,
                    new Attribution(Actor.schedule(e.owner(), e.scheduleId().value()), null, null), e.owner(),
                    "execution.started", "execution", e.execution().value(), e.projectId(), null);
            case ExecutionEvent.Cancelled e -> execution(e, by, "execution.cancelled");
            // the robot enrolls itself: the enrollment token it brought is what let it in
            case RobotEvent.Enrolled e -> entry(e, new Attribution(Actor.robot(e.ownerId(), e.robot().id().value()),
                    by.sourceIp(), by.requestId()), e.ownerId(), "robot.enrolled", "robot", e.robot().id().value(),
                    null, null);
            case RobotEvent.Revoked e -> change(e, by, e.ownerId(), "robot.revoked", "robot", e.robot().id().value(),
                    null);
            case RobotEvent.Deleted e -> change(e, by, e.ownerId(), "robot.deleted", "robot", e.robot().id().value(),
                    null);
            case ScheduleEvent.Changed e -> change(e, by, e.owner(), "schedule." + e.change().wire(), "schedule",
                    e.scheduleId().value(), e.projectId());
            case ScheduleEvent.Paused e -> entry(e, by, e.owner(), "schedule.paused", "schedule",
                    e.scheduleId().value(), e.projectId(), e.reason());
            case WebhookEvent.Changed e -> change(e, by, e.owner(), "webhook." + e.change().wire(), "webhook",
                    e.webhookId().value(), null);
            case WebhookEvent.Disabled e -> entry(e, by, e.owner(), "webhook.disabled", "webhook",
                    e.webhookId().value(), null, e.reason());
            default -> null;
        });
    }

    /**
     * The entry of credentials that let nobody in: {@code owner} the known key's owner ({@code null}: a credential
     * nobody owns), {@code keyId} its id when known, {@code keyPrefix} the prefix of what was presented (the part an
     * owner sees in their key list, never the rest of it), {@code reason} why it was refused. {@code folded} earlier
     * failures like it were not written (the log records failures at a limited rate): the reason says how many.
     */
    public static AuditEvent failedAuthentication(String id, Instant at, UserId owner, String keyId, String keyPrefix,
                                                  String reason, long folded, String sourceIp, String requestId) {
        String said = folded > 0 ? reason + " (and " + folded + " more like it not recorded)" : reason;
        return new AuditEvent(id, at, owner, Actor.anonymous(keyId, keyPrefix), AUTHENTICATION_FAILED,
                keyId == null ? null : "api_key", keyId, null, AuditEvent.Outcome.FAILURE, said, sourceIp,
                requestId);
    }

    private static AuditEvent execution(ExecutionEvent event, Attribution by, String action) {
        Execution execution = event.execution();
        return change(event, by, execution.ownerId(), action, "execution", execution.id().value(),
                execution.projectId().value());
    }

    private static AuditEvent change(DomainEvent event, Attribution by, UserId owner, String action,
                                     String resourceType, String resourceId, String projectId) {
        return entry(event, by, owner, action, resourceType, resourceId, projectId, null);
    }

    private static AuditEvent entry(DomainEvent event, Attribution by, UserId owner, String action,
                                    String resourceType, String resourceId, String projectId, String reason) {
        return new AuditEvent(event.eventId(), event.occurredAt(), owner, by.actor(), action, resourceType, resourceId,
                projectId, AuditEvent.Outcome.SUCCESS, reason, by.sourceIp(), by.requestId());
    }
}
