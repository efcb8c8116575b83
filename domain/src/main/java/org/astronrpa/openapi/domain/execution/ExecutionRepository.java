package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where executions live: the source of truth for dispatch, replies and deadlines. */
public interface ExecutionRepository {

    /** Stores a new execution (version 1). */
    void insert(Execution execution);

    Optional<Execution> find(ExecutionId id);

    /**
     * Stores new executions together (each of version 1), as {@link #insert} stores one: a store may write them in
     * fewer statements (the scheduler queues thousands at the same minute).
     */
    default void insertAll(List<Execution> executions) {
        executions.forEach(this::insert);
    }

    /** Those of {@code ids} that exist, by id (a store may read them in one statement). */
    default java.util.Map<ExecutionId, Execution> findAll(java.util.Collection<ExecutionId> ids) {
        java.util.Map<ExecutionId, Execution> found = new java.util.HashMap<>();
        for (ExecutionId id : ids) {
            find(id).ifPresent(execution -> found.put(id, execution));
        }
        return found;
    }

    /** The execution whose run frame carried this {@code event_id}. */
    Optional<Execution> findByEventId(String eventId);

    /**
     * Stores {@code next}, the next version of {@code current}, if the stored execution is still {@code current}
     * (same version). The store's counts by owner, workflow and status move with it in the same transaction.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when another change came first (the caller
     *         reloads and decides again), as {@code WorkflowRepository.update} does
     * @throws IllegalArgumentException when {@code next} is not the next version of {@code current}
     */
    void update(Execution current, Execution next);

    /**
     * The owner's executions that match, newest first (by start time, then id): the page {@code page} names by
     * number or by position, the exact total where the filter is {@link ExecutionFilter#counted() counted} (else
     * {@code null}), and the position after the page's last execution when more may follow.
     */
    Page<Execution> page(UserId owner, ExecutionFilter filter, PageRequest page);

    /** The owner's oldest PENDING execution: the head of the owner's FIFO queue. */
    Optional<Execution> oldestPending(UserId owner);

    /**
     * The targets the owner's PENDING executions are waiting for, each with the start time of its oldest, oldest
     * first; at most {@code limit} of them. Read from an index, but MariaDB and H2 read every queued entry of the owner
     * to answer (no skip scan with the owner and status fixed): the dispatcher reads it once and keeps it up to date
     * from the execution events, not once a decision.
     */
    List<QueuedTarget> pendingTargets(UserId owner, int limit);

    /** The owner's oldest PENDING execution for exactly {@code target}: the head of that target's queue. */
    Optional<Execution> oldestPending(UserId owner, org.astronrpa.openapi.domain.robot.RobotTarget target);

    /** How many of the owner's executions are PENDING for each target (for the robot list's queue depths). */
    java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, Long> pendingByTarget(UserId owner);

    /**
     * The {@code limit} targets with the most PENDING executions of all owners, most first, with their counts (for
     * the metrics: a bounded number of series however many targets wait).
     */
    List<TargetDepth> deepestTargets(int limit);

    /** How many executions wait for a target. */
    record TargetDepth(org.astronrpa.openapi.domain.robot.RobotTarget target, long pending) {
    }

    /** A target some of an owner's queued executions wait for, and the start time of the oldest of them. */
    record QueuedTarget(org.astronrpa.openapi.domain.robot.RobotTarget target, java.time.Instant oldestStart) {
    }

    /** The owner's RUNNING executions, earliest dispatch first, at most {@code limit} (one indexed query). */
    List<Execution> running(UserId owner, int limit);

    /**
     * Owners that have PENDING executions, in user id order, after {@code after} ({@code null}: from the first),
     * at most {@code limit}: a caller pages through all of them by passing the last one it got.
     */
    List<UserId> ownersWithPending(UserId after, int limit);

    /** Non-terminal executions whose deadline is at or before {@code now}, oldest deadline first. */
    List<Execution> overdue(Instant now, int limit);

    /**
     * Up to {@code limit} finished executions that ended before {@code endedBefore} and started before
     * {@code startedBefore}, oldest end first: what the retention purge deletes next. Read without a lock: a
     * finished execution stays finished with the same times, so the answer only goes stale by a concurrent purge,
     * which {@link #purge} sees.
     *
     * @return their ids (fewer than {@code limit}: no more is due)
     */
    List<ExecutionId> dueForPurge(Instant endedBefore, Instant startedBefore, int limit);

    /**
     * Deletes those of {@code due} that are still stored, finished, ended before {@code endedBefore} and started
     * before {@code startedBefore}, and moves their counts down, in the transaction in progress. The purge calls it
     * last in its transaction, so that the count rows a start of the same workflow also moves are held for as
     * short a time as possible.
     *
     * @return the ids deleted, in the order of {@code due}
     */
    List<ExecutionId> purge(List<ExecutionId> due, Instant endedBefore, Instant startedBefore);

    /** When the finished execution that ended first among those still stored ended; empty when there is none. */
    Optional<Instant> oldestFinished();

    /** How many executions of each status exist (for metrics). */
    java.util.Map<ExecutionStatus, Long> countByStatus();
}
