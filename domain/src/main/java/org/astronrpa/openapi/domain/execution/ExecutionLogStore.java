package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.List;

/** The log lines of executions, in the order they arrived. */
public interface ExecutionLogStore {

    /** Appends a line and returns it with its sequence number (one more than the execution's last). */
    LogLine append(ExecutionId executionId, Instant time, String level, String message);

    /** Lines with {@code seq > after}, oldest first, at most {@code limit}. */
    List<LogLine> after(ExecutionId executionId, long after, int limit);
}
