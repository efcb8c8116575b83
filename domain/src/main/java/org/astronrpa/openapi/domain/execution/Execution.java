package org.astronrpa.openapi.domain.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.astronrpa.openapi.domain.robot.RobotTarget;
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
 * @param target           which of its owner's robots may run it ({@link RobotTarget#ANY}: any)
 * @param batchId          the batch it was started in, one execution per matching robot ({@code strategy: "all"}), or
 *                         null
 * @param callback         where its own events go, asked for when it was started, or null
 * @param workflowRevision the revision of its workflow it was started for ({@code Workflow#revision}): the version
 *                         upstream's integration contract reports; null for an execution stored before it was kept
 * @param stop             whether the robot it was sent to confirms stops, and when it confirmed its run stopped
 *                         ({@link StopEvidence#NONE} before it is sent)
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
        long version,
        RobotTarget target,
        String batchId,
        ExecutionCallback callback,
        Long workflowRevision,
        StopEvidence stop) {

    public static final String DEFAULT_EXEC_POSITION = "EXECUTOR";

    /** An execution not sent to a robot that confirms stops. */
    public Execution(ExecutionId id, ProjectId projectId, UserId ownerId, ExecutionStatus status, String paramsJson,
                     String resultJson, String error, ErrorCode errorCode, String execPosition, String robotId,
                     String eventId, Instant startTime, Instant dispatchedAt, Instant endTime, ExecutionTimeout timeout,
                     Instant dispatchDeadline, long version, RobotTarget target, String batchId,
                     ExecutionCallback callback, Long workflowRevision) {
        this(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition, robotId, eventId,
                startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target, batchId, callback,
                workflowRevision, StopEvidence.NONE);
    }

    /** An execution whose workflow revision is not known. */
    public Execution(ExecutionId id, ProjectId projectId, UserId ownerId, ExecutionStatus status, String paramsJson,
                     String resultJson, String error, ErrorCode errorCode, String execPosition, String robotId,
                     String eventId, Instant startTime, Instant dispatchedAt, Instant endTime, ExecutionTimeout timeout,
                     Instant dispatchDeadline, long version, RobotTarget target, String batchId,
                     ExecutionCallback callback) {
        this(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition, robotId, eventId,
                startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target, batchId, callback, null);
    }

    /** An execution without a callback. */
    public Execution(ExecutionId id, ProjectId projectId, UserId ownerId, ExecutionStatus status, String paramsJson,
                     String resultJson, String error, ErrorCode errorCode, String execPosition, String robotId,
                     String eventId, Instant startTime, Instant dispatchedAt, Instant endTime, ExecutionTimeout timeout,
                     Instant dispatchDeadline, long version, RobotTarget target, String batchId) {
        this(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition, robotId, eventId,
                startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target, batchId, null);
    }

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
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(stop, "stop");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
        if (workflowRevision != null && workflowRevision < 1) {
            throw new IllegalArgumentException("a workflow revision starts at 1");
        }
        checkInvariants(status, robotId, eventId, dispatchedAt, endTime, errorCode);
        if (dispatchedAt == null && !stop.equals(StopEvidence.NONE)) {
            throw new IllegalArgumentException("only a run sent to a robot has stop evidence");
        }
        if (stop.confirmedAt() != null && !status.isTerminal()) {
            throw new IllegalArgumentException("a stop is confirmed only once the execution ended");
        }
    }

    /** An execution of no batch. */
    public Execution(ExecutionId id, ProjectId projectId, UserId ownerId, ExecutionStatus status, String paramsJson,
                     String resultJson, String error, ErrorCode errorCode, String execPosition, String robotId,
                     String eventId, Instant startTime, Instant dispatchedAt, Instant endTime, ExecutionTimeout timeout,
                     Instant dispatchDeadline, long version, RobotTarget target) {
        this(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition, robotId, eventId,
                startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target, null);
    }

    /** An execution any robot of its owner may run. */
    public Execution(ExecutionId id, ProjectId projectId, UserId ownerId, ExecutionStatus status, String paramsJson,
                     String resultJson, String error, ErrorCode errorCode, String execPosition, String robotId,
                     String eventId, Instant startTime, Instant dispatchedAt, Instant endTime, ExecutionTimeout timeout,
                     Instant dispatchDeadline, long version) {
        this(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition, robotId, eventId,
                startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, RobotTarget.ANY);
    }

    /** What each status implies: who runs it, since when, and why it ended. */
    private static void checkInvariants(ExecutionStatus status, String robotId, String eventId, Instant dispatchedAt,
                                        Instant endTime, ErrorCode errorCode) {
        switch (status) {
            case PENDING -> require(robotId == null && eventId == null && dispatchedAt == null && endTime == null
                    && errorCode == null, "a PENDING execution has no robot, run, dispatch, end or error");
            case RUNNING -> require(robotId != null && eventId != null && dispatchedAt != null && endTime == null
                    && errorCode == null, "a RUNNING execution has a robot, a run event id and a dispatch time, no end");
            case COMPLETED -> require(endTime != null && robotId != null && errorCode == null,
                    "a COMPLETED execution ran on a robot and has an end time and no error code");
            case FAILED, CANCELLED -> require(endTime != null && errorCode != null,
                    "a " + status + " execution has an end time and an error code");
        }
    }

    private static void require(boolean holds, String invariant) {
        if (!holds) {
            throw new IllegalArgumentException(invariant);
        }
    }

    /** A new execution, waiting for a free robot of its owner for at most {@code dispatchTimeout}. */
    public static Execution accept(ExecutionId id, ProjectId projectId, UserId owner, String paramsJson,
                                   String execPosition, ExecutionTimeout timeout, Duration dispatchTimeout, Instant now) {
        return accept(id, projectId, owner, paramsJson, execPosition, timeout, dispatchTimeout, now, RobotTarget.ANY);
    }

    /** A new execution for the robots {@code target} names, waiting for one of them for at most {@code dispatchTimeout}. */
    public static Execution accept(ExecutionId id, ProjectId projectId, UserId owner, String paramsJson,
                                   String execPosition, ExecutionTimeout timeout, Duration dispatchTimeout, Instant now,
                                   RobotTarget target) {
        return new Execution(id, projectId, owner, ExecutionStatus.PENDING, paramsJson, null, null, null,
                execPosition == null ? DEFAULT_EXEC_POSITION : execPosition, null, null, now, null, null, timeout,
                now.plus(dispatchTimeout), 1, target, null);
    }

    /** The same new execution as one of the batch {@code batch} (before it is stored). */
    public Execution inBatch(String batch) {
        requireNew("joins a batch");
        return new Execution(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition,
                robotId, eventId, startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target,
                Objects.requireNonNull(batch, "batch"), callback, workflowRevision, stop);
    }

    /** The same new execution, its events of {@code callback}'s to go to it (before it is stored). */
    public Execution withCallback(ExecutionCallback wanted) {
        requireNew("is given a callback");
        return new Execution(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition,
                robotId, eventId, startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target, batchId,
                wanted, workflowRevision, stop);
    }

    /** The same new execution, started for the revision {@code revision} of its workflow (before it is stored). */
    public Execution forRevision(long revision) {
        requireNew("is given its workflow's revision");
        return new Execution(id, projectId, ownerId, status, paramsJson, resultJson, error, errorCode, execPosition,
                robotId, eventId, startTime, dispatchedAt, endTime, timeout, dispatchDeadline, version, target, batchId,
                callback, revision, stop);
    }

    /** Sent to a robot that does not confirm stops: RUNNING from now, until its reply or its timeout. */
    public Execution dispatch(String robot, String runEventId, Instant now) {
        return dispatch(robot, runEventId, now, false);
    }

    /**
     * Sent to a robot: RUNNING from now, until its reply or its timeout.
     *
     * @param robotConfirmsStops the robot said, when it connected, that it confirms stops (API.md §5.1)
     */
    public Execution dispatch(String robot, String runEventId, Instant now, boolean robotConfirmsStops) {
        require(ExecutionStatus.RUNNING);
        Next next = next().status(ExecutionStatus.RUNNING).robot(Objects.requireNonNull(robot),
                Objects.requireNonNull(runEventId), now);
        next.stop = StopEvidence.of(robotConfirmsStops);
        return next.build();
    }

    /**
     * Its robot confirmed that the run stopped, after it was cancelled or timed out here: the evidence the integration
     * contract needs to call it cancelled / timed out. Its status does not change (it ended already).
     *
     * @return the next version, or empty when there is nothing to confirm: the run was never sent, ended by the
     *         robot's own reply, is still running, was sent to a robot that does not confirm stops, or is confirmed
     *         already
     */
    public java.util.Optional<Execution> confirmStop(Instant now) {
        boolean stoppedHere = status == ExecutionStatus.CANCELLED
                || (status == ExecutionStatus.FAILED && errorCode == ErrorCode.TIMEOUT);
        if (!stoppedHere || dispatchedAt == null || !stop.robotConfirmsStops() || stop.confirmedAt() != null) {
            return java.util.Optional.empty();
        }
        Next next = next();
        next.stop = new StopEvidence(true, Objects.requireNonNull(now, "now"));
        return java.util.Optional.of(next.build());
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
        return next().dispatchDeadline(newDeadline).build();
    }

    /** What the passing of {@code now} means for this execution (see {@link DeadlineOutcome}). */
    public DeadlineOutcome deadlinePassed(Instant now, BooleanSupplier ownerHasRobot, Duration dispatchTimeout) {
        Instant due = deadline();
        if (due == null || due.isAfter(now)) {
            return new DeadlineOutcome.NotDue(this);
        }
        if (status == ExecutionStatus.RUNNING) {
            return new DeadlineOutcome.TimedOut(fail(ErrorCode.TIMEOUT, "no reply from the robot within "
                    + timeout.seconds() + " s of dispatch; the outcome on the robot is unknown", now));
        }
        if (ownerHasRobot.getAsBoolean()) {
            // queued behind work on the owner's robots: it waits as long as some robot of the owner is there
            return new DeadlineOutcome.Postponed(postponeDispatchDeadline(now.plus(dispatchTimeout)));
        }
        return new DeadlineOutcome.RobotOffline(fail(ErrorCode.ROBOT_OFFLINE,
                "no robot of this user became available within the dispatch timeout", now));
    }

    /**
     * Right after it was queued and offered to the robots: an execution that may not wait for a robot (its dispatch
     * timeout is 0) and that no robot took fails with ROBOT_OFFLINE at once.
     */
    public ImmediateDispatch noRobotTookIt(Instant now) {
        if (status != ExecutionStatus.PENDING) {
            return new ImmediateDispatch.Taken(this);
        }
        if (dispatchDeadline.isAfter(startTime)) {
            return new ImmediateDispatch.Waits(this);
        }
        return new ImmediateDispatch.NoRobot(fail(ErrorCode.ROBOT_OFFLINE, "no robot of this user is connected and idle",
                now));
    }

    /**
     * Whether the run {@code runEventId} certainly never left for the robot, and so may go back to its place in the
     * queue as if it had never been dispatched (the queue is ordered by start time); a run that may have been sent
     * is left to its reply or timeout — a run is never sent twice.
     */
    public Requeue requeueIfNeverSent(String runEventId, NeverSent evidence, Instant now, Duration dispatchTimeout) {
        if (status != ExecutionStatus.RUNNING || !eventId.equals(runEventId)) {
            return new Requeue.NotThatRun(this);
        }
        boolean certain = switch (evidence) {
            case NeverSent.SendRefused refused -> true;
            case NeverSent.ClaimedByLostInstance(Instant lastBeat, boolean markedAsSent) ->
                    !markedAsSent && lastBeat != null && dispatchedAt.isBefore(lastBeat);
        };
        return certain ? new Requeue.Requeued(returnToQueue(now, dispatchTimeout)) : new Requeue.MaybeSent(this);
    }

    private Execution returnToQueue(Instant now, Duration dispatchTimeout) {
        require(ExecutionStatus.PENDING);
        Next next = next().status(ExecutionStatus.PENDING).robot(null, null, null)
                .dispatchDeadline(now.plus(dispatchTimeout.isNegative() ? Duration.ZERO : dispatchTimeout));
        next.stop = StopEvidence.NONE;
        return next.build();
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

    /** Only an execution not stored yet ({@code version} 1, PENDING) may be changed this way. */
    private void requireNew(String change) {
        if (version != 1 || status != ExecutionStatus.PENDING) {
            throw new IllegalStateException("only a new execution " + change);
        }
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
        return next().status(next).ended(result, message, code, now).build();
    }

    private Next next() {
        return new Next(this);
    }

    /** The next version of an execution: starts as a copy, changes only what a transition names. */
    private static final class Next {
        private final Execution from;
        private ExecutionStatus status;
        private String robotId;
        private String eventId;
        private Instant dispatchedAt;
        private Instant dispatchDeadline;
        private String resultJson;
        private String error;
        private ErrorCode errorCode;
        private Instant endTime;
        private StopEvidence stop;

        Next(Execution from) {
            this.from = from;
            this.status = from.status;
            this.robotId = from.robotId;
            this.eventId = from.eventId;
            this.dispatchedAt = from.dispatchedAt;
            this.dispatchDeadline = from.dispatchDeadline;
            this.resultJson = from.resultJson;
            this.error = from.error;
            this.errorCode = from.errorCode;
            this.endTime = from.endTime;
            this.stop = from.stop;
        }

        Next status(ExecutionStatus next) {
            this.status = next;
            return this;
        }

        Next robot(String robot, String runEventId, Instant dispatched) {
            this.robotId = robot;
            this.eventId = runEventId;
            this.dispatchedAt = dispatched;
            return this;
        }

        Next dispatchDeadline(Instant deadline) {
            this.dispatchDeadline = deadline;
            return this;
        }

        Next ended(String result, String message, ErrorCode code, Instant at) {
            this.resultJson = result;
            this.error = message;
            this.errorCode = code;
            this.endTime = at;
            return this;
        }

        Execution build() {
            return new Execution(from.id, from.projectId, from.ownerId, status, from.paramsJson, resultJson, error,
                    errorCode, from.execPosition, robotId, eventId, from.startTime, dispatchedAt, endTime, from.timeout,
                    dispatchDeadline, from.version + 1, from.target, from.batchId, from.callback, from.workflowRevision,
                    stop);
        }
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
