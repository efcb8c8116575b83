package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.astronrpa.openapi.domain.shared.DomainEvent;

/**
 * What happened to an execution; each event carries the execution as that change left it, and its sequence is the
 * execution's version. RUNNING is not a separate event: a robot does not acknowledge the start of a run, so an
 * execution runs from its dispatch. A run that got no reply in time is {@link TimedOut} (stored, and shown to
 * clients, as FAILED with error code TIMEOUT).
 */
public sealed interface ExecutionEvent extends DomainEvent {

    Execution execution();

    @Override
    default String aggregateType() {
        return "execution";
    }

    @Override
    default String aggregateId() {
        return execution().id().value();
    }

    @Override
    default long sequence() {
        return execution().version();
    }

    /** Accepted, or back in its owner's queue. */
    record Queued(String eventId, Execution execution, Instant occurredAt) implements ExecutionEvent {
        public Queued {
            check(eventId, execution, occurredAt, ExecutionStatus.PENDING);
        }

        /** Accepted: version 1 is the execution as it was made, in the change that records this. */
        @Override
        public boolean opensAggregate() {
            return execution.version() == 1;
        }
    }

    /** Sent to a robot of its owner: RUNNING from now. */
    record Dispatched(String eventId, Execution execution, Instant occurredAt) implements ExecutionEvent {
        public Dispatched {
            check(eventId, execution, occurredAt, ExecutionStatus.RUNNING);
        }
    }

    record Completed(String eventId, Execution execution, Instant occurredAt) implements ExecutionEvent {
        public Completed {
            check(eventId, execution, occurredAt, ExecutionStatus.COMPLETED);
        }
    }

    /** Ended FAILED for any reason but a timeout. */
    record Failed(String eventId, Execution execution, Instant occurredAt) implements ExecutionEvent {
        public Failed {
            check(eventId, execution, occurredAt, ExecutionStatus.FAILED);
        }
    }

    /** Ended FAILED with TIMEOUT: no reply within its timeout of dispatch. */
    record TimedOut(String eventId, Execution execution, Instant occurredAt) implements ExecutionEvent {
        public TimedOut {
            check(eventId, execution, occurredAt, ExecutionStatus.FAILED);
        }
    }

    record Cancelled(String eventId, Execution execution, Instant occurredAt) implements ExecutionEvent {
        public Cancelled {
            check(eventId, execution, occurredAt, ExecutionStatus.CANCELLED);
        }
    }

    /**
     * The event of a change from {@code before} (empty: a new execution) to {@code after}; none for a change that
     * keeps the status and tells watchers nothing (a postponed dispatch deadline).
     */
    static Optional<ExecutionEvent> of(Optional<ExecutionStatus> before, Execution after, Supplier<String> ids,
                                       Instant now) {
        if (before.isPresent() && before.get() == after.status()) {
            return Optional.empty();
        }
        String id = ids.get();
        return Optional.of(switch (after.status()) {
            case PENDING -> new Queued(id, after, now);
            case RUNNING -> new Dispatched(id, after, now);
            case COMPLETED -> new Completed(id, after, now);
            case FAILED -> after.errorCode() == ErrorCode.TIMEOUT ? new TimedOut(id, after, now) : new Failed(id, after, now);
            case CANCELLED -> new Cancelled(id, after, now);
        });
    }

    private static void check(String eventId, Execution execution, Instant occurredAt, ExecutionStatus status) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (execution.status() != status) {
            throw new IllegalArgumentException("a " + status + " event of a " + execution.status() + " execution");
        }
    }
}
