package org.astronrpa.openapi.application.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.schedule.CronExpression;
import org.astronrpa.openapi.domain.schedule.Overlap;
import org.astronrpa.openapi.domain.schedule.Recurrence;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * A schedule as sent (API names in comments); {@link #definition} checks it whole. A field left out is null: on a
 * new schedule it takes its default, on a change it keeps the schedule's value.
 */
public record ScheduleInput(String projectId, String params, String cron, Long intervalSeconds, String timezone,
                            Instant startAt, Instant endAt, Integer jitterSeconds, RobotTarget target,
                            Integer timeoutSeconds, Boolean enabled, String overlap, Integer catchupWindowSeconds,
                            Integer pauseAfterFailures) {

    /**
     * The definition this input makes, over {@code base} (the schedule's definition for a change, null for a new
     * one): every offending field named at once.
     */
    ScheduleDefinition definition(ScheduleDefinition base, Duration minInterval) {
        FieldErrors errors = new FieldErrors();
        ProjectId project = projectId != null ? errors.collect(() -> new ProjectId(projectId))
                : base != null ? base.projectId() : null;
        if (project == null && projectId == null) {
            errors.add("project_id", "is required");
        }
        boolean recurrenceSent = cron != null || intervalSeconds != null;
        CronExpression cronExpression = cron != null ? errors.collect(() -> CronExpression.parse("cron", cron))
                : !recurrenceSent && base != null ? base.cron() : null;
        Long interval = intervalSeconds != null ? intervalSeconds
                : !recurrenceSent && base != null && base.interval() != null ? base.interval().toSeconds() : null;
        ZoneId zone = timezone != null ? errors.collect(() -> zoneOf(timezone)) : base != null ? base.zone() : null;
        Overlap policy = overlap != null ? errors.collect(() -> Overlap.of("overlap", overlap))
                : base != null ? base.overlap() : null;
        if (project == null || cron != null && cronExpression == null || timezone != null && zone == null
                || overlap != null && policy == null) {
            errors.throwIfAny();   // the rest is checked once these parse
        }
        ScheduleDefinition checked = errors.collect(() -> ScheduleDefinition.checked(project,
                params != null ? params : base != null ? base.params() : "{}", cronExpression, interval, zone,
                startAt != null ? startAt : base != null ? base.startAt() : null,
                endAt != null ? endAt : base != null ? base.endAt() : null,
                jitterSeconds != null ? jitterSeconds : base != null ? (int) base.jitter().toSeconds() : null,
                target != null ? target : base != null ? base.target() : null,
                timeoutSeconds != null ? timeoutSeconds : base != null ? base.timeoutSeconds() : null,
                enabled != null ? enabled : base != null ? base.enabled() : null, policy,
                catchupWindowSeconds != null ? catchupWindowSeconds
                        : base != null ? (int) base.catchupWindow().toSeconds() : null,
                pauseAfterFailures != null ? pauseAfterFailures : base != null ? base.pauseAfterFailures() : null,
                minInterval));
        errors.throwIfAny();
        return checked;
    }

    private static ZoneId zoneOf(String name) {
        return Recurrence.zone("timezone", name);
    }
}
