package org.astronrpa.openapi.application.execution;

import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;

/** The log lines a robot streamed for one of the caller's executions, after a sequence number. */
public final class ReadExecutionLogs {
    public static final int MAX_LIMIT = 1000;

    private final ExecutionRepository executions;
    private final ExecutionLogStore logs;

    public ReadExecutionLogs(ExecutionRepository executions, ExecutionLogStore logs) {
        this.executions = executions;
        this.logs = logs;
    }

    /** The lines of one of the caller's executions; a run outside its key's allow-list is not found. */
    public List<LogLine> read(Caller caller, String id, long after, int limit) {
        if (after < 0) {
            throw InvalidInput.of("after", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return logs.after(CallerExecutions.find(executions, caller, id).id(), after, limit);
    }

    /** The user's own read, with full power. */
    List<LogLine> read(UserId caller, String id, long after, int limit) {
        return read(Caller.asUser(caller), id, after, limit);
    }
}
