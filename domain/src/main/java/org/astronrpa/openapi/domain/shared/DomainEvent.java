package org.astronrpa.openapi.domain.shared;

import java.time.Instant;

/**
 * Something that happened to one aggregate. Consumers deduplicate by {@link #eventId()}; the events of one aggregate
 * are ordered by {@link #sequence()}, which grows with each change of it (numbers may be skipped, never reused).
 * Each feature's events form a sealed family beside its aggregate ({@code ExecutionEvent}, {@code WorkflowEvent},
 * {@code ApiKeyEvent}).
 */
public interface DomainEvent {

    /** Unique among all events: from the injected {@link IdGenerator}. */
    String eventId();

    /** The kind of aggregate it happened to ({@code execution}, {@code workflow}, {@code api_key}). */
    String aggregateType();

    /** The id of the aggregate it happened to (execution id, project id, key id). */
    String aggregateId();

    /** The position of this event among the events of its aggregate. */
    long sequence();

    /**
     * Whether it is the first event of an aggregate that the same change made (a new execution queued): no event of
     * that aggregate can come before it, so an outbox need not look for one.
     */
    default boolean opensAggregate() {
        return false;
    }

    /** When it happened: from the injected {@link TimeSource}. */
    Instant occurredAt();
}
