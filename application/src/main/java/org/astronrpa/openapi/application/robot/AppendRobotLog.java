package org.astronrpa.openapi.application.robot;

import java.util.Optional;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/** A robot streamed a log line for one of its owner's executions; lines for others' executions are refused. */
public final class AppendRobotLog {
    private final ExecutionRepository executions;
    private final ExecutionLogStore logs;
    private final ExecutionEvents events;
    private final TimeSource time;

    public AppendRobotLog(ExecutionRepository executions, ExecutionLogStore logs, ExecutionEvents events,
                          TimeSource time) {
        this.executions = executions;
        this.logs = logs;
        this.events = events;
        this.time = time;
    }

    /** The stored line, or empty when the execution is unknown or not the robot owner's. */
    public Optional<LogLine> append(UserId robotOwner, String executionId, String level, String message) {
        if (executionId == null || executionId.isBlank() || executionId.length() > 64) {
            return Optional.empty();
        }
        Optional<Execution> execution = executions.find(new ExecutionId(executionId)).filter(e -> e.isOwnedBy(robotOwner));
        return execution.map(e -> {
            LogLine line = logs.append(e.id(), time.now(), level, message);
            events.logAppended(e.ownerId(), e.projectId().value(), line);
            return line;
        });
    }
}
