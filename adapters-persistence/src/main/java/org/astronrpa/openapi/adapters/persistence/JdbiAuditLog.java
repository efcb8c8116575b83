package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * The audit log in {@code audit_events} (V23). Appends join the transaction of the change they record (Jdbi hands a
 * nested call the outermost handle); a page reads one owner's index in order, newest first, by keyset after a
 * position; the purge deletes the oldest rows a batch at a time.
 */
public final class JdbiAuditLog implements AuditLog {
    /** The longest reason kept: the rest is cut (reasons are the service's own sentences, short but for a few). */
    static final int MAX_REASON = 1000;
    private static final String COLUMNS = """
            id, owner, occurred_at, actor_type, actor_id, actor_user, key_id, key_prefix, robot_id, schedule_id, action,
            resource_type, resource_id, project_id, outcome, reason, source_ip, request_id""";
    private static final String ROW = """
            (:id#, :owner#, :at#, :actorType#, :actorId#, :actorUser#, :keyId#, :keyPrefix#, :robotId#, :scheduleId#,
             :action#, :resourceType#, :resourceId#, :projectId#, :outcome#, :reason#, :sourceIp#, :requestId#)""";
    /**
     * Entries an INSERT writes: a burst of schedule fires appends a few hundred in one transaction, and one statement of
     * many rows is one round trip where a batch of prepared statements is one a row.
     */
    private static final int ROWS_A_STATEMENT = 100;
    private static final Map<Integer, String> INSERTS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Jdbi jdbi;

    public JdbiAuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void append(List<AuditEvent> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> {
            for (int from = 0; from < entries.size(); from += ROWS_A_STATEMENT) {
                List<AuditEvent> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_A_STATEMENT));
                Update insert = handle.createUpdate(INSERTS.computeIfAbsent(chunk.size(), JdbiAuditLog::insertOf));
                for (int row = 0; row < chunk.size(); row++) {
                    bind(insert, chunk.get(row), Integer.toString(row));
                }
                insert.execute();
            }
        });
    }

    /** The INSERT of {@code rows} entries, made once for each size. */
    private static String insertOf(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO audit_events (").append(COLUMNS).append(") VALUES ");
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "" : ", ").append(ROW.replace("#", Integer.toString(row)));
        }
        return sql.toString();
    }

    private static void bind(Update insert, AuditEvent e, String row) {
        Actor actor = e.actor();
        insert.bind("id" + row, e.id())
                .bind("owner" + row, e.owner() == null ? null : e.owner().value())
                .bind("at" + row, UtcTimes.column(e.occurredAt()))
                .bind("actorType" + row, actor.type().wire())
                .bind("actorId" + row, actor.id())
                .bind("actorUser" + row, actor.user() == null ? null : actor.user().value())
                .bind("keyId" + row, actor.keyId())
                .bind("keyPrefix" + row, actor.keyPrefix())
                .bind("robotId" + row, actor.robotId())
                .bind("scheduleId" + row, actor.scheduleId())
                .bind("action" + row, e.action())
                .bind("resourceType" + row, e.resourceType())
                .bind("resourceId" + row, e.resourceId())
                .bind("projectId" + row, e.projectId())
                .bind("outcome" + row, e.outcome().wire())
                .bind("reason" + row, cut(e.reason()))
                .bind("sourceIp" + row, e.sourceIp())
                .bind("requestId" + row, e.requestId());
    }

    @Override
    public Page<AuditEvent> page(AuditQuery q, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_events WHERE owner = :owner");
        Map<String, Object> binds = new HashMap<>();
        binds.put("owner", q.owner().value());
        where(sql, binds, "actor_type = :actorType", "actorType", q.actorType() == null ? null : q.actorType().wire());
        where(sql, binds, "actor_id = :actorId", "actorId", q.actorId());
        where(sql, binds, "action = :action", "action", q.action());
        // a kind is letters and '_', which LIKE would take for any character
        where(sql, binds, "action LIKE :actionKind ESCAPE '!'", "actionKind",
                q.actionKind() == null ? null : q.actionKind().replace("_", "!_") + ".%");
        where(sql, binds, "resource_type = :resourceType", "resourceType", q.resourceType());
        where(sql, binds, "resource_id = :resourceId", "resourceId", q.resourceId());
        where(sql, binds, "occurred_at >= :from", "from", UtcTimes.column(q.from()));
        where(sql, binds, "occurred_at < :to", "to", UtcTimes.column(q.to()));
        Position after = page.after();
        if (after != null) {
            sql.append(" AND (occurred_at < :afterTime OR occurred_at = :afterTime AND id < :afterId)");
            binds.put("afterTime", UtcTimes.column(after.time()));
            binds.put("afterId", after.id());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset");
        binds.put("limit", page.pageSize() + 1);
        binds.put("offset", page.offset());
        List<AuditEvent> window = jdbi.withHandle(handle -> handle.createQuery(sql.toString()).bindMap(binds)
                .map((row, ctx) -> entry(row)).list());
        return Page.ofWindow(null, page, window, e -> new Position(e.occurredAt(), e.id()));
    }

    /** Adds {@code condition} and its one parameter {@code name} when the filter has a {@code value}. */
    private static void where(StringBuilder sql, Map<String, Object> binds, String condition, String name,
                              Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            binds.put(name, value);
        }
    }

    @Override
    public int purgeBefore(Instant cutoff, int limit) {
        // the oldest rows first, a batch at a time (a DELETE … LIMIT on MySQL/MariaDB; H2's by the ids it selects)
        return jdbi.withHandle(handle -> {
            List<String> ids = handle.createQuery(
                            "SELECT id FROM audit_events WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :limit")
                    .bind("cutoff", UtcTimes.column(cutoff)).bind("limit", limit).mapTo(String.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            return handle.createUpdate("DELETE FROM audit_events WHERE id IN (<ids>)").bindList("ids", ids).execute();
        });
    }

    private static AuditEvent entry(ResultSet row) throws SQLException {
        String owner = row.getString("owner");
        String actorUser = row.getString("actor_user");
        Actor actor = new Actor(Actor.Type.ofWire(row.getString("actor_type")),
                actorUser == null ? null : new UserId(actorUser), row.getString("key_id"), row.getString("key_prefix"),
                row.getString("robot_id"), row.getString("schedule_id"));
        return new AuditEvent(row.getString("id"), UtcTimes.read(row, "occurred_at"),
                owner == null ? null : new UserId(owner), actor, row.getString("action"),
                row.getString("resource_type"), row.getString("resource_id"), row.getString("project_id"),
                AuditEvent.Outcome.valueOf(row.getString("outcome").toUpperCase(java.util.Locale.ROOT)),
                row.getString("reason"), row.getString("source_ip"), row.getString("request_id"));
    }

    private static String cut(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
