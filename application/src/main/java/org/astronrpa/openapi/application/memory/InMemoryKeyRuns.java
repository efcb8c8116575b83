package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.astronrpa.openapi.domain.apikey.KeyRuns;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;

/** Reservations in a map, counted with the statuses of the runs in {@code executions}; for tests and embedding. */
public final class InMemoryKeyRuns implements KeyRuns {
    private record Reservation(String keyId, Instant at) {
    }

    private final Supplier<ExecutionRepository> executions;
    private final Map<ExecutionId, Reservation> reservations = new LinkedHashMap<>();

    /** @param executions where the runs are, asked at each count (so that it may be set after this) */
    public InMemoryKeyRuns(Supplier<ExecutionRepository> executions) {
        this.executions = executions;
    }

    @Override
    public synchronized boolean reserve(String keyId, List<ExecutionId> runs, int limit, Instant now) {
        reservations.values().removeIf(r -> !r.at().isAfter(now.minus(HORIZON)));
        if (unfinished(keyId, now) + runs.size() > limit) {
            return false;
        }
        runs.forEach(run -> reservations.put(run, new Reservation(keyId, now)));
        return true;
    }

    @Override
    public synchronized void release(ExecutionId run) {
        reservations.remove(run);
    }

    @Override
    public synchronized long unfinished(String keyId, Instant now) {
        return reservations.entrySet().stream()
                .filter(entry -> entry.getValue().keyId().equals(keyId) && entry.getValue().at().isAfter(now.minus(HORIZON)))
                .filter(entry -> executions.get().find(entry.getKey())
                        .map(run -> run.status() == ExecutionStatus.PENDING || run.status() == ExecutionStatus.RUNNING)
                        .orElse(entry.getValue().at().isAfter(now.minus(RESERVATION_GRACE))))
                .count();
    }
}
