package org.astronrpa.openapi.domain.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * One run of a workflow on one of its owner's robots. Every change goes through a method that checks the
 * transition table of {@link ExecutionStatus} and returns the next version; a terminal execution never changes.
 *
 * @param paramsJson       the caller's params, compact JSON text of an object
 * @param resultJson       the robot's result (JSON text, may be {@code "null"}) once COMPLETED
 * @param eventId          the {@code event_id} of the run frame, by which the robot's reply finds the execution
 * @param dispatchDeadline when a still-PENDING execution fails with ROBOT_OFFLINE
 * @param version          counts changes; storage updates only from the previous version
 */
public record Execution(
        ExecutionId id,
        ProjectId projectId,
        UserId ownerId,
        ExecutionStatus status,
        String paramsJson,
        String resultJson,
        String error,
        ErrorCode errorCode,
        String execPosition,
        String robotId,
        String eventId,
        Instant startTime,
        Instant dispatchedAt,
        Instant endTime,
        ExecutionTimeout timeout,
        Instant dispatchDeadline,
        long version) {

    public static final String DEFAULT_EXEC_POSITION = "EXECUTOR";

    public Execution {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(execPosition, "execPosition");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(dispatchDeadline, "dispatchDeadline");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    /** A new execution, waiting for a free robot of its owner for at most {@code dispatchTimeout}. */
    public static Execution accept(ExecutionId id, ProjectId projectId, UserId owner, String paramsJson,
                                   String execPosition, ExecutionTimeout timeout, Duration dispatchTimeout, Instant now) {
        return new Execution(id, projectId, owner, ExecutionStatus.PENDING, paramsJson, null, null, null,
                execPosition == null ? DEFAULT_EXEC_POSITION : execPosition, null, null, now, null, null, timeout,
                now.plus(dispatchTimeout), 1);
    }

    /** Sent to a robot: RUNNING from now, until its reply or its timeout. */
    public Execution dispatch(String robot, String runEventId, Instant now) {
        require(ExecutionStatus.RUNNING);
        return new Execution(id, projectId, ownerId, ExecutionStatus.RUNNING, paramsJson, null, null, null,
                execPosition, Objects.requireNonNull(robot), Objects.requireNonNull(runEventId), startTime, now, null,
                timeout, dispatchDeadline, version + 1);
    }

    /**
     * Still queued, but its owner has a robot (busy with earlier work): it keeps waiting until {@code newDeadline}.
     * Only an owner without any connected robot makes a queued execution fail with ROBOT_OFFLINE.
     */
    public Execution postponeDispatchDeadline(Instant newDeadline) {
        if (status != ExecutionStatus.PENDING) {
            throw status.isTerminal() ? new ExecutionAlreadyFinished(id, status)
                    : new IllegalStateException("only a PENDING execution waits for dispatch");
        }
        return new Execution(id, projectId, ownerId, status, paramsJson, null, null, null, execPosition, null, null,
                startTime, null, null, timeout, newDeadline, version + 1);
    }

    /**
     * Claimed by an instance that was lost before it sent the run to the robot: back in its owner's queue as if it
     * had never been dispatched (its place is kept: the queue is ordered by start time).
     */
    public Execution returnToQueue(Instant now, Duration dispatchTimeout) {
        if (status != ExecutionStatus.RUNNING) {
            throw status.isTerminal() ? new ExecutionAlreadyFinished(id, status)
                    : new IllegalStateException("only a RUNNING execution returns to the queue");
        }
        require(ExecutionStatus.PENDING);
        return new Execution(id, projectId, ownerId, ExecutionStatus.PENDING, paramsJson, null, null, null, execPosition,
                null, null, startTime, null, null, timeout, now.plus(dispatchTimeout), version + 1);
    }

    /** The robot's reply, read by the rule of API.md §3. */
    public Execution finish(RobotReply reply, Instant now) {
        return switch (reply.outcome()) {
            case RobotReply.Outcome.Succeeded(String result) -> end(ExecutionStatus.COMPLETED, result, null, null, now);
            case RobotReply.Outcome.Failed(String message, ErrorCode code) -> end(ExecutionStatus.FAILED, null, message,
                    code, now);
        };
    }

    public Execution fail(ErrorCode code, String message, Instant now) {
        return end(ExecutionStatus.FAILED, null, Objects.requireNonNull(message), Objects.requireNonNull(code), now);
    }

    public Execution cancel(Instant now) {
        return end(ExecutionStatus.CANCELLED, null, "cancelled by the caller", ErrorCode.CANCELLED, now);
    }

    /** When this execution fails if nothing happens before: the dispatch deadline, then the run timeout. */
    public Instant deadline() {
        return switch (status) {
            case PENDING -> dispatchDeadline;
            case RUNNING -> dispatchedAt.plus(timeout.duration());
            case COMPLETED, FAILED, CANCELLED -> null;
        };
    }

    public boolean isOwnedBy(UserId user) {
        return ownerId.equals(user);
    }

    private Execution end(ExecutionStatus next, String result, String message, ErrorCode code, Instant now) {
        require(next);
        return new Execution(id, projectId, ownerId, next, paramsJson, result, message, code, execPosition, robotId,
                eventId, startTime, dispatchedAt, now, timeout, dispatchDeadline, version + 1);
    }

    private void require(ExecutionStatus next) {
        if (status.isTerminal()) {
            throw new ExecutionAlreadyFinished(id, status);
        }
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("execution " + id + " cannot move from " + status + " to " + next);
        }
    }
}
