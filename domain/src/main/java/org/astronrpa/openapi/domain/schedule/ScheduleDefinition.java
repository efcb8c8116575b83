package org.astronrpa.openapi.domain.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * What an owner sets on a schedule: which workflow runs with which parameters, when ({@code cron} in a time zone, or
 * every {@code interval} from {@code startAt} or the schedule's creation), between {@code startAt} and {@code endAt},
 * on which robots, and what its occurrences do when late or overlapping. Checked as a whole: a refusal names every
 * offending field.
 *
 * @param cron           the cron expression, or null for an interval schedule
 * @param interval       the interval, or null for a cron schedule
 * @param zone           the wall clock of {@code cron} (and of the local times shown for either)
 * @param jitter         each occurrence fires up to this much after its time (the same delay each time it is asked)
 * @param timeoutSeconds the executions' timeout, or null for the default
 * @param catchupWindow  how late an occurrence may still fire (missed while no instance ran); later it is missed
 * @param pauseAfterFailures this many failed runs in a row pause the schedule; null: never
 */
public record ScheduleDefinition(ProjectId projectId, String params, CronExpression cron, Duration interval,
                                 ZoneId zone, Instant startAt, Instant endAt, Duration jitter, RobotTarget target,
                                 Integer timeoutSeconds, boolean enabled, Overlap overlap, Duration catchupWindow,
                                 Integer pauseAfterFailures) {
    public static final Duration DEFAULT_CATCHUP_WINDOW = Duration.ofSeconds(60);
    public static final Duration MAX_CATCHUP_WINDOW = Duration.ofDays(7);
    public static final Duration MAX_JITTER = Duration.ofHours(1);
    public static final int MAX_PAUSE_AFTER_FAILURES = 1_000;
    /** How many of a cron's firings are looked at for the shortest gap between two. */
    private static final int GAP_SAMPLE = 2_000;

    public ScheduleDefinition {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(catchupWindow, "catchupWindow");
        if ((cron == null) == (interval == null)) {
            throw InvalidInput.of("cron", "give either cron or interval_seconds");
        }
    }

    /** Whether {@code other} does what this does: the same in every field but, perhaps, {@link #enabled}. */
    public boolean sameApartFromEnabled(ScheduleDefinition other) {
        return projectId.value().equals(other.projectId.value()) && params.equals(other.params)
                && Objects.equals(cron, other.cron) && Objects.equals(interval, other.interval)
                && zone.equals(other.zone) && Objects.equals(startAt, other.startAt)
                && Objects.equals(endAt, other.endAt) && jitter.equals(other.jitter)
                && target.key().equals(other.target.key()) && Objects.equals(timeoutSeconds, other.timeoutSeconds)
                && overlap == other.overlap && catchupWindow.equals(other.catchupWindow)
                && Objects.equals(pauseAfterFailures, other.pauseAfterFailures);
    }

    /**
     * Checks a definition as sent ({@code startAt} and {@code endAt} taken to the second); what is left out (null) takes
     * its default: UTC, no jitter, any robot, the default
     * timeout, enabled, {@link Overlap#SKIP}, a catch-up window of 60 s, never paused for failures. {@code minInterval}
     * is the shortest time allowed between two occurrences ({@code SCHEDULE_MIN_INTERVAL_SECONDS}).
     *
     * @throws InvalidInput naming each offending field
     */
    public static ScheduleDefinition checked(ProjectId projectId, String params, CronExpression cron, Long intervalSeconds,
                                             ZoneId zone, Instant startAt, Instant endAt, Integer jitterSeconds,
                                             RobotTarget target, Integer timeoutSeconds, Boolean enabled,
                                             Overlap overlap, Integer catchupWindowSeconds, Integer pauseAfterFailures,
                                             Duration minInterval) {
        FieldErrors errors = new FieldErrors();
        startAt = startAt == null ? null : startAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        endAt = endAt == null ? null : endAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (cron == null && intervalSeconds == null) {
            errors.add("cron", "give either cron or interval_seconds");
        } else if (cron != null && intervalSeconds != null) {
            errors.add("interval_seconds", "give either cron or interval_seconds, not both");
        }
        Duration interval = null;
        if (intervalSeconds != null) {
            if (intervalSeconds < 1 || intervalSeconds > Recurrence.MAX_INTERVAL_SECONDS) {
                errors.add("interval_seconds", "must be between 1 and " + Recurrence.MAX_INTERVAL_SECONDS
                        + " (a year)");
            } else if (intervalSeconds < minInterval.toSeconds()) {
                errors.add("interval_seconds", "must be at least " + minInterval.toSeconds()
                        + " (SCHEDULE_MIN_INTERVAL_SECONDS)");
            } else {
                interval = Duration.ofSeconds(intervalSeconds);
            }
        }
        Duration gap = null;
        if (cron != null) {
            gap = shortestGap(cron);
            if (gap.compareTo(minInterval) < 0) {
                errors.add("cron", "'" + cron.text() + "' fires " + gap.toSeconds() + " s apart; schedules may fire"
                        + " at most every " + minInterval.toSeconds() + " s (SCHEDULE_MIN_INTERVAL_SECONDS)");
            }
        }
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            errors.add("end_at", "must be after start_at");
        }
        Duration jitter = Duration.ofSeconds(jitterSeconds == null ? 0 : jitterSeconds);
        Duration shortest = interval != null ? interval : gap;
        if (jitterSeconds != null && (jitterSeconds < 0 || jitter.compareTo(MAX_JITTER) > 0)) {
            errors.add("jitter_seconds", "must be between 0 and " + MAX_JITTER.toSeconds());
        } else if (shortest != null && jitter.compareTo(shortest) >= 0) {
            errors.add("jitter_seconds", "must be shorter than the time between two occurrences ("
                    + shortest.toSeconds() + " s)");
        }
        if (timeoutSeconds != null) {
            errors.collect(() -> new org.astronrpa.openapi.domain.execution.ExecutionTimeout(timeoutSeconds));
        }
        Duration window = Duration.ofSeconds(catchupWindowSeconds == null ? DEFAULT_CATCHUP_WINDOW.toSeconds()
                : catchupWindowSeconds);
        if (catchupWindowSeconds != null && (catchupWindowSeconds < 0
                || window.compareTo(MAX_CATCHUP_WINDOW) > 0)) {
            errors.add("catchup_window_seconds", "must be between 0 and " + MAX_CATCHUP_WINDOW.toSeconds());
        }
        if (pauseAfterFailures != null && (pauseAfterFailures < 1 || pauseAfterFailures > MAX_PAUSE_AFTER_FAILURES)) {
            errors.add("pause_after_failures", "must be between 1 and " + MAX_PAUSE_AFTER_FAILURES + ", or null");
        }
        errors.throwIfAny();
        return new ScheduleDefinition(projectId, params, cron, interval, zone == null ? ZoneId.of("UTC") : zone, startAt,
                endAt, jitter, target == null ? RobotTarget.ANY : target, timeoutSeconds, enabled == null || enabled,
                overlap == null ? Overlap.SKIP : overlap, window, pauseAfterFailures);
    }

    /**
     * When occurrences fall. An interval counts from {@code startAt}, or else from {@code createdAt} (the schedule's
     * creation: editing it keeps the count), to the second — so that every instance, reading them back from storage,
     * counts the same occurrences.
     */
    public Recurrence recurrence(Instant createdAt) {
        return cron != null ? new Recurrence.Cron(cron, zone) : new Recurrence.Every(interval,
                (startAt != null ? startAt : createdAt).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * The shortest wall-clock time between two of the first {@value #GAP_SAMPLE} firings from 2000-01-01, within four
     * years (a leap-year cycle; the sample reaches past a day boundary whenever a day holds fewer firings, where the
     * shortest gap of a pattern that repeats each matching day lies).
     */
    static Duration shortestGap(CronExpression cron) {
        LocalDateTime previous = cron.nextAfter(LocalDateTime.of(1999, 12, 31, 23, 59)).orElseThrow();
        LocalDateTime end = LocalDateTime.of(2004, 1, 1, 0, 0);   // a leap-year cycle: enough for any rare gap
        Duration shortest = null;
        for (int i = 1; i < GAP_SAMPLE; i++) {
            LocalDateTime next = cron.nextAfter(previous).orElse(null);
            if (next == null || next.isAfter(end)) {
                break;
            }
            Duration gap = Duration.between(previous, next);
            if (shortest == null || gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
            previous = next;
        }
        return shortest == null ? Duration.ofSeconds(Recurrence.MAX_INTERVAL_SECONDS) : shortest;
    }
}
