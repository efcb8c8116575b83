package org.astronrpa.openapi.domain.workflow;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * What happened to a workflow (and so to its owner's MCP tool list). The sequence is the workflow's revision; a
 * deletion comes after the last revision.
 */
public sealed interface WorkflowEvent extends DomainEvent {

    UserId ownerId();

    ProjectId projectId();

    @Override
    default String aggregateType() {
        return "workflow";
    }

    @Override
    default String aggregateId() {
        return projectId().value();
    }

    /** Created or changed: the workflow as saved. */
    record Upserted(String eventId, Workflow workflow, Instant occurredAt) implements WorkflowEvent {
        public Upserted {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(workflow, "workflow");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public UserId ownerId() {
            return workflow.ownerId();
        }

        @Override
        public ProjectId projectId() {
            return workflow.projectId();
        }

        @Override
        public long sequence() {
            return workflow.revision();
        }
    }

    /** Deleted by its owner; {@code sequence} follows the deleted workflow's last revision. */
    record Deleted(String eventId, ProjectId projectId, UserId ownerId, long sequence, Instant occurredAt)
            implements WorkflowEvent {
        public Deleted {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** The deletion of {@code last}, the workflow as it was stored. */
        public static Deleted of(String eventId, Workflow last, Instant now) {
            return new Deleted(eventId, last.projectId(), last.ownerId(), last.revision() + 1, now);
        }
    }
}
