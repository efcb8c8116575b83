package org.astronrpa.openapi.domain.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Where schedules and the history of their occurrences live. A schedule's revision guards its changes (several
 * instances decide the same occurrence; one saves); an occurrence is stored at most once per schedule and scheduled
 * time, whoever tries.
 */
public interface ScheduleRepository {

    /** Stores a new schedule (revision 1). */
    void insert(Schedule schedule);

    Optional<Schedule> find(ScheduleId id);

    /**
     * Stores {@code next} if the stored schedule still has revision {@code current.revision()}.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when it does not (changed or deleted meanwhile)
     */
    void update(Schedule current, Schedule next);

    /** Deletes the schedule and its history; false when there was none. */
    boolean delete(ScheduleId id);

    /** The owner's schedules, most recently created first. */
    Page<Schedule> page(UserId owner, PageRequest page);

    /**
     * Enabled schedules whose next occurrence fires at or before {@code now}, earliest first, at most {@code limit}
     * (read from an index on the fire time).
     */
    List<Schedule> due(Instant now, int limit);

    /** Enabled schedules with an occurrence waiting for the previous run ({@link Schedule#buffered()}), at most {@code limit}. */
    List<Schedule> withBuffered(int limit);

    /** The owner's schedules of the workflow {@code projectKey} ({@code ProjectId.key()}). */
    List<Schedule> ofWorkflow(UserId owner, String projectKey);

    /**
     * Records an occurrence.
     *
     * @return false when the schedule has an occurrence at that scheduled time already, or is gone (nothing is
     *         written)
     */
    boolean record(Occurrence occurrence);

    /** The schedule's occurrence scheduled at {@code scheduledAt}, if one was recorded. */
    Optional<Occurrence> occurrence(ScheduleId id, Instant scheduledAt);

    /** The schedule's occurrences, latest scheduled time first. */
    Page<Occurrence> occurrences(ScheduleId id, PageRequest page);
}
