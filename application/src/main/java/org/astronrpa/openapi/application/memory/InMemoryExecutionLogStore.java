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
        long next = lines.isEmpty() ? 1L : lines.get(lines.size() - 1).seq() + 1;
        LogLine line = new LogLine(executionId, next, time, level, message);
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

    @Override
    public synchronized int deleteOf(List<ExecutionId> executions) {
        int deleted = 0;
        for (ExecutionId id : executions) {
            List<LogLine> lines = byExecution.remove(id.value());
            deleted += lines == null ? 0 : lines.size();
        }
        return deleted;
    }

    @Override
    public synchronized int purgeLoggedBefore(Instant cutoff, int limit) {
        int deleted = 0;
        for (List<LogLine> lines : byExecution.values()) {
            var old = lines.iterator();
            while (old.hasNext() && deleted < limit) {
                LogLine line = old.next();
                if (line.time().isBefore(cutoff)) {
                    old.remove();
                    deleted++;
                }
            }
        }
        return deleted;
    }

    @Override
    public synchronized Optional<Instant> oldestLine() {
        return byExecution.values().stream().flatMap(List::stream).map(LogLine::time).min(Instant::compareTo);
    }
}
