package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Executions in the {@code executions} table; every change is checked against the stored version. Each insert and
 * status change also moves the owner's count in {@code execution_counts} (V10), in the same transaction, so that a
 * list's total is read, not counted.
 */
public final class JdbiExecutionRepository implements ExecutionRepository {
    private static final ExecutionRows ROWS = new ExecutionRows();
    private static final String SELECT = "SELECT " + ExecutionRows.COLUMNS + " FROM executions ";
    /** The statements moving one and two counts (an insert, a change of status), made once. */
    private static final List<String> MOVES = List.of(movesOf(1), movesOf(2));
    private static final Comparator<CountKey> KEY_ORDER = Comparator.comparing(CountKey::owner)
            .thenComparing(CountKey::projectKey).thenComparing(CountKey::status);

    private static final String INSERT = """
            INSERT INTO executions (id, project_id, project_key, user_id, status, params, result, error, error_code,
                                    exec_position, robot_id, event_id, start_time, dispatched_at, end_time,
                                    timeout_seconds, dispatch_deadline, deadline_at, version, target, batch_id, callback,
                                    workflow_revision, robot_confirms_stops, stop_confirmed_at)
            VALUES """;
    /** The values of one row of {@link #INSERT}, its parameters named with {@code #} replaced by the row's number. */
    private static final String INSERT_ROW = """
            (:id#, :projectId#, :projectKey#, :userId#, :status#, :params#, :result#, :error#, :errorCode#,
             :execPosition#, :robotId#, :eventId#, :startTime#, :dispatchedAt#, :endTime#,
             :timeoutSeconds#, :dispatchDeadline#, :deadlineAt#, :version#, :target#, :batchId#, :callback#,
             :workflowRevision#, :robotConfirmsStops#, :stopConfirmedAt#)""";
    /** Executions an INSERT of {@link #insertAll} writes, or a read of {@link #findAll} reads. */
    private static final int ROWS_A_STATEMENT = 100;

    private final Jdbi jdbi;
    private final boolean embedded;

    /** @param embedded H2: the list reads name no index (see {@link ExecutionListQuery}) */
    public JdbiExecutionRepository(Jdbi jdbi, boolean embedded) {
        this.jdbi = jdbi;
        this.embedded = embedded;
    }

    @Override
    public void insert(Execution execution) {
        insertAll(List.of(execution));
    }

    /**
     * One INSERT per {@value #ROWS_A_STATEMENT} executions, and the counts they add moved together (one statement on
     * MySQL/MariaDB).
     */
    @Override
    public void insertAll(List<Execution> executions) {
        if (executions.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> {
            for (int from = 0; from < executions.size(); from += ROWS_A_STATEMENT) {
                List<Execution> chunk = executions.subList(from, Math.min(executions.size(), from + ROWS_A_STATEMENT));
                StringBuilder sql = new StringBuilder(INSERT);
                for (int row = 0; row < chunk.size(); row++) {
                    sql.append(row == 0 ? "" : ", ").append(INSERT_ROW.replace("#", Integer.toString(row)));
                }
                var insert = handle.createUpdate(sql.toString());
                for (int row = 0; row < chunk.size(); row++) {
                    ExecutionRows.bind(insert, chunk.get(row), Integer.toString(row));
                }
                insert.execute();
            }
            Map<CountKey, Integer> added = new java.util.HashMap<>();
            executions.forEach(execution -> added.merge(CountKey.of(execution), 1, Integer::sum));
            moveCounts(handle, added);
        });
    }

    @Override
    public Map<ExecutionId, Execution> findAll(java.util.Collection<ExecutionId> ids) {
        List<String> all = ids.stream().map(ExecutionId::value).distinct().toList();
        Map<ExecutionId, Execution> found = new java.util.HashMap<>();
        for (int from = 0; from < all.size(); from += ROWS_A_STATEMENT) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + ROWS_A_STATEMENT));
            jdbi.useHandle(handle -> handle.createQuery(SELECT + "WHERE id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map(ROWS)
                    .forEach(execution -> found.put(execution.id(), execution)));
        }
        return found;
    }

    @Override
    public Optional<Execution> find(ExecutionId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + "WHERE id = :id")
                .bind("id", id.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<Execution> findByEventId(String eventId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + "WHERE event_id = :eventId")
                .bind("eventId", eventId)
                .map(ROWS)
                .findOne());
    }

    /**
     * Writes every column, not a guess at what transitions change (postponing moves the dispatch deadline); a new
     * status moves the counts, both in one statement and in status order, so that two changes moving the same two
     * counts lock them in the same order. A deadlock or lock timeout there is a lost race: the caller's transaction
     * is rolled back and the change decided again.
     */
    @Override
    public void update(Execution current, Execution next) {
        if (!next.id().equals(current.id()) || next.version() != current.version() + 1) {
            throw new IllegalArgumentException("execution " + next.id().value() + " v" + next.version()
                    + " is not the next version of " + current.id().value() + " v" + current.version());
        }
        jdbi.useHandle(handle -> {
            int updated = ExecutionRows.bind(handle.createUpdate("""
                            UPDATE executions
                               SET project_id = :projectId, project_key = :projectKey, user_id = :userId, status = :status, params = :params,
                                   result = :result, error = :error, error_code = :errorCode,
                                   exec_position = :execPosition, robot_id = :robotId, event_id = :eventId,
                                   start_time = :startTime, dispatched_at = :dispatchedAt, end_time = :endTime,
                                   timeout_seconds = :timeoutSeconds, dispatch_deadline = :dispatchDeadline,
                                   deadline_at = :deadlineAt, version = :version,
                                   robot_confirms_stops = :robotConfirmsStops, stop_confirmed_at = :stopConfirmedAt
                             WHERE id = :id AND version = :expectedVersion"""), next)
                    .bind("expectedVersion", current.version())
                    .execute();
            if (updated == 0) {
                throw new ConcurrentUpdate("execution '" + next.id().value() + "'");
            }
            if (current.status() != next.status()) {
                try {
                    moveCounts(handle, Map.of(CountKey.of(current), -1, CountKey.of(next), 1));
                } catch (RuntimeException e) {
                    if (DuplicateKeys.isLostRace(e)) {
                        throw new ConcurrentUpdate("the counts of execution '" + current.id().value() + "'");
                    }
                    throw e;
                }
            }
        });
    }

    /** Which count: an owner's executions of one workflow in one status. */
    private record CountKey(String owner, String projectKey, String status) {
        static CountKey of(Execution execution) {
            return new CountKey(execution.ownerId().value(), execution.projectId().key(), execution.status().name());
        }
    }

    /**
     * Moves counts by their deltas, in key order (owner, workflow, status): two transactions moving the same counts
     * lock them in the same order. On MySQL/MariaDB in one statement that makes a count on first use; on H2 by
     * updating each row, made with its workflow (V11, {@link JdbiWorkflowRepository#insert}) — a count row without one
     * is made here. H2 must not meet a duplicate key on these rows: a transaction that had a failed statement makes the
     * transactions waiting for its locks spin, and on virtual threads spinners can hold every carrier (V11 tells).
     */
    private void moveCounts(Handle handle, Map<CountKey, Integer> deltas) {
        List<Map.Entry<CountKey, Integer>> ordered = deltas.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(KEY_ORDER)).toList();
        if (embedded) {
            for (Map.Entry<CountKey, Integer> move : ordered) {
                CountKey key = move.getKey();
                int moved = handle.createUpdate("""
                                UPDATE execution_counts SET n = n + :delta
                                 WHERE user_id = :owner0 AND project_key = :projectKey0 AND status = :status0""")
                        .bind("owner0", key.owner()).bind("projectKey0", key.projectKey())
                        .bind("status0", key.status()).bind("delta", move.getValue())
                        .execute();
                if (moved == 0) {
                    handle.createUpdate(MOVES.get(0)).bind("owner0", key.owner()).bind("projectKey0", key.projectKey())
                            .bind("status0", key.status()).bind("delta0", move.getValue()).execute();
                }
            }
            return;
        }
        var update = handle.createUpdate(ordered.size() <= MOVES.size() ? MOVES.get(ordered.size() - 1)
                : movesOf(ordered.size()));
        for (int row = 0; row < ordered.size(); row++) {
            CountKey key = ordered.get(row).getKey();
            update.bind("owner" + row, key.owner()).bind("projectKey" + row, key.projectKey())
                    .bind("status" + row, key.status()).bind("delta" + row, ordered.get(row).getValue());
        }
        update.execute();
    }

    /** The statement moving {@code rows} counts, the parameters of row {@code i} named with the suffix {@code i}. */
    private static String movesOf(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO execution_counts (user_id, project_key, status, n) VALUES ");
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "" : ", ").append("(:owner").append(row).append(", :projectKey").append(row)
                    .append(", :status").append(row).append(", :delta").append(row).append(")");
        }
        return sql.append(" ON DUPLICATE KEY UPDATE n = n + VALUES(n)").toString();
    }

    @Override
    public Page<Execution> page(UserId owner, ExecutionFilter filter, PageRequest page) {
        return new ExecutionListQuery(owner, filter, page, embedded).run(jdbi, ROWS);
    }

    /**
     * The owner's head, read from the index alone on both databases, which want it asked differently (as the list
     * queries, see ExecutionListQuery): H2 only with the fixed columns leading the ORDER BY; MariaDB only without them —
     * named, with the owner bound in Connector/J's collation (not user_id's exact one), it sorted the owner's whole queue
     * for each head, 20-120 ms with 100,000 queued. There the index is named too (it has the same leading columns as the
     * queue-by-target index).
     */
    @Override
    public Optional<Execution> oldestPending(UserId owner) {
        return jdbi.withHandle(handle -> handle.createQuery(select("ix_executions_user_status_start")
                        + "WHERE user_id = :owner AND status = :pending ORDER BY "
                        + (embedded ? "user_id, status, " : "") + "start_time, id LIMIT 1")
                .bind("owner", owner.value())
                .bind("pending", ExecutionStatus.PENDING.name())
                .map(ROWS)
                .findOne());
    }

    /** {@link #SELECT} reading through {@code index} on MySQL/MariaDB; as it is on H2, which chooses well. */
    private String select(String index) {
        return embedded ? SELECT : SELECT.replace("FROM executions ", "FROM executions FORCE INDEX (" + index + ") ");
    }

    @Override
    public java.util.Map<RobotTarget, Long> pendingByTarget(UserId owner) {
        return jdbi.withHandle(handle -> {
            java.util.Map<RobotTarget, Long> counts = new java.util.HashMap<>();
            handle.createQuery("""
                            SELECT target, COUNT(*) AS pending FROM executions
                             WHERE user_id = :owner AND status = :pending GROUP BY target""")
                    .bind("owner", owner.value())
                    .bind("pending", ExecutionStatus.PENDING.name())
                    .map((row, ctx) -> java.util.Map.entry(RobotTarget.ofKey(row.getString("target")), row.getLong("pending")))
                    .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
            return counts;
        });
    }

    @Override
    public List<TargetDepth> deepestTargets(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT target, COUNT(*) AS pending FROM executions WHERE status = :pending
                         GROUP BY target ORDER BY pending DESC, target LIMIT :limit""")
                .bind("pending", ExecutionStatus.PENDING.name())
                .bind("limit", limit)
                .map((row, ctx) -> new TargetDepth(RobotTarget.ofKey(row.getString("target")), row.getLong("pending")))
                .list());
    }

    @Override
    public List<QueuedTarget> pendingTargets(UserId owner, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT target, MIN(start_time) AS oldest FROM executions
                         WHERE user_id = :owner AND status = :pending GROUP BY target ORDER BY oldest LIMIT :limit""")
                .bind("owner", owner.value())
                .bind("pending", ExecutionStatus.PENDING.name())
                .bind("limit", limit)
                .map((row, ctx) -> new QueuedTarget(RobotTarget.ofKey(row.getString("target")),
                        UtcTimes.read(row, "oldest")))
                .list());
    }

    /** Asked of each database as the owner's head is ({@link #oldestPending(UserId)}). */
    @Override
    public Optional<Execution> oldestPending(UserId owner, RobotTarget target) {
        return jdbi.withHandle(handle -> handle.createQuery(select("ix_executions_user_status_target_start")
                        + "WHERE user_id = :owner AND status = :pending AND target = :target ORDER BY "
                        + (embedded ? "user_id, status, target, " : "") + "start_time, id LIMIT 1")
                .bind("owner", owner.value())
                .bind("pending", ExecutionStatus.PENDING.name())
                .bind("target", target.key())
                .map(ROWS)
                .findOne());
    }

    @Override
    public List<Execution> running(UserId owner, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + "WHERE user_id = :owner AND status = :running ORDER BY dispatched_at, id LIMIT :limit")
                .bind("owner", owner.value())
                .bind("running", ExecutionStatus.RUNNING.name())
                .bind("limit", limit)
                .map(ROWS)
                .list());
    }

    /**
     * Read from the counts (V10), moved in the transaction of every insert and status change: a few rows an owner,
     * where the executions' index would be walked over every queued execution (57,000 rows a call were measured with
     * 40,000 queued on MariaDB, whose optimizer does not skip through the index for this DISTINCT).
     */
    @Override
    public List<UserId> ownersWithPending(UserId after, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT user_id FROM execution_counts WHERE status = :pending AND n > 0 AND user_id > :after
                         GROUP BY user_id ORDER BY user_id LIMIT :limit""")
                .bind("pending", ExecutionStatus.PENDING.name())
                .bind("after", after == null ? "" : after.value())
                .bind("limit", limit)
                .map((row, context) -> new UserId(row.getString("user_id")))
                .list());
    }

    /** Terminal executions have no deadline (NULL), so the deadline alone picks the live ones. */
    @Override
    public List<Execution> overdue(Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + "WHERE deadline_at <= :now ORDER BY deadline_at, id LIMIT :limit")
                .bind("now", UtcTimes.column(now))
                .bind("limit", limit)
                .map(ROWS)
                .list());
    }

    /** What makes an execution due for the purge: read once to find it, again under the lock before deleting it. */
    private static final String DUE = "end_time < :endedBefore AND start_time < :startedBefore";

    /**
     * The due ids, read along {@code ix_executions_end} alone and in its order, on both databases, without a lock.
     * Only a finished execution has an end time (Execution's invariant: PENDING and RUNNING have none), so a status
     * guard adds nothing — on H2 one made the planner read every finished execution by the status index and sort
     * them. Unlocked because H2 reads (and locks) the whole due range under FOR UPDATE before the LIMIT: 20 s a batch
     * at 1,000,000 executions. Which of equal ends goes first does not matter.
     */
    @Override
    public List<ExecutionId> dueForPurge(Instant endedBefore, Instant startedBefore, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id FROM executions WHERE " + DUE + " ORDER BY end_time LIMIT :limit")
                .bind("endedBefore", UtcTimes.column(endedBefore))
                .bind("startedBefore", UtcTimes.column(startedBefore))
                .bind("limit", limit)
                .map((row, context) -> new ExecutionId(row.getString("id")))
                .list());
    }

    /**
     * Locks the given rows by primary key with the conditions read again (a locking read sees what is committed:
     * one a concurrent purge deleted is gone, so no count moves twice), deletes them and moves their counts down,
     * in key order like every other move of the counts.
     */
    @Override
    public List<ExecutionId> purge(List<ExecutionId> due, Instant endedBefore, Instant startedBefore) {
        if (due.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> {
            record Locked(String id, CountKey count) {
            }
            Map<String, Locked> locked = new java.util.HashMap<>();
            handle.createQuery("SELECT id, user_id, project_key, status FROM executions"
                            + " WHERE id IN (<ids>) AND " + DUE + " FOR UPDATE")
                    .bindList("ids", due.stream().map(ExecutionId::value).toList())
                    .bind("endedBefore", UtcTimes.column(endedBefore))
                    .bind("startedBefore", UtcTimes.column(startedBefore))
                    .map((row, context) -> new Locked(row.getString("id"), new CountKey(row.getString("user_id"),
                            row.getString("project_key"), row.getString("status"))))
                    .forEach(row -> locked.put(row.id(), row));
            List<Locked> rows = due.stream().map(id -> locked.get(id.value()))
                    .filter(java.util.Objects::nonNull).toList();
            if (rows.isEmpty()) {
                return List.of();
            }
            handle.createUpdate("DELETE FROM executions WHERE id IN (<ids>)")
                    .bindList("ids", rows.stream().map(Locked::id).toList())
                    .execute();
            Map<CountKey, Integer> moved = new java.util.HashMap<>();
            for (Locked row : rows) {
                moved.merge(row.count(), -1, Integer::sum);
            }
            moveCounts(handle, moved);
            return rows.stream().map(row -> new ExecutionId(row.id())).toList();
        });
    }

    @Override
    public Optional<Instant> oldestFinished() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT MIN(end_time) AS oldest FROM executions WHERE end_time IS NOT NULL")
                .map((row, context) -> Optional.ofNullable(UtcTimes.read(row, "oldest")))
                .one());
    }

    /** Every status, zero when none has it: summed from the counts, not counted. */
    @Override
    public Map<ExecutionStatus, Long> countByStatus() {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status, 0L);
        }
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT status, COALESCE(SUM(n), 0) AS n FROM execution_counts GROUP BY status")
                .map((row, context) -> Map.entry(ExecutionStatus.valueOf(row.getString("status")), row.getLong("n")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return Collections.unmodifiableMap(counts);
    }
}
