package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;

/** Schedules and their occurrences in maps, for tests and for embedding without a database; same rules as SQL. */
public final class InMemoryScheduleRepository implements ScheduleRepository {
    private static final Comparator<Schedule> NEWEST_FIRST = Comparator.comparing(Schedule::createdAt).reversed()
            .thenComparing(s -> s.id().value(), Comparator.reverseOrder());
    private static final Comparator<Schedule> DUE_FIRST = Comparator
            .comparing((Schedule s) -> s.nextFireAt().orElseThrow()).thenComparing(s -> s.id().value());

    private final Map<ScheduleId, Schedule> schedules = new HashMap<>();
    private final Map<ScheduleId, TreeMap<Instant, Occurrence>> occurrences = new HashMap<>();

    @Override
    public synchronized void insert(Schedule schedule) {
        if (schedules.putIfAbsent(schedule.id(), schedule) != null) {
            throw new IllegalStateException("schedule '" + schedule.id() + "' exists");
        }
    }

    @Override
    public synchronized Optional<Schedule> find(ScheduleId id) {
        return Optional.ofNullable(schedules.get(id));
    }

    @Override
    public synchronized void update(Schedule current, Schedule next) {
        if (!current.id().equals(next.id())) {
            throw new IllegalArgumentException("another schedule");
        }
        Schedule stored = schedules.get(current.id());
        if (stored == null || stored.revision() != current.revision()) {
            throw new ConcurrentUpdate("schedule '" + current.id() + "'");
        }
        schedules.put(next.id(), next);
    }

    @Override
    public synchronized boolean delete(ScheduleId id) {
        occurrences.remove(id);
        return schedules.remove(id) != null;
    }

    @Override
    public synchronized Page<Schedule> page(UserId owner, PageRequest page) {
        List<Schedule> mine = schedules.values().stream().filter(s -> s.isOwnedBy(owner)).sorted(NEWEST_FIRST).toList();
        List<Schedule> window = mine.stream()
                .filter(s -> page.after() == null || page.after().isBefore(s.createdAt(), s.id().value()))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(Long.valueOf(mine.size()), page, window, s -> new Position(s.createdAt(), s.id().value()));
    }

    @Override
    public synchronized List<Schedule> due(Instant now, int limit) {
        return schedules.values().stream()
                .filter(s -> s.nextFireAt().filter(at -> !at.isAfter(now)).isPresent())
                .sorted(DUE_FIRST)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Schedule> withBuffered(int limit) {
        return schedules.values().stream()
                .filter(s -> s.buffered() != null && s.isEnabled())
                .sorted(Comparator.comparing(Schedule::buffered).thenComparing(s -> s.id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Schedule> ofWorkflow(UserId owner, String projectKey) {
        return schedules.values().stream()
                .filter(s -> s.isOwnedBy(owner) && s.definition().projectId().key().equals(projectKey))
                .sorted(NEWEST_FIRST.reversed())
                .toList();
    }

    @Override
    public synchronized boolean record(Occurrence occurrence) {
        if (!schedules.containsKey(occurrence.schedule())) {
            return false;
        }
        return occurrences.computeIfAbsent(occurrence.schedule(), id -> new TreeMap<>())
                .putIfAbsent(occurrence.scheduledAt(), occurrence) == null;
    }

    /** All or none: nothing is written unless every change can be (memory has no rollback). */
    @Override
    public synchronized void updateAll(List<Change> changes) {
        for (Change change : changes) {
            Schedule stored = schedules.get(change.current().id());
            if (stored == null || stored.revision() != change.current().revision()) {
                throw new ConcurrentUpdate("schedule '" + change.current().id() + "'");
            }
        }
        changes.forEach(change -> schedules.put(change.next().id(), change.next()));
    }

    /** All or none, as {@link #updateAll}. */
    @Override
    public synchronized void recordAll(List<OwnedOccurrence> recorded) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OwnedOccurrence owned : recorded) {
            Occurrence occurrence = owned.occurrence();
            if (!schedules.containsKey(occurrence.schedule())
                    || occurrences.getOrDefault(occurrence.schedule(), new TreeMap<>()).containsKey(occurrence.scheduledAt())
                    || !seen.add(occurrence.schedule().value() + "@" + occurrence.scheduledAt())) {
                throw new ConcurrentUpdate("occurrence " + occurrence.scheduledAt() + " of schedule "
                        + occurrence.schedule());
            }
        }
        recorded.forEach(owned -> record(owned.occurrence()));
    }

    @Override
    public synchronized Map<ScheduleId, java.util.Set<Instant>> recorded(java.util.Collection<ScheduleId> ids,
                                                                        Instant from, Instant to) {
        Map<ScheduleId, java.util.Set<Instant>> found = new HashMap<>();
        for (ScheduleId id : ids) {
            TreeMap<Instant, Occurrence> history = occurrences.get(id);
            if (history != null && !history.subMap(from, true, to, true).isEmpty()) {
                found.put(id, new java.util.HashSet<>(history.subMap(from, true, to, true).keySet()));
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<Occurrence> occurrence(ScheduleId id, Instant scheduledAt) {
        return Optional.ofNullable(occurrences.getOrDefault(id, new TreeMap<>()).get(scheduledAt));
    }

    @Override
    public synchronized Page<Occurrence> occurrences(ScheduleId id, PageRequest page) {
        List<Occurrence> all = List.copyOf(occurrences.getOrDefault(id, new TreeMap<>()).descendingMap().values());
        List<Occurrence> window = all.stream()
                .filter(o -> page.after() == null || o.scheduledAt().isBefore(page.after().time()))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(Long.valueOf(all.size()), page, window, o -> new Position(o.scheduledAt(), o.schedule().value()));
    }
}
