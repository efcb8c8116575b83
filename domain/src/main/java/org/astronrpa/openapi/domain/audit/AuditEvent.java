package org.astronrpa.openapi.domain.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * One entry of the audit log: {@code actor} did {@code action} to the resource ({@code resourceType},
 * {@code resourceId}; {@code projectId} the workflow it belongs to, when it belongs to one) with {@code outcome}, from
 * {@code sourceIp} in request {@code requestId}, at {@code occurredAt}. {@code owner} is the user whose log shows it
 * (the resource's owner); {@code null} only for a failed authentication by a credential nobody owns. {@code reason}
 * says why, where the action has one (a failed authentication, the service pausing a schedule). It never holds a
 * parameter value, a result or a secret: {@link AuditTrail} builds it from what an event says of identities alone.
 */
public record AuditEvent(String id, Instant occurredAt, UserId owner, Actor actor, String action,
                         String resourceType, String resourceId, String projectId, Outcome outcome, String reason,
                         String sourceIp, String requestId) {

    public enum Outcome {
        SUCCESS, FAILURE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        if ((resourceType == null) != (resourceId == null)) {
            throw new IllegalArgumentException("a resource has a type and an id, or neither");
        }
    }
}
