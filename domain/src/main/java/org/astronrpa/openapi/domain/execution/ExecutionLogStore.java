package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The log lines of executions, in the order they arrived. */
public interface ExecutionLogStore {

    /** Appends a line and returns it with its sequence number (one more than the execution's last). */
    default LogLine append(ExecutionId executionId, Instant time, String level, String message) {
        return appendIfBelow(executionId, time, level, message, Long.MAX_VALUE).orElseThrow();
    }

    /**
     * Appends a line as {@link #append} does, unless the execution has {@code maxLines} lines already. Finding the
     * execution's last number costs the same however many lines it has.
     *
     * @return the stored line, or empty when the execution's log is full
     */
    Optional<LogLine> appendIfBelow(ExecutionId executionId, Instant time, String level, String message, long maxLines);

    /** Lines with {@code seq > after}, oldest first, at most {@code limit}. */
    List<LogLine> after(ExecutionId executionId, long after, int limit);

    /** Deletes every line of these executions (purged ones), in the transaction in progress; how many. */
    int deleteOf(List<ExecutionId> executions);

    /** Deletes up to {@code limit} lines logged before {@code cutoff}; how many (fewer: no more is due). */
    int purgeLoggedBefore(Instant cutoff, int limit);

    /** When the oldest line still stored was logged; empty when there is none. */
    Optional<Instant> oldestLine();
}
