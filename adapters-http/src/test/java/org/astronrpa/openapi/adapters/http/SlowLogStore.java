package org.astronrpa.openapi.adapters.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.memory.InMemoryExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.LogLine;

/** The in-memory log store, whose appends can be made as slow as a loaded database's. */
final class SlowLogStore implements ExecutionLogStore {
    private final InMemoryExecutionLogStore store = new InMemoryExecutionLogStore();
    volatile long appendMillis;

    @Override
    public Optional<LogLine> appendIfBelow(ExecutionId executionId, Instant time, String level, String message,
                                           long maxLines) {
        if (appendMillis > 0) {
            try {
                Thread.sleep(appendMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return store.appendIfBelow(executionId, time, level, message, maxLines);
    }

    @Override
    public List<LogLine> after(ExecutionId executionId, long after, int limit) {
        return store.after(executionId, after, limit);
    }

    @Override
    public int deleteOf(List<ExecutionId> executions) {
        return store.deleteOf(executions);
    }

    @Override
    public int purgeLoggedBefore(Instant cutoff, int limit) {
        return store.purgeLoggedBefore(cutoff, limit);
    }

    @Override
    public Optional<Instant> oldestLine() {
        return store.oldestLine();
    }
}
