package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.schedule.BackfillSchedule;
import org.astronrpa.openapi.application.schedule.CreateSchedule;
import org.astronrpa.openapi.application.schedule.DeleteSchedule;
import org.astronrpa.openapi.application.schedule.GetSchedule;
import org.astronrpa.openapi.application.schedule.ListOccurrences;
import org.astronrpa.openapi.application.schedule.ListSchedules;
import org.astronrpa.openapi.application.schedule.NextFireTimes;
import org.astronrpa.openapi.application.schedule.PauseSchedule;
import org.astronrpa.openapi.application.schedule.ScheduleInput;
import org.astronrpa.openapi.application.schedule.TriggerSchedule;
import org.astronrpa.openapi.application.schedule.UpdateSchedule;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import tools.jackson.databind.ObjectMapper;

/** {@code /schedules}: the caller's schedules, their coming fire times and their history (API.md §3a). */
final class ScheduleRoutes {
    /** What the schedule use cases are, for the routes. */
    record UseCases(CreateSchedule create, GetSchedule get, ListSchedules list, UpdateSchedule update,
                    DeleteSchedule delete, PauseSchedule pause, TriggerSchedule trigger, NextFireTimes next,
                    ListOccurrences occurrences, BackfillSchedule backfill) {
    }

    private final UseCases schedules;
    private final Authentication auth;
    private final ObjectMapper mapper;

    ScheduleRoutes(UseCases schedules, Authentication auth, ObjectMapper mapper) {
        this.schedules = schedules;
        this.auth = auth;
        this.mapper = mapper;
    }

    /** A schedule as the API shows it. */
    record ScheduleJson(String id, @JsonProperty("project_id") String projectId, @JsonRawValue String params,
                        String cron, @JsonProperty("interval_seconds") Long intervalSeconds, String timezone,
                        @JsonProperty("start_at") String startAt, @JsonProperty("end_at") String endAt,
                        @JsonProperty("jitter_seconds") long jitterSeconds, Map<String, Object> target,
                        @JsonProperty("timeout_seconds") Integer timeoutSeconds, boolean enabled, String overlap,
                        @JsonProperty("catchup_window_seconds") long catchupWindowSeconds,
                        @JsonProperty("pause_after_failures") Integer pauseAfterFailures,
                        @JsonProperty("paused_reason") String pausedReason,
                        @JsonProperty("consecutive_failures") int consecutiveFailures,
                        @JsonProperty("next_occurrence_at") String nextOccurrenceAt,
                        @JsonProperty("next_fire_at") String nextFireAt,
                        @JsonProperty("buffered_occurrence_at") String bufferedOccurrenceAt,
                        @JsonProperty("last_execution_id") String lastExecutionId,
                        @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
                        long revision) {

        static ScheduleJson from(Schedule s) {
            ScheduleDefinition d = s.definition();
            return new ScheduleJson(s.id().value(), d.projectId().value(), d.params(),
                    d.cron() == null ? null : d.cron().text(), d.interval() == null ? null : d.interval().toSeconds(),
                    d.zone().getId(), Times.format(d.startAt()), Times.format(d.endAt()), d.jitter().toSeconds(),
                    ExecutionJson.target(d.target()), d.timeoutSeconds(), d.enabled(), d.overlap().wire(),
                    d.catchupWindow().toSeconds(), d.pauseAfterFailures(), s.pausedReason(), s.consecutiveFailures(),
                    Times.format(s.nextOccurrence()), Times.format(s.nextFireAt().orElse(null)),
                    Times.format(s.buffered()), s.lastExecution() == null ? null : s.lastExecution().value(),
                    Times.format(s.createdAt()), Times.format(s.updatedAt()), s.revision());
        }
    }

    /** An occurrence as the history shows it. */
    record OccurrenceJson(@JsonProperty("scheduled_at") String scheduledAt, @JsonProperty("fired_at") String firedAt,
                          String outcome, @JsonProperty("execution_id") String executionId, String reason) {
        static OccurrenceJson from(Occurrence o) {
            return new OccurrenceJson(Times.format(o.scheduledAt()), Times.format(o.firedAt()), o.outcome().wire(),
                    o.execution() == null ? null : o.execution().value(), o.reason());
        }
    }

    /** A coming occurrence: when it is scheduled (UTC, and on the schedule's clock) and when it fires. */
    record ComingJson(@JsonProperty("scheduled_at") String scheduledAt, String local,
                      @JsonProperty("fires_at") String firesAt) {
        static ComingJson from(NextFireTimes.Coming c) {
            return new ComingJson(Times.format(c.scheduledAt()),
                    c.local().toOffsetDateTime().toString(), Times.format(c.firesAt()));
        }
    }

    record One(ScheduleJson schedule) {
    }

    record Triggered(OccurrenceJson occurrence) {
    }

    record Coming(String timezone, List<ComingJson> next) {
    }

    record Deleted(@JsonProperty("schedule_id") String scheduleId) {
    }

    record Backfilled(List<OccurrenceJson> fired, @JsonProperty("already_recorded") int alreadyRecorded) {
    }

    void register(RoutesConfig routes) {
        routes.post("/schedules", auth.required(Scope.SCHEDULES_WRITE, this::create));
        routes.get("/schedules", auth.required(Scope.SCHEDULES_READ, this::list));
        routes.get("/schedules/{id}", auth.required(Scope.SCHEDULES_READ, this::get));
        routes.patch("/schedules/{id}", auth.required(Scope.SCHEDULES_WRITE, this::update));
        routes.delete("/schedules/{id}", auth.required(Scope.SCHEDULES_WRITE, this::delete));
        routes.post("/schedules/{id}/pause", auth.required(Scope.SCHEDULES_WRITE, (ctx, caller) -> pause(ctx, caller, true)));
        routes.post("/schedules/{id}/resume", auth.required(Scope.SCHEDULES_WRITE, (ctx, caller) -> pause(ctx, caller, false)));
        routes.post("/schedules/{id}/trigger", auth.required(Scope.SCHEDULES_WRITE, this::trigger));
        routes.get("/schedules/{id}/next", auth.required(Scope.SCHEDULES_READ, this::next));
        routes.get("/schedules/{id}/occurrences", auth.required(Scope.SCHEDULES_READ, this::occurrences));
        routes.post("/schedules/{id}/backfill", auth.required(Scope.SCHEDULES_WRITE, this::backfill));
    }

    private void create(Context ctx, Caller caller) {
        ScheduleInput input = input(JsonRequest.read(ctx, mapper));
        ctx.status(201).json(Envelope.ok(new One(ScheduleJson.from(schedules.create().create(caller.userId(), input)))));
    }

    private void update(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        ScheduleInput input = input(JsonRequest.read(ctx, mapper));
        ctx.json(Envelope.ok(new One(ScheduleJson.from(schedules.update().update(caller.userId(), id, input)))));
    }

    /** The body's fields as sent (null: absent); wrong types are refused here, naming every field. */
    private static ScheduleInput input(JsonRequest body) {
        String projectId = body.text("project_id");
        String params = body.object("params");
        String cron = body.text("cron");
        Long interval = body.integer("interval_seconds");
        String timezone = body.text("timezone");
        String startAt = body.text("start_at");
        String endAt = body.text("end_at");
        Long jitter = body.integer("jitter_seconds");
        RobotTarget target = body.has("target") ? body.target("target") : null;
        Long timeout = body.integer("timeout_seconds");
        Boolean enabled = body.bool("enabled");
        String overlap = body.text("overlap");
        Long catchup = body.integer("catchup_window_seconds");
        Long pauseAfter = body.integer("pause_after_failures");
        FieldErrors errors = body.errors();
        Instant start = startAt == null ? null : errors.collect(() -> Times.parse("start_at", startAt));
        Instant end = endAt == null ? null : errors.collect(() -> Times.parse("end_at", endAt));
        Integer jitterSeconds = small(errors, "jitter_seconds", jitter);
        Integer timeoutSeconds = small(errors, "timeout_seconds", timeout);
        Integer catchupSeconds = small(errors, "catchup_window_seconds", catchup);
        Integer pauseAfterFailures = small(errors, "pause_after_failures", pauseAfter);
        errors.throwIfAny();
        return new ScheduleInput(projectId, params, cron, interval, timezone, start, end, jitterSeconds, target,
                timeoutSeconds, enabled, overlap, catchupSeconds, pauseAfterFailures);
    }

    /** An integer field that must fit an int (its own rules say more). */
    private static Integer small(FieldErrors errors, String field, Long value) {
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            errors.add(field, "is out of range");
            return null;
        }
        return value.intValue();
    }

    private void list(Context ctx, Caller caller) {
        PageRequest page = Paging.of(ctx);
        Page<Schedule> listed = schedules.list().list(caller.userId(), page);
        ctx.json(Envelope.ok(new PageJson<>(listed.total(), page.pageNo(), page.pageSize(),
                listed.records().stream().map(ScheduleJson::from).toList())));
    }

    private void get(Context ctx, Caller caller) {
        ctx.json(Envelope.ok(new One(ScheduleJson.from(schedules.get().get(caller.userId(), ctx.pathParam("id"))))));
    }

    private void delete(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        schedules.delete().delete(caller.userId(), id);
        ctx.json(Envelope.ok(new Deleted(id)));
    }

    private void pause(Context ctx, Caller caller, boolean paused) {
        ctx.json(Envelope.ok(new One(ScheduleJson.from(
                schedules.pause().set(caller.userId(), ctx.pathParam("id"), paused)))));
    }

    private void trigger(Context ctx, Caller caller) {
        ctx.json(Envelope.ok(new Triggered(OccurrenceJson.from(
                schedules.trigger().trigger(caller.userId(), ctx.pathParam("id"))))));
    }

    /** {@code {"from", "to"}}: RFC 3339 times, both required. */
    private void backfill(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String from = body.text("from");
        String to = body.text("to");
        FieldErrors errors = body.errors();
        Instant start = from == null ? null : errors.collect(() -> Times.parse("from", from));
        Instant end = to == null ? null : errors.collect(() -> Times.parse("to", to));
        if (from == null) {
            errors.add("from", "is required");
        }
        if (to == null) {
            errors.add("to", "is required");
        }
        errors.throwIfAny();
        BackfillSchedule.Backfilled done = schedules.backfill().backfill(caller.userId(), id, start, end);
        ctx.json(Envelope.ok(new Backfilled(done.fired().stream().map(OccurrenceJson::from).toList(),
                done.alreadyThere())));
    }

    private void next(Context ctx, Caller caller) {
        FieldErrors errors = new FieldErrors();
        Integer n = errors.collect(() -> Paging.integer(ctx, "n", 10));
        errors.throwIfAny();
        NextFireTimes.Upcoming upcoming = schedules.next().next(caller.userId(), ctx.pathParam("id"), n);
        ctx.json(Envelope.ok(new Coming(upcoming.zone().getId(),
                upcoming.next().stream().map(ComingJson::from).toList())));
    }

    private void occurrences(Context ctx, Caller caller) {
        PageRequest page = Paging.of(ctx);
        Page<Occurrence> listed = schedules.occurrences().list(caller.userId(), ctx.pathParam("id"), page);
        ctx.json(Envelope.ok(new PageJson<>(listed.total(), page.pageNo(), page.pageSize(),
                listed.records().stream().map(OccurrenceJson::from).toList())));
    }

}
