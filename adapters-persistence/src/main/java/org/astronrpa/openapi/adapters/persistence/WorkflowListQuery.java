package org.astronrpa.openapi.adapters.persistence;

import java.util.List;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** One owner's workflows matching a filter: the true count and one page, newest first, by number or after a position. */
final class WorkflowListQuery {
    /** Not {@code \}: MySQL also reads a backslash as an escape in literals, H2 does not. */
    private static final char ESCAPE = '!';

    private final UserId owner;
    private final WorkflowFilter filter;
    private final String conditions;

    WorkflowListQuery(UserId owner, WorkflowFilter filter) {
        this.owner = owner;
        this.filter = filter;
        this.conditions = "user_id = :owner"
                + (filter.status() == null ? "" : " AND status = :status")
                + (filter.query() == null ? ""
                        : " AND (name LIKE :pattern ESCAPE '" + ESCAPE + "' OR english_name LIKE :pattern ESCAPE '" + ESCAPE + "')")
                // an API key's allow-list: its stored rows (V22), probed by primary key for each candidate row; a list
                // given as such (at most 1,000 keys) is bound one by one
                + (filter.allowListOf() != null ? " AND EXISTS (SELECT 1 FROM api_key_workflows a"
                        + " WHERE a.key_id = :allowListOf AND a.project_key = workflows.project_key)"
                        : filter.keys() == null ? "" : " AND project_key IN (<keys>)");
    }

    /**
     * The page, newest first by creation time then project key (exact: ids that differ only in ways MariaDB's
     * collation ignores still have an order), one more row to know whether another page follows.
     */
    Page<Workflow> run(Jdbi jdbi, PageRequest page, RowMapper<Workflow> rows) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            long total = bound(handle.createQuery("SELECT COUNT(*) AS total FROM workflows WHERE " + conditions))
                    .mapTo(Long.class)
                    .one();
            String after = page.after() == null ? ""
                    : " AND created_at <= :afterTime AND (created_at < :afterTime OR project_key < :afterKey)";
            Query query = bound(handle.createQuery("SELECT " + WorkflowRows.COLUMNS
                    + " FROM workflows WHERE " + conditions + after
                    + " ORDER BY created_at DESC, project_key DESC LIMIT :limit OFFSET :offset"));
            if (page.after() != null) {
                query.bind("afterTime", UtcTimes.column(page.after().time())).bind("afterKey", page.after().id());
            }
            List<Workflow> window = query.bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset())
                    .map(rows)
                    .list();
            return Page.ofWindow(total, page, window, w -> new Position(w.createdAt(), w.projectId().key()));
        });
    }

    private Query bound(Query query) {
        query.bind("owner", owner.value());
        if (filter.status() != null) {
            query.bind("status", filter.status().code());
        }
        if (filter.query() != null) {
            query.bind("pattern", "%" + escapeLike(filter.query()) + "%");
        }
        if (filter.allowListOf() != null) {
            query.bind("allowListOf", filter.allowListOf());
        } else if (filter.keys() != null) {
            query.bindList("keys", List.copyOf(filter.keys()));
        }
        return query;
    }

    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
