package org.astronrpa.openapi.adapters.persistence;

import java.util.List;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** One owner's executions matching a filter: the true count and one page, newest first. */
final class ExecutionListQuery {
    private final UserId owner;
    private final ExecutionFilter filter;
    private final String conditions;

    ExecutionListQuery(UserId owner, ExecutionFilter filter) {
        this.owner = owner;
        this.filter = filter;
        this.conditions = "user_id = :owner"
                + (filter.projectId() == null ? "" : " AND project_key = :projectKey")
                + (filter.status() == null ? "" : " AND status = :status");
    }

    Page<Execution> run(Jdbi jdbi, PageRequest page, RowMapper<Execution> rows) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            long total = bound(handle.createQuery("SELECT COUNT(*) AS total FROM executions WHERE " + conditions))
                    .mapTo(Long.class)
                    .one();
            List<Execution> records = bound(handle.createQuery("SELECT " + ExecutionRows.COLUMNS
                            + " FROM executions WHERE " + conditions + newestFirst()
                            + " LIMIT :limit OFFSET :offset"))
                    .bind("limit", page.pageSize())
                    .bind("offset", page.offset())
                    .map(rows)
                    .list();
            return new Page<>(total, page, records);
        });
    }

    /**
     * By start time then id, descending. H2 reads an index in order only when ORDER BY also names the index's
     * leading columns, which the conditions fix; without them it sorts all the owner's executions for each page.
     */
    private String newestFirst() {
        String leading;
        if (filter.projectId() != null && filter.status() != null) {
            leading = "";
        } else if (filter.projectId() != null) {
            leading = "user_id DESC, project_key DESC, ";
        } else if (filter.status() != null) {
            leading = "user_id DESC, status DESC, ";
        } else {
            leading = "user_id DESC, ";
        }
        return " ORDER BY " + leading + "start_time DESC, id DESC";
    }

    private Query bound(Query query) {
        query.bind("owner", owner.value());
        if (filter.projectId() != null) {
            query.bind("projectKey", filter.projectId().key());
        }
        if (filter.status() != null) {
            query.bind("status", filter.status().name());
        }
        return query;
    }
}
