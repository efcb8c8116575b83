package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.LogLine;

/** Execution log lines in memory, for tests and for embedding without a database. */
public final class InMemoryExecutionLogStore implements ExecutionLogStore {
    private final Map<String, List<LogLine>> byExecution = new HashMap<>();

    @Override
    public synchronized Optional<LogLine> appendIfBelow(ExecutionId executionId, Instant time, String level,
                                                        String message, long maxLines) {
        List<LogLine> lines = byExecution.computeIfAbsent(executionId.value(), id -> new ArrayList<>());
        if (lines.size() >= maxLines) {
            return Optional.empty();
        }
        LogLine line = new LogLine(executionId, lines.size() + 1L, time, level, message);
        lines.add(line);
        return Optional.of(line);
    }

    @Override
    public synchronized List<LogLine> after(ExecutionId executionId, long after, int limit) {
        return byExecution.getOrDefault(executionId.value(), List.of()).stream()
                .filter(line -> line.seq() > after)
                .limit(limit)
                .toList();
    }
}
