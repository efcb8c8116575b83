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

    /**
     * {@link #due}, each schedule read locked to the caller's transaction until it ends, skipping those another
     * transaction holds (so that instances deciding at once take different schedules, never waiting for each other).
     * A store without transactions reads them as {@link #due} does.
     */
    default List<Schedule> lockDue(Instant now, int limit) {
        return due(now, limit);
    }

    /**
     * Whether scans by {@link #lockDue} running at once each take different due schedules (a database's row locks),
     * so that the scheduler may run several: false where a scan held off finds none, or nothing is locked.
     */
    default boolean sharesOutDueSchedules() {
        return false;
    }

    /** A change of one schedule: {@code next} replaces {@code current}, if that is still what is stored. */
    record Change(Schedule current, Schedule next) {
        public Change {
            if (!current.id().equals(next.id())) {
                throw new IllegalArgumentException("another schedule");
            }
        }

        /** Whether only where it stands changed (and perhaps whether it is enabled), not what it does. */
        public boolean keepsDefinition() {
            return current.definition().sameApartFromEnabled(next.definition());
        }
    }

    /**
     * Stores several changes, each as {@link #update} would: all, or (in a transaction rolled back) none.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when one schedule was changed or deleted meanwhile
     */
    default void updateAll(List<Change> changes) {
        changes.forEach(change -> update(change.current(), change.next()));
    }

    /**
     * Records several occurrences, each as {@link #record} would: all, or (in a transaction rolled back) none.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when one was recorded already or its schedule is gone
     */
    default void recordAll(List<OwnedOccurrence> occurrences) {
        for (OwnedOccurrence owned : occurrences) {
            if (!record(owned.occurrence())) {
                throw new org.astronrpa.openapi.domain.shared.ConcurrentUpdate("occurrence "
                        + owned.occurrence().scheduledAt() + " of schedule " + owned.occurrence().schedule());
            }
        }
    }

    /** An occurrence to record, with the owner of its schedule. */
    record OwnedOccurrence(UserId owner, Occurrence occurrence) {
    }

    /**
     * The scheduled times, from {@code from} to {@code to} (both included), of the occurrences recorded already of
     * each of {@code ids} (those with none are left out).
     */
    java.util.Map<ScheduleId, java.util.Set<Instant>> recorded(java.util.Collection<ScheduleId> ids, Instant from,
                                                               Instant to);

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
