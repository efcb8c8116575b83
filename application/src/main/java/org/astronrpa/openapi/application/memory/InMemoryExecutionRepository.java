package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;

/** Executions in a map, for tests and for embedding without a database; same rules as the SQL adapter. */
public final class InMemoryExecutionRepository implements ExecutionRepository {
    private static final Comparator<Execution> OLDEST_FIRST = Comparator.comparing(Execution::startTime)
            .thenComparing(e -> e.id().value());

    private final Map<String, Execution> byId = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Execution execution) {
        if (byId.putIfAbsent(execution.id().value(), execution) != null) {
            throw new IllegalStateException("duplicate execution " + execution.id());
        }
    }

    @Override
    public synchronized Optional<Execution> find(ExecutionId id) {
        return Optional.ofNullable(byId.get(id.value()));
    }

    @Override
    public synchronized Optional<Execution> findByEventId(String eventId) {
        return byId.values().stream().filter(e -> eventId.equals(e.eventId())).findFirst();
    }

    @Override
    public synchronized void update(Execution current, Execution next) {
        if (!next.id().equals(current.id()) || next.version() != current.version() + 1) {
            throw new IllegalArgumentException("execution " + next.id() + " v" + next.version()
                    + " is not the next version of " + current.id() + " v" + current.version());
        }
        Execution stored = byId.get(next.id().value());
        if (stored == null || stored.version() != current.version()) {
            throw new ConcurrentUpdate("execution '" + next.id().value() + "'");
        }
        byId.put(next.id().value(), next);
    }

    @Override
    public synchronized Page<Execution> page(UserId owner, ExecutionFilter filter, PageRequest page) {
        List<Execution> matching = byId.values().stream()
                .filter(e -> e.isOwnedBy(owner) && filter.matches(e))
                .sorted(OLDEST_FIRST.reversed())
                .toList();
        Position after = page.after();
        List<Execution> window = matching.stream()
                .filter(e -> after == null || after.isBefore(e.startTime(), e.id().value()))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(filter.counted() ? Long.valueOf(matching.size()) : null, page, window,
                e -> new Position(e.startTime(), e.id().value()));
    }

    @Override
    public synchronized Optional<Execution> oldestPending(UserId owner) {
        return pending().filter(e -> e.isOwnedBy(owner)).min(OLDEST_FIRST);
    }

    @Override
    public synchronized java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, Long> pendingByTarget(UserId owner) {
        java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, Long> counts = new java.util.HashMap<>();
        pending().filter(e -> e.isOwnedBy(owner)).forEach(e -> counts.merge(e.target(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized List<TargetDepth> deepestTargets(int limit) {
        java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, Long> counts = new java.util.HashMap<>();
        pending().forEach(e -> counts.merge(e.target(), 1L, Long::sum));
        return counts.entrySet().stream()
                .map(entry -> new TargetDepth(entry.getKey(), entry.getValue()))
                .sorted(java.util.Comparator.comparingLong(TargetDepth::pending).reversed()
                        .thenComparing(depth -> depth.target().key()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<QueuedTarget> pendingTargets(UserId owner, int limit) {
        java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, java.time.Instant> oldest = new java.util.HashMap<>();
        pending().filter(e -> e.isOwnedBy(owner)).forEach(e ->
                oldest.merge(e.target(), e.startTime(), (a, b) -> a.isBefore(b) ? a : b));
        return oldest.entrySet().stream()
                .map(entry -> new QueuedTarget(entry.getKey(), entry.getValue()))
                .sorted(java.util.Comparator.comparing(QueuedTarget::oldestStart))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Execution> oldestPending(UserId owner,
                                                          org.astronrpa.openapi.domain.robot.RobotTarget target) {
        return pending().filter(e -> e.isOwnedBy(owner) && e.target().equals(target)).min(OLDEST_FIRST);
    }

    @Override
    public synchronized List<Execution> running(UserId owner, int limit) {
        return byId.values().stream()
                .filter(e -> e.isOwnedBy(owner) && e.status() == ExecutionStatus.RUNNING)
                .sorted(java.util.Comparator.comparing(Execution::dispatchedAt).thenComparing(e -> e.id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<UserId> ownersWithPending(UserId after, int limit) {
        return pending().map(Execution::ownerId).distinct()
                .filter(owner -> after == null || owner.value().compareTo(after.value()) > 0)
                .sorted(java.util.Comparator.comparing(UserId::value)).limit(limit).toList();
    }

    @Override
    public synchronized List<Execution> overdue(Instant now, int limit) {
        return byId.values().stream()
                .filter(e -> e.deadline() != null && !e.deadline().isAfter(now))
                .sorted(Comparator.comparing(Execution::deadline).thenComparing(e -> e.id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<ExecutionId> dueForPurge(Instant endedBefore, Instant startedBefore, int limit) {
        return byId.values().stream()
                .filter(e -> purgeable(e, endedBefore, startedBefore))
                .sorted(Comparator.comparing(Execution::endTime).thenComparing(e -> e.id().value()))
                .limit(limit)
                .map(Execution::id)
                .toList();
    }

    @Override
    public synchronized List<ExecutionId> purge(List<ExecutionId> due, Instant endedBefore, Instant startedBefore) {
        List<ExecutionId> deleted = new java.util.ArrayList<>();
        for (ExecutionId id : due) {
            Execution e = byId.get(id.value());
            if (e != null && purgeable(e, endedBefore, startedBefore)) {
                byId.remove(id.value());
                deleted.add(id);
            }
        }
        return deleted;
    }

    private static boolean purgeable(Execution e, Instant endedBefore, Instant startedBefore) {
        return e.status().isTerminal() && e.endTime() != null && e.endTime().isBefore(endedBefore)
                && e.startTime().isBefore(startedBefore);
    }

    @Override
    public synchronized Optional<Instant> oldestFinished() {
        return byId.values().stream().map(Execution::endTime).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo);
    }

    @Override
    public synchronized Map<ExecutionStatus, Long> countByStatus() {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        byId.values().forEach(e -> counts.merge(e.status(), 1L, Long::sum));
        return counts;
    }

    private Stream<Execution> pending() {
        return byId.values().stream().filter(e -> e.status() == ExecutionStatus.PENDING);
    }

}
