package org.astronrpa.openapi.domain.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A schedule: its owner's {@link ScheduleDefinition} and where it stands — the time of its next occurrence (null when
 * none is left before {@code end_at}), an occurrence waiting for the previous run to end ({@link Overlap#BUFFER_ONE}),
 * the execution of its latest fired occurrence, its failures in a row and why the service paused it. What an
 * occurrence does is decided here ({@link #due}); {@code revision} counts saved changes and guards against lost
 * updates, so that of several instances deciding the same occurrence exactly one saves its decision.
 *
 * @param nextOccurrence the scheduled time of the next occurrence: the occurrence's identity, before any jitter
 * @param buffered       the scheduled time of an occurrence that waits for {@code lastExecution} to end, or null
 * @param lastSettled    whether the end of {@code lastExecution}'s run was counted ({@link #runEnded}) already
 * @param pausedReason   why the service paused it (disabled it), or null
 */
public record Schedule(ScheduleId id, UserId owner, ScheduleDefinition definition, Instant createdAt,
                       Instant updatedAt, Instant nextOccurrence, Instant buffered, ExecutionId lastExecution,
                       boolean lastSettled, int consecutiveFailures, String pausedReason, long revision) {

    public Schedule {
        Objects.requireNonNull(id, "id");
        // kept to the millisecond, as stored: the schedule read back is the one saved
        createdAt = createdAt == null ? null : createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        updatedAt = updatedAt == null ? null : updatedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1");
        }
    }

    /** A new schedule: its first occurrence is the first after {@code now} (and not before {@code start_at}). */
    public static Schedule create(ScheduleId id, UserId owner, ScheduleDefinition definition, Instant now) {
        now = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);   // as stored
        return new Schedule(id, owner, definition, now, now, firstAfter(definition, now, now), null, null, true, 0, null, 1);
    }

    /**
     * The owner changed the definition: from now on its occurrences are the new definition's, the first one the first
     * after {@code now} (an edit never leaves a schedule without its next occurrence). Enabling it again clears the
     * service's pause.
     */
    public Schedule redefine(ScheduleDefinition changed, Instant now) {
        return new Schedule(id, owner, changed, createdAt, now, firstAfter(changed, createdAt, now),
                changed.enabled() ? buffered : null, lastExecution, lastSettled, changed.enabled() ? 0 : consecutiveFailures,
                changed.enabled() ? null : pausedReason, revision + 1);
    }

    /** Paused: no occurrence falls until it is resumed ({@code reason} null when its owner paused it). */
    public Schedule pause(String reason, Instant now) {
        return new Schedule(id, owner, enabled(false), createdAt, now, nextOccurrence, null, lastExecution, lastSettled,
                consecutiveFailures, reason, revision + 1);
    }

    /** Resumed: its next occurrence is the first after {@code now}; what fell while paused is not caught up. */
    public Schedule resume(Instant now) {
        ScheduleDefinition on = enabled(true);
        return new Schedule(id, owner, on, createdAt, now, firstAfter(on, createdAt, now), null, lastExecution,
                lastSettled, 0, null, revision + 1);
    }

    public boolean isOwnedBy(UserId user) {
        return owner.equals(user);
    }

    public boolean isEnabled() {
        return definition.enabled();
    }

    /** When the next occurrence fires: its time plus its jitter; empty when none is left or the schedule is paused. */
    public Optional<Instant> nextFireAt() {
        return isEnabled() && nextOccurrence != null ? Optional.of(fireTimeOf(nextOccurrence)) : Optional.empty();
    }

    /**
     * When the occurrence scheduled at {@code occurrence} fires: up to {@code jitter} after it, the same delay each time
     * it is asked (drawn from the schedule's id and the occurrence's time), so that schedules due at the same time
     * spread out.
     */
    public Instant fireTimeOf(Instant occurrence) {
        long jitterMillis = definition.jitter().toMillis();
        if (jitterMillis == 0) {
            return occurrence;
        }
        long mixed = mix(id.value().hashCode() * 0x9E3779B97F4A7C15L ^ occurrence.getEpochSecond());
        return occurrence.plusMillis(Math.floorMod(mixed, jitterMillis));
    }

    /**
     * What the next occurrence does at {@code now}, if it is due.
     *
     * @param previousActive whether the run of the latest fired occurrence ({@link #lastExecution}) is still PENDING
     *                       or RUNNING
     * @return empty when nothing is due (paused, none left, or its fire time is still ahead)
     */
    public Optional<Occurrence.Decision> due(Instant now, boolean previousActive) {
        Optional<Instant> fireAt = nextFireAt();
        if (fireAt.isEmpty() || fireAt.get().isAfter(now)) {
            return Optional.empty();
        }
        Instant at = nextOccurrence;
        Instant following = nextAfter(definition, createdAt, at);
        Duration late = Duration.between(fireAt.get(), now);
        if (late.compareTo(definition.catchupWindow()) > 0) {
            return Optional.of(new Occurrence.Decision.Missed(at, "fired " + late.toSeconds() + " s late, past the"
                    + " catch-up window of " + definition.catchupWindow().toSeconds() + " s", advanced(following, buffered)));
        }
        if (previousActive) {
            switch (definition.overlap()) {
                case SKIP -> {
                    return Optional.of(new Occurrence.Decision.Skipped(at, "the previous run (" + lastExecution
                            + ") is still pending or running", advanced(following, buffered)));
                }
                case BUFFER_ONE -> {
                    if (buffered != null) {
                        return Optional.of(new Occurrence.Decision.Skipped(at, "the previous run (" + lastExecution
                                + ") is still pending or running and an occurrence already waits for it",
                                advanced(following, buffered)));
                    }
                    return Optional.of(new Occurrence.Decision.Buffered(at, advanced(following, at)));
                }
                case ALLOW -> {
                    // fires: runs may overlap
                }
            }
        }
        return Optional.of(new Occurrence.Decision.Fire(at, advanced(following, buffered)));
    }

    /**
     * The occurrence waiting for the previous run ({@link #buffered}), once that run ended: it fires now.
     *
     * @return empty when none waits or the previous run is still active
     */
    public Optional<Occurrence.Decision.Fire> releaseBuffered(boolean previousActive) {
        if (buffered == null || previousActive || !isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(new Occurrence.Decision.Fire(buffered, new Schedule(id, owner, definition, createdAt,
                updatedAt, nextOccurrence, null, lastExecution, lastSettled, consecutiveFailures, pausedReason,
                revision + 1)));
    }

    /**
     * The scheduled times of its next {@code n} occurrences, from {@link #nextOccurrence} (fewer when its
     * {@code end_at} comes first); none while it is paused.
     */
    public java.util.List<Instant> coming(int n) {
        java.util.List<Instant> times = new java.util.ArrayList<>(n);
        if (!isEnabled()) {
            return times;
        }
        for (Instant at = nextOccurrence; at != null && times.size() < n; at = nextAfter(definition, createdAt, at)) {
            times.add(at);
        }
        return times;
    }

    /**
     * The scheduled times of its occurrences from {@code from} to {@code to} (both included), by its spec and within
     * its {@code start_at}/{@code end_at}; at most {@code limit} + 1 of them (so that the caller can tell it asked for
     * too many).
     */
    public java.util.List<Instant> occurrencesBetween(Instant from, Instant to, int limit) {
        java.util.List<Instant> times = new java.util.ArrayList<>();
        Instant after = definition.startAt() != null && definition.startAt().isAfter(from)
                ? definition.startAt().minusNanos(1) : from.minusNanos(1);
        Instant at;
        while ((at = nextAfter(definition, createdAt, after)) != null && !at.isAfter(to) && times.size() <= limit) {
            times.add(at);
            after = at;
        }
        return times;
    }

    /**
     * Its owner asks for the occurrence scheduled at {@code at} (in the past) to fire now — a backfill: it fires as an
     * occurrence of that time, and the coming occurrences stay as they were.
     */
    public Occurrence.Decision.Fire backfill(Instant at) {
        return new Occurrence.Decision.Fire(at, advanced(nextOccurrence, buffered));
    }

    /**
     * Its owner asks for an occurrence now, outside the spec (paused or not, whatever runs): it is scheduled at
     * {@code now}, to the millisecond, and the coming occurrences stay as they were.
     */
    public Occurrence.Decision.Fire trigger(Instant now) {
        return new Occurrence.Decision.Fire(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                advanced(nextOccurrence, buffered));
    }

    /**
     * Past a long outage: the schedule moves to the first occurrence still inside the catch-up window at {@code now}
     * (or the first after it), over the missed ones — for the caller that recorded as many of them one by one as it
     * keeps, and counts the rest.
     */
    public Schedule skipMissedBefore(Instant now) {
        Instant from = now.minus(definition.catchupWindow());
        Instant next = firstAfter(definition, createdAt, from.minusNanos(1));
        return advanced(next, buffered);
    }

    /** An occurrence fired: its execution is the one later occurrences look at for overlaps and failures. */
    public Schedule fired(ExecutionId execution) {
        return new Schedule(id, owner, definition, createdAt, updatedAt, nextOccurrence, buffered, execution, false,
                consecutiveFailures, pausedReason, revision);
    }

    /**
     * The run of an occurrence ended. Failures in a row are counted (a success resets them); reaching
     * {@code pause_after_failures} pauses the schedule with the reason. Counted once, however often it is told.
     *
     * @return the schedule afterwards (the same when the run is not the latest fired one's, or was counted)
     */
    public Schedule runEnded(ExecutionId execution, boolean failed, Instant now) {
        if (!execution.equals(lastExecution) || lastSettled) {
            return this;
        }
        int failures = failed ? consecutiveFailures + 1 : 0;
        Integer limit = definition.pauseAfterFailures();
        if (failed && isEnabled() && limit != null && failures >= limit) {
            return new Schedule(id, owner, enabled(false), createdAt, now, nextOccurrence, null, lastExecution, true,
                    failures, failures + " runs in a row failed (the last: " + execution + ")", revision + 1);
        }
        return new Schedule(id, owner, definition, createdAt, now, nextOccurrence, buffered, lastExecution, true,
                failures, pausedReason, revision + 1);
    }

    private Schedule advanced(Instant next, Instant waiting) {
        return new Schedule(id, owner, definition, createdAt, updatedAt, next, waiting, lastExecution, lastSettled,
                consecutiveFailures, pausedReason, revision + 1);
    }

    private ScheduleDefinition enabled(boolean on) {
        ScheduleDefinition d = definition;
        return new ScheduleDefinition(d.projectId(), d.params(), d.cron(), d.interval(), d.zone(), d.startAt(),
                d.endAt(), d.jitter(), d.target(), d.timeoutSeconds(), on, d.overlap(), d.catchupWindow(),
                d.pauseAfterFailures());
    }

    /** The first occurrence after {@code now}, not before {@code start_at}; null when none is left before {@code end_at}. */
    private static Instant firstAfter(ScheduleDefinition definition, Instant createdAt, Instant now) {
        Instant after = definition.startAt() != null && definition.startAt().isAfter(now)
                ? definition.startAt().minusNanos(1) : now;
        return nextAfter(definition, createdAt, after);
    }

    private static Instant nextAfter(ScheduleDefinition definition, Instant createdAt, Instant after) {
        Instant next = definition.recurrence(createdAt).nextAfter(after).orElse(null);
        return next == null || (definition.endAt() != null && next.isAfter(definition.endAt())) ? null : next;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
