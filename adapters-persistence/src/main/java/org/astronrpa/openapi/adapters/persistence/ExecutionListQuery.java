package org.astronrpa.openapi.adapters.persistence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One owner's executions matching a filter: a page, newest first (start time, then id), its exact total from
 * {@code execution_counts} where the filter is counted, and whether more follow. Each page reads about its own size
 * from one index whatever the history holds: every filter {@link ExecutionFilter} allows has an index that starts
 * with its equality columns and then orders by start time, and the start-time range and a position are a range of
 * that index. Several statuses are one such read each (the database would otherwise sort all of the owner's rows of
 * those statuses), merged here on H2 and by a UNION ALL on MySQL/MariaDB. A page by number reads its offset too,
 * which the use case caps; on MySQL/MariaDB only in the index (a deferred join: the page's ids first, then their
 * rows).
 */
final class ExecutionListQuery {
    /** {@link ExecutionRows#COLUMNS} of the table named {@code e}. */
    private static final String QUALIFIED_COLUMNS = ExecutionRows.COLUMNS.replaceAll("(\\w+)", "e.$1");
    private static final Comparator<Execution> NEWEST_FIRST = Comparator.comparing(Execution::startTime)
            .thenComparing(e -> e.id().value()).reversed();

    private final UserId owner;
    private final ExecutionFilter filter;
    private final PageRequest page;
    /** MySQL/MariaDB: name the index, as the optimizer may sort by another one that also matches. */
    private final boolean hinted;

    ExecutionListQuery(UserId owner, ExecutionFilter filter, PageRequest page, boolean embedded) {
        this.owner = owner;
        this.filter = filter;
        this.page = page;
        this.hinted = !embedded;
    }

    /** One snapshot for the total and the rows, so that the two agree. */
    Page<Execution> run(Jdbi jdbi, RowMapper<Execution> rows) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            Long total = filter.counted() ? total(handle) : null;
            return Page.ofWindow(total, page, window(handle, rows), e -> new Position(e.startTime(), e.id().value()));
        });
    }

    /** The sum of the counted rows that match: a few rows of {@code execution_counts} per workflow of the owner. */
    private long total(Handle handle) {
        StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(n), 0) AS total FROM execution_counts"
                + " WHERE user_id = :owner");
        if (filter.projectId() != null) {
            sql.append(" AND project_key = :projectKey");
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (<statuses>)");
        }
        Query query = handle.createQuery(sql.toString()).bind("owner", owner.value());
        if (filter.projectId() != null) {
            query.bind("projectKey", filter.projectId().key());
        }
        if (!filter.statuses().isEmpty()) {
            query.bindList("statuses", filter.statuses().stream().map(Enum::name).sorted().toList());
        }
        return query.mapTo(Long.class).one();
    }

    /** The page's rows and one more (there is a next page when it is there). */
    private List<Execution> window(Handle handle, RowMapper<Execution> rows) {
        int wanted = page.pageSize() + 1;
        List<ExecutionStatus> statuses = filter.statuses().stream().sorted().toList();
        if (statuses.size() <= 1) {
            ExecutionStatus status = statuses.isEmpty() ? null : statuses.get(0);
            // a list of one that may be null: any status
            return hinted ? deferred(handle, java.util.Collections.singletonList(status), wanted, rows)
                    : read(handle, status, wanted, page.offset(), rows);
        }
        if (hinted) {
            return deferred(handle, statuses, wanted, rows);
        }
        // each status's first offset + wanted rows hold the merged list's first offset + wanted
        List<Execution> merged = new ArrayList<>();
        for (ExecutionStatus status : statuses) {
            merged.addAll(read(handle, status, page.offset() + wanted, 0, rows));
        }
        merged.sort(NEWEST_FIRST);
        int from = (int) Math.min(page.offset(), merged.size());
        return merged.subList(from, Math.min(merged.size(), from + wanted));
    }

    /**
     * MySQL/MariaDB: the page's ids from the index alone — it holds every column the conditions and the order name,
     * and the id — then only their rows: an offset skips index entries, not rows read in full. Several statuses are
     * one read of the index each, joined by UNION ALL and cut to the page before any row is read. A {@code null}
     * status reads any.
     */
    private List<Execution> deferred(Handle handle, List<ExecutionStatus> statuses, int wanted,
                                     RowMapper<Execution> rows) {
        StringBuilder sql = new StringBuilder("SELECT ").append(QUALIFIED_COLUMNS).append(" FROM executions e JOIN (");
        if (statuses.size() == 1) {
            sql.append(ids(statuses.get(0), 0)).append(" LIMIT :limit OFFSET :offset");
        } else {
            sql.append("SELECT id, start_time FROM (");
            for (int i = 0; i < statuses.size(); i++) {
                sql.append(i == 0 ? "(" : " UNION ALL (").append(ids(statuses.get(i), i)).append(" LIMIT :branch)");
            }
            sql.append(") u ORDER BY start_time DESC, id DESC LIMIT :limit OFFSET :offset");
        }
        sql.append(") page ON e.id = page.id ORDER BY e.start_time DESC, e.id DESC");
        Query query = bound(handle.createQuery(sql.toString()));
        for (int i = 0; i < statuses.size(); i++) {
            if (statuses.get(i) != null) {
                query.bind("status" + i, statuses.get(i).name());
            }
        }
        return query.bind("branch", page.offset() + wanted).bind("limit", wanted).bind("offset", page.offset())
                .map(rows).list();
    }

    /** The ids and start times of one status's read (the {@code i}th), newest first, by its index. */
    private String ids(ExecutionStatus status, int i) {
        return "SELECT id, start_time FROM executions FORCE INDEX (" + index(status) + ")"
                + conditions(status == null ? null : ":status" + i) + " ORDER BY start_time DESC, id DESC";
    }

    /** H2: the rows of one status (or any), by the index it reads in order. */
    private List<Execution> read(Handle handle, ExecutionStatus status, long limit, long offset,
                                 RowMapper<Execution> rows) {
        String sql = "SELECT " + ExecutionRows.COLUMNS + " FROM executions" + conditions(status == null ? null : ":status")
                + " ORDER BY " + leading(status) + "start_time DESC, id DESC LIMIT :limit OFFSET :offset";
        Query query = bound(handle.createQuery(sql));
        if (status != null) {
            query.bind("status", status.name());
        }
        return query.bind("limit", limit).bind("offset", offset).map(rows).list();
    }

    /** The WHERE clause of a read; the status compared with the parameter {@code status} when there is one. */
    private String conditions(String status) {
        StringBuilder sql = new StringBuilder(" WHERE user_id = :owner");
        if (filter.projectId() != null) {
            sql.append(" AND project_key = :projectKey");
        }
        if (status != null) {
            sql.append(" AND status = ").append(status);
        }
        if (filter.robotId() != null) {
            sql.append(" AND robot_id = :robotId");
        }
        if (filter.errorCode() != null) {
            sql.append(" AND error_code = :errorCode");
        }
        if (filter.batchId() != null) {
            sql.append(" AND batch_id = :batchId");
        }
        if (filter.startedAfter() != null) {
            sql.append(" AND start_time >= :startedAfter");
        }
        if (filter.startedBefore() != null) {
            sql.append(" AND start_time < :startedBefore");
        }
        if (page.after() != null) {
            // a range of the index up to the position, and the rows of its very millisecond after its id
            sql.append(" AND start_time <= :afterTime AND (start_time < :afterTime OR id < :afterId)");
        }
        return sql.toString();
    }

    /** Binds what {@link #conditions} names, but the status. */
    private Query bound(Query query) {
        query.bind("owner", owner.value());
        if (filter.projectId() != null) {
            query.bind("projectKey", filter.projectId().key());
        }
        if (filter.robotId() != null) {
            query.bind("robotId", filter.robotId());
        }
        if (filter.errorCode() != null) {
            query.bind("errorCode", filter.errorCode().name());
        }
        if (filter.batchId() != null) {
            query.bind("batchId", filter.batchId());
        }
        if (filter.startedAfter() != null) {
            query.bind("startedAfter", UtcTimes.column(filter.startedAfter()));
        }
        if (filter.startedBefore() != null) {
            query.bind("startedBefore", UtcTimes.column(filter.startedBefore()));
        }
        if (page.after() != null) {
            query.bind("afterTime", UtcTimes.column(page.after().time())).bind("afterId", page.after().id());
        }
        return query;
    }

    /** The index whose leading columns are this read's equality columns (V2, V5, V10, V15). */
    private String index(ExecutionStatus status) {
        if (filter.projectId() != null) {
            return status != null ? "ix_executions_user_project_status_start" : "ix_executions_user_project_key_start";
        }
        if (filter.robotId() != null) {
            return "ix_executions_user_robot_start";
        }
        if (filter.errorCode() != null) {
            return "ix_executions_user_error_start";
        }
        if (filter.batchId() != null) {
            return "ix_executions_user_batch_start";
        }
        return status != null ? "ix_executions_user_status_start" : "ix_executions_user_start";
    }

    /**
     * H2: the equality columns, descending, before the start time — H2 reads an index in order only when ORDER BY
     * names its leading columns too, which the conditions fix; without them it sorts all the owner's rows for each
     * page. MariaDB: none — named, they make it sort (a filesort of every matching row), as it does not take a
     * column compared with a parameter of another collation (Connector/J's utf8mb4_general_ci against the exact
     * utf8mb4_bin of user_id) for a constant.
     */
    private String leading(ExecutionStatus status) {
        if (hinted) {
            return "";
        }
        StringBuilder leading = new StringBuilder("user_id DESC, ");
        if (filter.projectId() != null) {
            leading.append("project_key DESC, ");
        }
        if (status != null) {
            leading.append("status DESC, ");
        }
        if (filter.robotId() != null) {
            leading.append("robot_id DESC, ");
        }
        if (filter.errorCode() != null) {
            leading.append("error_code DESC, ");
        }
        if (filter.batchId() != null) {
            leading.append("batch_id DESC, ");
        }
        return leading.toString();
    }
}
