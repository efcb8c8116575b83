package org.astronrpa.openapi.application.robot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A robot streamed a log line for one of its owner's executions; lines for others' executions are refused, and so
 * are lines that arrived after the execution ended. An execution keeps at most {@code maxLines} lines: the one
 * after them is a single line saying the log was truncated, later ones are dropped.
 */
public final class AppendRobotLog {
    /** Lines kept per execution unless configured otherwise. */
    public static final int DEFAULT_MAX_LINES = 10_000;

    /** What became of a line. */
    public enum Outcome {
        STORED,
        /** The log was full: the "truncated" line was stored instead. */
        TRUNCATED,
        /** Dropped: the log was full and says so already. */
        LOG_FULL,
        /** Dropped: it arrived after the execution had ended. */
        ENDED,
        /** Dropped: no such execution of the robot's owner. */
        UNKNOWN
    }

    private final ExecutionRepository executions;
    private final ExecutionLogStore logs;
    private final ExecutionEvents events;
    private final TimeSource time;
    private final int maxLines;

    public AppendRobotLog(ExecutionRepository executions, ExecutionLogStore logs, ExecutionEvents events,
                          TimeSource time) {
        this(executions, logs, events, time, DEFAULT_MAX_LINES);
    }

    public AppendRobotLog(ExecutionRepository executions, ExecutionLogStore logs, ExecutionEvents events,
                          TimeSource time, int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("an execution keeps at least one log line");
        }
        this.executions = executions;
        this.logs = logs;
        this.events = events;
        this.time = time;
        this.maxLines = maxLines;
    }

    /** A line that arrives now. */
    public Outcome append(UserId robotOwner, String executionId, String level, String message) {
        return append(robotOwner, executionId, level, message, time.now());
    }

    /**
     * @param arrivedAt when the robot's frame arrived: a line stored later (behind others) still counts as sent
     *                  before a reply that arrived after it
     */
    public Outcome append(UserId robotOwner, String executionId, String level, String message, Instant arrivedAt) {
        if (executionId == null || executionId.isBlank() || executionId.length() > 64) {
            return Outcome.UNKNOWN;
        }
        Optional<Execution> found = executions.find(new ExecutionId(executionId)).filter(e -> e.isOwnedBy(robotOwner));
        if (found.isEmpty()) {
            return Outcome.UNKNOWN;
        }
        Execution execution = found.get();
        if (execution.status().isTerminal()
                && arrivedAt.truncatedTo(ChronoUnit.MILLIS).isAfter(execution.endTime())) {
            return Outcome.ENDED;
        }
        Optional<LogLine> line = logs.appendIfBelow(execution.id(), arrivedAt, level, message, maxLines);
        if (line.isPresent()) {
            publish(execution, line.get());
            return Outcome.STORED;
        }
        Optional<LogLine> truncated = logs.appendIfBelow(execution.id(), arrivedAt, "WARN",
                "log truncated: this execution reached its limit of " + maxLines + " lines; later lines are dropped",
                maxLines + 1L);
        truncated.ifPresent(marker -> publish(execution, marker));
        return truncated.isPresent() ? Outcome.TRUNCATED : Outcome.LOG_FULL;
    }

    private void publish(Execution execution, LogLine line) {
        events.logAppended(execution.ownerId(), execution.projectId().value(), line);
    }
}
