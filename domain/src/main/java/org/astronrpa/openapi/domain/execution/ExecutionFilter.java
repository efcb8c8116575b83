package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * Narrows an owner's execution list; {@code null} (or no status) = any. Each combination allowed here is one that an
 * index of the store serves in order, so that every page costs about its own size at any history length:
 * <ul>
 *   <li>{@code statuses} (one or several), alone or with {@code projectId};</li>
 *   <li>{@code projectId}, {@code robotId}, {@code errorCode} or {@code batchId}: at most one of them;</li>
 *   <li>the start-time range ({@code startedAfter} inclusive, {@code startedBefore} exclusive) with any of the above.</li>
 * </ul>
 * Other combinations would read rows the filter then drops, as many as the history holds, so they are refused
 * (a 422 naming the field) rather than answered slowly.
 */
public record ExecutionFilter(ProjectId projectId, Set<ExecutionStatus> statuses, String robotId, ErrorCode errorCode,
                              Instant startedAfter, Instant startedBefore, String batchId) {
    public static final ExecutionFilter ANY = new ExecutionFilter(null, Set.of(), null, null, null, null);
    /** Longest batch id (a UUID). */
    public static final int MAX_BATCH_ID = 36;

    /** A filter of no batch. */
    public ExecutionFilter(ProjectId projectId, Set<ExecutionStatus> statuses, String robotId, ErrorCode errorCode,
                           Instant startedAfter, Instant startedBefore) {
        this(projectId, statuses, robotId, errorCode, startedAfter, startedBefore, null);
    }
    /** Longest robot id the store holds (robot_id VARCHAR(128)). */
    public static final int MAX_ROBOT_ID = 128;

    public ExecutionFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        if (robotId != null && robotId.isBlank()) {
            robotId = null;
        }
        FieldErrors errors = new FieldErrors();
        if (robotId != null && robotId.length() > MAX_ROBOT_ID) {
            errors.add("robot_id", "must be at most " + MAX_ROBOT_ID + " characters");
        }
        if (robotId != null && projectId != null) {
            errors.add("robot_id", "cannot be combined with project_id (no index serves both): filter by one of them");
        }
        if (errorCode != null && (projectId != null || robotId != null)) {
            errors.add("error_code", "cannot be combined with project_id or robot_id (no index serves both): filter by"
                    + " one of them");
        }
        if (!statuses.isEmpty() && (robotId != null || errorCode != null)) {
            errors.add("status", "combines only with project_id and the started_after/started_before range, not with "
                    + (robotId != null ? "robot_id" : "error_code"));
        }
        if (batchId != null && batchId.isBlank()) {
            batchId = null;
        }
        if (batchId != null && batchId.length() > MAX_BATCH_ID) {
            errors.add("batch_id", "must be at most " + MAX_BATCH_ID + " characters");
        } else if (batchId != null && !batchId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // batch ids are generated ASCII ids (and stored as ASCII: MariaDB refuses to compare other text with them)
            errors.add("batch_id", "is not a batch id: batch ids are printable ASCII without spaces");
        }
        if (batchId != null && (projectId != null || robotId != null || errorCode != null || !statuses.isEmpty())) {
            errors.add("batch_id", "combines only with the started_after/started_before range (no index serves more):"
                    + " a batch is small, filter it yourself");
        }
        if (startedAfter != null && startedBefore != null && !startedAfter.isBefore(startedBefore)) {
            errors.add("started_before", "must be later than started_after");
        }
        errors.throwIfAny();
    }

    /** This filter, narrowed to the workflow {@code workflow} (this filter names none). */
    public ExecutionFilter forWorkflow(ProjectId workflow) {
        return new ExecutionFilter(workflow, statuses, robotId, errorCode, startedAfter, startedBefore, batchId);
    }

    /** By workflow and by one status, as the original service filtered. */
    public ExecutionFilter(ProjectId projectId, ExecutionStatus status) {
        this(projectId, status == null ? Set.of() : Set.of(status), null, null, null, null);
    }

    /**
     * Whether the store keeps an exact count of what matches: the owner's executions by workflow and status are
     * counted as they change; a robot, error code or time range is not, and such a list's total is not given.
     */
    public boolean counted() {
        return robotId == null && errorCode == null && startedAfter == null && startedBefore == null && batchId == null;
    }

    /** Whether an execution passes this filter. */
    public boolean matches(Execution e) {
        return (projectId == null || e.projectId().key().equals(projectId.key()))
                && (statuses.isEmpty() || statuses.contains(e.status()))
                && (robotId == null || robotId.equals(e.robotId()))
                && (errorCode == null || errorCode == e.errorCode())
                && (batchId == null || batchId.equals(e.batchId()))
                && (startedAfter == null || !e.startTime().isBefore(startedAfter))
                && (startedBefore == null || e.startTime().isBefore(startedBefore));
    }
}
