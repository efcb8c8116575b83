package org.astronrpa.openapi.domain.schedule;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * What became of a schedule's occurrence — fired, skipped, missed, failed to fire —, that the service or its owner
 * paused the schedule, or that its owner made, changed, resumed or deleted it; recorded with the change in its
 * transaction. Its sequence is the schedule's revision after the change (a deletion's, the one after its last).
 */
public sealed interface ScheduleEvent extends DomainEvent {

    ScheduleId scheduleId();

    UserId owner();

    /** The schedule's workflow. */
    String projectId();

    /** The schedule's revision once this happened. */
    long revision();

    @Override
    default String aggregateType() {
        return "schedule";
    }

    @Override
    default String aggregateId() {
        return scheduleId().value();
    }

    @Override
    default long sequence() {
        return revision();
    }

    /** The occurrence scheduled at {@code scheduledAt} created {@code execution}. */
    record Fired(String eventId, ScheduleId scheduleId, UserId owner, String projectId, long revision,
                 Instant scheduledAt, ExecutionId execution, Instant occurredAt) implements ScheduleEvent {
        public Fired {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(scheduledAt, "scheduledAt");
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** The occurrence was skipped, missed or could not fire ({@code outcome}), for {@code reason}. */
    record NotFired(String eventId, ScheduleId scheduleId, UserId owner, String projectId, long revision,
                    Instant scheduledAt, Occurrence.Outcome outcome, String reason, Instant occurredAt)
            implements ScheduleEvent {
        public NotFired {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(scheduledAt, "scheduledAt");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(occurredAt, "occurredAt");
            if (outcome == Occurrence.Outcome.FIRED) {
                throw new IllegalArgumentException("a fired occurrence is a Fired event");
            }
        }
    }

    /** The service paused the schedule, for {@code reason}. */
    record Paused(String eventId, ScheduleId scheduleId, UserId owner, String projectId, long revision, String reason,
                  Instant occurredAt) implements ScheduleEvent {
        public Paused {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** The event of {@code paused}, the schedule as the service paused it (with its reason). */
        public static Paused of(String eventId, Schedule paused, Instant at) {
            return of(eventId, paused, paused.pausedReason(), at);
        }

        /** The event of {@code paused} for {@code reason} (its owner's pause shows none in the schedule). */
        public static Paused of(String eventId, Schedule paused, String reason, Instant at) {
            return new Paused(eventId, paused.id(), paused.owner(), paused.definition().projectId().value(),
                    paused.revision(), reason, at);
        }
    }

    /** Its owner made it, changed its definition, resumed it or deleted it ({@code change}). */
    record Changed(String eventId, ScheduleId scheduleId, UserId owner, String projectId, long revision,
                   Change change, Instant occurredAt) implements ScheduleEvent {
        /** What the owner did, by its wire name ({@code created}, …). */
        public enum Change {
            CREATED, UPDATED, RESUMED, DELETED;

            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public Changed {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(scheduleId, "scheduleId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** The event of {@code change} of {@code schedule}, as the change stored it (as it was, for a deletion). */
        public static Changed of(String eventId, Schedule schedule, Change change, Instant at) {
            return new Changed(eventId, schedule.id(), schedule.owner(), schedule.definition().projectId().value(),
                    change == Change.DELETED ? schedule.revision() + 1 : schedule.revision(), change, at);
        }

        @Override
        public boolean opensAggregate() {
            return change == Change.CREATED;
        }
    }
}
