package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.schedule.CronExpression;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Overlap;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Schedules in the {@code schedules} table and their occurrences in {@code schedule_occurrences} (V16). */
public final class JdbiScheduleRepository implements ScheduleRepository {
    private static final String COLUMNS = """
            id, user_id, project_id, project_key, params, cron, interval_seconds, timezone, start_at, end_at,
            jitter_seconds, target, timeout_seconds, enabled, overlap_policy, catchup_window_seconds,
            pause_after_failures, paused_reason, consecutive_failures, next_occurrence, next_fire_at, buffered,
            last_execution, last_settled, created_at, updated_at, revision""";
    private static final String OCCURRENCE_COLUMNS = "schedule_id, scheduled_at, user_id, fired_at, outcome, execution_id, reason";
    private static final String OCCURRENCE_ROW =
            "(:scheduleId#, :scheduledAt#, :userId#, :firedAt#, :outcome#, :executionId#, :reason#)";
    private static final String RECORDED = """
            SELECT schedule_id, scheduled_at FROM schedule_occurrences
             WHERE schedule_id IN (<ids>) AND scheduled_at >= :from AND scheduled_at <= :to""";
    private static final String RECORDED_OF_ONE = RECORDED.replace("IN (<ids>)", "= <ids>");
    private static final int MAX_PAUSED_REASON = 500;
    private static final int MAX_REASON = 1000;
    /** Schedules or occurrences a statement of {@link #updateAll}, {@link #recordAll} and {@link #recorded} writes or reads. */
    private static final int ROWS_A_STATEMENT = 100;
    private static final java.util.concurrent.ConcurrentHashMap<Integer, String> STATE_UPDATES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Jdbi jdbi;
    private final boolean embedded;

    /**
     * @param embedded H2, which reads {@link #recorded} a schedule at a time (its plan for an {@code IN} list on the
     *                 key's first column with a range on the second walked the whole history), and whose scans do not
     *                 share out the due schedules ({@link #lockDue})
     */
    public JdbiScheduleRepository(Jdbi jdbi, boolean embedded) {
        this.jdbi = jdbi;
        this.embedded = embedded;
    }

    @Override
    public void insert(Schedule schedule) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("INSERT INTO schedules (" + COLUMNS + """
                ) VALUES (:id, :userId, :projectId, :projectKey, :params, :cron, :intervalSeconds, :timezone, :startAt,
                          :endAt, :jitterSeconds, :target, :timeoutSeconds, :enabled, :overlap, :catchupWindowSeconds,
                          :pauseAfterFailures, :pausedReason, :consecutiveFailures, :nextOccurrence, :nextFireAt,
                          :buffered, :lastExecution, :lastSettled, :createdAt, :updatedAt, :revision)"""), schedule).execute());
    }

    @Override
    public Optional<Schedule> find(ScheduleId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM schedules WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiScheduleRepository::read)
                .findOne());
    }

    @Override
    public void update(Schedule current, Schedule next) {
        if (!current.id().equals(next.id())) {
            throw new IllegalArgumentException("another schedule");
        }
        int updated = jdbi.withHandle(handle -> bind(handle.createUpdate("""
                UPDATE schedules
                   SET project_id = :projectId, project_key = :projectKey, params = :params, cron = :cron,
                       interval_seconds = :intervalSeconds, timezone = :timezone, start_at = :startAt, end_at = :endAt,
                       jitter_seconds = :jitterSeconds, target = :target, timeout_seconds = :timeoutSeconds,
                       enabled = :enabled, overlap_policy = :overlap, catchup_window_seconds = :catchupWindowSeconds,
                       pause_after_failures = :pauseAfterFailures, paused_reason = :pausedReason,
                       consecutive_failures = :consecutiveFailures, next_occurrence = :nextOccurrence,
                       next_fire_at = :nextFireAt, buffered = :buffered, last_execution = :lastExecution,
                       last_settled = :lastSettled,
                       updated_at = :updatedAt, revision = :revision
                 WHERE id = :id AND revision = :currentRevision"""), next)
                .bind("currentRevision", current.revision())
                .execute());
        if (updated != 1) {
            throw new ConcurrentUpdate("schedule '" + current.id() + "'");
        }
    }

    @Override
    public boolean delete(ScheduleId id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM schedule_occurrences WHERE schedule_id = :id").bind("id", id.value()).execute();
            return handle.createUpdate("DELETE FROM schedules WHERE id = :id").bind("id", id.value()).execute() == 1;
        });
    }

    /** Newest first, by keyset after a position or by offset; the total counted (schedules are few a user). */
    @Override
    public Page<Schedule> page(UserId owner, PageRequest page) {
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT COUNT(*) FROM schedules WHERE user_id = :userId")
                    .bind("userId", owner.value())
                    .mapTo(Long.class)
                    .one();
            Position after = page.after();
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM schedules WHERE user_id = :userId"
                            + (after == null ? "" : " AND (created_at < :time OR created_at = :time AND id < :id)")
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("userId", owner.value())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset());
            if (after != null) {
                query.bind("time", UtcTimes.column(after.time())).bind("id", after.id());
            }
            List<Schedule> window = query.map(JdbiScheduleRepository::read).list();
            return Page.ofWindow(total, page, window, s -> new Position(s.createdAt(), s.id().value()));
        });
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        return due(now, limit, "");
    }

    /**
     * {@code FOR UPDATE SKIP LOCKED} (MySQL 8, MariaDB 10.6, H2): the rows stay locked to the caller's transaction, and
     * a scan by another instance meanwhile passes over them to the next due ones. H2 (one instance) answers such a scan
     * with none at all while some are held: there, one scan at a time.
     */
    @Override
    public List<Schedule> lockDue(Instant now, int limit) {
        return due(now, limit, " FOR UPDATE SKIP LOCKED");
    }

    private List<Schedule> due(Instant now, int limit, String locking) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM schedules WHERE next_fire_at <= :now ORDER BY next_fire_at, id LIMIT :limit" + locking)
                .bind("now", UtcTimes.column(now))
                .bind("limit", limit)
                .map(JdbiScheduleRepository::read)
                .list());
    }

    /** MySQL/MariaDB: see {@link #lockDue}. */
    @Override
    public boolean sharesOutDueSchedules() {
        return !embedded;
    }

    /**
     * Changes that keep each schedule's definition (the scheduler's: where each stands, and whether it is enabled)
     * are one UPDATE per {@value #ROWS_A_STATEMENT} schedules, each column set by a CASE on the id and each row's
     * revision checked the same way; other changes one by one, as {@link #update}.
     */
    @Override
    public void updateAll(List<Change> changes) {
        List<Change> ofState = new java.util.ArrayList<>(changes.size());
        for (Change change : changes) {
            if (change.keepsDefinition()) {
                ofState.add(change);
            } else {
                update(change.current(), change.next());
            }
        }
        for (int from = 0; from < ofState.size(); from += ROWS_A_STATEMENT) {
            List<Change> chunk = ofState.subList(from, Math.min(ofState.size(), from + ROWS_A_STATEMENT));
            int updated = jdbi.withHandle(handle -> {
                var update = handle.createUpdate(stateUpdate(chunk.size()));
                for (int row = 0; row < chunk.size(); row++) {
                    Schedule next = chunk.get(row).next();
                    update.bind("id" + row, next.id().value())
                            .bind("current" + row, chunk.get(row).current().revision())
                            .bind("enabled" + row, next.definition().enabled())
                            .bind("pausedReason" + row, truncated(next.pausedReason(), MAX_PAUSED_REASON))
                            .bind("consecutiveFailures" + row, next.consecutiveFailures())
                            .bind("nextOccurrence" + row, UtcTimes.column(next.nextOccurrence()))
                            .bind("nextFireAt" + row, UtcTimes.column(next.nextFireAt().orElse(null)))
                            .bind("buffered" + row, UtcTimes.column(next.buffered()))
                            .bind("lastExecution" + row, next.lastExecution() == null ? null : next.lastExecution().value())
                            .bind("lastSettled" + row, next.lastSettled())
                            .bind("updatedAt" + row, UtcTimes.column(next.updatedAt()))
                            .bind("revision" + row, next.revision());
                }
                return update.execute();
            });
            if (updated != chunk.size()) {
                throw new ConcurrentUpdate(chunk.size() - updated + " of " + chunk.size() + " schedules");
            }
        }
    }

    /** The UPDATE of {@link #updateAll} for {@code rows} schedules, made once for each size. */
    private static String stateUpdate(int rows) {
        return STATE_UPDATES.computeIfAbsent(rows, n -> {
            StringBuilder sql = new StringBuilder("UPDATE schedules SET ");
            String[][] columns = {{"enabled", "enabled"}, {"paused_reason", "pausedReason"},
                    {"consecutive_failures", "consecutiveFailures"}, {"next_occurrence", "nextOccurrence"},
                    {"next_fire_at", "nextFireAt"}, {"buffered", "buffered"}, {"last_execution", "lastExecution"},
                    {"last_settled", "lastSettled"}, {"updated_at", "updatedAt"}, {"revision", "revision"}};
            for (int c = 0; c < columns.length; c++) {
                sql.append(c == 0 ? "" : ", ").append(columns[c][0]).append(" = ").append(byId(n, columns[c][1]));
            }
            sql.append(" WHERE id IN (");
            for (int row = 0; row < n; row++) {
                sql.append(row == 0 ? ":id" : ", :id").append(row);
            }
            return sql.append(") AND revision = ").append(byId(n, "current")).toString();
        });
    }

    private static String byId(int rows, String parameter) {
        StringBuilder sql = new StringBuilder("CASE id");
        for (int row = 0; row < rows; row++) {
            sql.append(" WHEN :id").append(row).append(" THEN :").append(parameter).append(row);
        }
        return sql.append(" END").toString();
    }

    /** One INSERT per {@value #ROWS_A_STATEMENT} occurrences; a duplicate fails the statement, and so the transaction. */
    @Override
    public void recordAll(List<OwnedOccurrence> recorded) {
        for (int from = 0; from < recorded.size(); from += ROWS_A_STATEMENT) {
            List<OwnedOccurrence> chunk = recorded.subList(from, Math.min(recorded.size(), from + ROWS_A_STATEMENT));
            StringBuilder sql = new StringBuilder("INSERT INTO schedule_occurrences (" + OCCURRENCE_COLUMNS + ") VALUES ");
            for (int row = 0; row < chunk.size(); row++) {
                sql.append(row == 0 ? "" : ", ").append(OCCURRENCE_ROW.replace("#", Integer.toString(row)));
            }
            try {
                jdbi.useHandle(handle -> {
                    var insert = handle.createUpdate(sql.toString());
                    for (int row = 0; row < chunk.size(); row++) {
                        Occurrence occurrence = chunk.get(row).occurrence();
                        insert.bind("scheduleId" + row, occurrence.schedule().value())
                                .bind("scheduledAt" + row, UtcTimes.column(occurrence.scheduledAt()))
                                .bind("userId" + row, chunk.get(row).owner().value())
                                .bind("firedAt" + row, UtcTimes.column(occurrence.firedAt()))
                                .bind("outcome" + row, occurrence.outcome().wire())
                                .bind("executionId" + row, occurrence.execution() == null ? null
                                        : occurrence.execution().value())
                                .bind("reason" + row, truncated(occurrence.reason(), MAX_REASON));
                    }
                    insert.execute();
                });
            } catch (UnableToExecuteStatementException e) {
                if (!DuplicateKeys.isViolation(e)) {
                    throw e;
                }
                throw new ConcurrentUpdate("one of " + chunk.size() + " occurrences, recorded already");
            }
        }
    }

    @Override
    public java.util.Map<ScheduleId, java.util.Set<Instant>> recorded(java.util.Collection<ScheduleId> ids,
                                                                     Instant from, Instant to) {
        java.util.Map<ScheduleId, java.util.Set<Instant>> found = new java.util.HashMap<>();
        List<String> all = ids.stream().map(ScheduleId::value).distinct().toList();
        int perQuery = embedded ? 1 : ROWS_A_STATEMENT;
        jdbi.useHandle(handle -> {
            for (int start = 0; start < all.size(); start += perQuery) {
                List<String> chunk = all.subList(start, Math.min(all.size(), start + perQuery));
                handle.createQuery(embedded ? RECORDED_OF_ONE : RECORDED)
                        .bindList("ids", chunk)
                        .bind("from", UtcTimes.column(from))
                        .bind("to", UtcTimes.column(to))
                        .map((row, context) -> java.util.Map.entry(new ScheduleId(row.getString("schedule_id")),
                                UtcTimes.read(row, "scheduled_at")))
                        .forEach(hit -> found.computeIfAbsent(hit.getKey(), id -> new java.util.HashSet<>())
                                .add(hit.getValue()));
            }
        });
        return found;
    }

    @Override
    public List<Schedule> withBuffered(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM schedules WHERE buffered IS NOT NULL AND enabled = TRUE ORDER BY buffered, id LIMIT :limit")
                .bind("limit", limit)
                .map(JdbiScheduleRepository::read)
                .list());
    }

    @Override
    public List<Schedule> ofWorkflow(UserId owner, String projectKey) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM schedules WHERE user_id = :userId AND project_key = :projectKey ORDER BY created_at, id")
                .bind("userId", owner.value())
                .bind("projectKey", projectKey)
                .map(JdbiScheduleRepository::read)
                .list());
    }

    @Override
    public boolean record(Occurrence occurrence) {
        try {
            return jdbi.withHandle(handle -> handle.createUpdate("INSERT INTO schedule_occurrences (" + OCCURRENCE_COLUMNS
                            + ") SELECT :scheduleId, :scheduledAt, user_id, :firedAt, :outcome, :executionId, :reason"
                            + " FROM schedules WHERE id = :scheduleId")
                    .bind("scheduleId", occurrence.schedule().value())
                    .bind("scheduledAt", UtcTimes.column(occurrence.scheduledAt()))
                    .bind("firedAt", UtcTimes.column(occurrence.firedAt()))
                    .bind("outcome", occurrence.outcome().wire())
                    .bind("executionId", occurrence.execution() == null ? null : occurrence.execution().value())
                    .bind("reason", truncated(occurrence.reason(), MAX_REASON))
                    .execute()) == 1;   // none: the schedule is gone
        } catch (UnableToExecuteStatementException e) {
            if (!DuplicateKeys.isViolation(e)) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public Optional<Occurrence> occurrence(ScheduleId id, Instant scheduledAt) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + OCCURRENCE_COLUMNS
                        + " FROM schedule_occurrences WHERE schedule_id = :id AND scheduled_at = :at")
                .bind("id", id.value())
                .bind("at", UtcTimes.column(scheduledAt))
                .map(JdbiScheduleRepository::readOccurrence)
                .findOne());
    }

    @Override
    public Page<Occurrence> occurrences(ScheduleId id, PageRequest page) {
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT COUNT(*) FROM schedule_occurrences WHERE schedule_id = :id")
                    .bind("id", id.value())
                    .mapTo(Long.class)
                    .one();
            Position after = page.after();
            var query = handle.createQuery("SELECT " + OCCURRENCE_COLUMNS + " FROM schedule_occurrences"
                            + " WHERE schedule_id = :id" + (after == null ? "" : " AND scheduled_at < :time")
                            + " ORDER BY schedule_id DESC, scheduled_at DESC LIMIT :limit OFFSET :offset")
                    .bind("id", id.value())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset());
            if (after != null) {
                query.bind("time", UtcTimes.column(after.time()));
            }
            List<Occurrence> window = query.map(JdbiScheduleRepository::readOccurrence).list();
            return Page.ofWindow(total, page, window, o -> new Position(o.scheduledAt(), o.schedule().value()));
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Schedule schedule) {
        ScheduleDefinition d = schedule.definition();
        return statement
                .bind("id", schedule.id().value())
                .bind("userId", schedule.owner().value())
                .bind("projectId", d.projectId().value())
                .bind("projectKey", d.projectId().key())
                .bind("params", d.params())
                .bind("cron", d.cron() == null ? null : d.cron().text())
                .bind("intervalSeconds", d.interval() == null ? null : d.interval().toSeconds())
                .bind("timezone", d.zone().getId())
                .bind("startAt", UtcTimes.column(d.startAt()))
                .bind("endAt", UtcTimes.column(d.endAt()))
                .bind("jitterSeconds", (int) d.jitter().toSeconds())
                .bind("target", d.target().key())
                .bind("timeoutSeconds", d.timeoutSeconds())
                .bind("enabled", d.enabled())
                .bind("overlap", d.overlap().wire())
                .bind("catchupWindowSeconds", (int) d.catchupWindow().toSeconds())
                .bind("pauseAfterFailures", d.pauseAfterFailures())
                .bind("pausedReason", truncated(schedule.pausedReason(), MAX_PAUSED_REASON))
                .bind("consecutiveFailures", schedule.consecutiveFailures())
                .bind("nextOccurrence", UtcTimes.column(schedule.nextOccurrence()))
                .bind("nextFireAt", UtcTimes.column(schedule.nextFireAt().orElse(null)))
                .bind("buffered", UtcTimes.column(schedule.buffered()))
                .bind("lastExecution", schedule.lastExecution() == null ? null : schedule.lastExecution().value())
                .bind("lastSettled", schedule.lastSettled())
                .bind("createdAt", UtcTimes.column(schedule.createdAt()))
                .bind("updatedAt", UtcTimes.column(schedule.updatedAt()))
                .bind("revision", schedule.revision());
    }

    private static Schedule read(ResultSet row, StatementContext context) throws SQLException {
        String cron = row.getString("cron");
        long interval = row.getLong("interval_seconds");
        boolean everySeconds = !row.wasNull();
        Integer timeout = row.getObject("timeout_seconds", Integer.class);
        Integer pauseAfter = row.getObject("pause_after_failures", Integer.class);
        String last = row.getString("last_execution");
        ScheduleDefinition definition = new ScheduleDefinition(new ProjectId(row.getString("project_id")),
                row.getString("params"), cron == null ? null : CronExpression.parse("cron", cron),
                everySeconds ? Duration.ofSeconds(interval) : null, ZoneId.of(row.getString("timezone")),
                UtcTimes.read(row, "start_at"), UtcTimes.read(row, "end_at"),
                Duration.ofSeconds(row.getInt("jitter_seconds")), RobotTarget.ofKey(row.getString("target")), timeout,
                row.getBoolean("enabled"), Overlap.of("overlap", row.getString("overlap_policy")),
                Duration.ofSeconds(row.getInt("catchup_window_seconds")), pauseAfter);
        return new Schedule(new ScheduleId(row.getString("id")), new UserId(row.getString("user_id")), definition,
                UtcTimes.read(row, "created_at"), UtcTimes.read(row, "updated_at"), UtcTimes.read(row, "next_occurrence"),
                UtcTimes.read(row, "buffered"), last == null ? null : new ExecutionId(last), row.getBoolean("last_settled"),
                row.getInt("consecutive_failures"), row.getString("paused_reason"), row.getLong("revision"));
    }

    private static Occurrence readOccurrence(ResultSet row, StatementContext context) throws SQLException {
        String execution = row.getString("execution_id");
        return new Occurrence(new ScheduleId(row.getString("schedule_id")), UtcTimes.read(row, "scheduled_at"),
                UtcTimes.read(row, "fired_at"),
                Occurrence.Outcome.valueOf(row.getString("outcome").toUpperCase(java.util.Locale.ROOT)),
                execution == null ? null : new ExecutionId(execution), row.getString("reason"));
    }

    private static String truncated(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
